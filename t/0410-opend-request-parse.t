#!/usr/bin/perl
# The open server's request parser and framing, on their own:
# see t/unit/opend_parse.c.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

run_tap(top_dir() . '/t/unit/opend_parse');
