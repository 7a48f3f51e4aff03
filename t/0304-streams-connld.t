#!/usr/bin/perl
# Unique connections over STREAMS: serv_listen (connld + fattach), serv_accept
# (a private pipe and the opener's effective uid), cli_conn, fdetach.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_connld';
unless (-x $prog) {
    print "1..0 # SKIP ", not_built('t/unit/str_connld', 'streams'), "\n";
    exit 0;
}
run_tap($prog);
