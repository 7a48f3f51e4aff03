#!/usr/bin/perl
# I_SENDFD: never blocks (EAGAIN), EBADF, ENXIO after hangup; the sender keeps
# its descriptor and shares the open file description.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_sendfd';
unless (-x $prog) {
    print "1..0 # SKIP ", not_built('t/unit/str_sendfd', 'streams'), "\n";
    exit 0;
}
run_tap($prog);
