#!/usr/bin/perl
# connld when the server is busy: more opens than its stream holds, all served.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_connld_busy';
unless (-x $prog) {
    print "1..0 # SKIP ", not_built('t/unit/str_connld_busy', 'streams'), "\n";
    exit 0;
}
run_tap($prog);
