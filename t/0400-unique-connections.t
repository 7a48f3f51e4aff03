#!/usr/bin/perl
# The socket serv_listen, serv_accept and cli_conn (3e Figures 17.8-17.10)
# and serv_accept_cred (SO_PEERCRED): see t/unit/unique_conn.c.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

run_tap(top_dir() . '/t/unit/unique_conn');
