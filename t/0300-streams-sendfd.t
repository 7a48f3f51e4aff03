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
    print "1..0 # SKIP t/unit/str_sendfd not built (no STREAMS library): run make\n";
    exit 0;
}
run_tap($prog);
