#!/usr/bin/perl
# The rest of streamio(7I) a reader of the 2e meets: I_CANPUT, I_LIST,
# I_FIND, I_LOOK, I_PEEK, I_FLUSH, I_SRDOPT/I_GRDOPT (RNORM, RMSGD, RMSGN).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_streamio';
unless (-x $prog) {
    print "1..0 # SKIP t/unit/str_streamio not built (no STREAMS library): run make\n";
    exit 0;
}
run_tap($prog);
