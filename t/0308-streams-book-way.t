#!/usr/bin/perl
# The 2e's STREAMS calls as the book makes them: pipe(2) is a stream pipe,
# open(2) of an fattach'ed name goes through connld and waits for the
# server's I_RECVFD, a 0-byte write sends nothing, fdetach never signals.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_book';
unless (-x $prog) {
    print "1..0 # SKIP t/unit/str_book not built (no STREAMS library): run make\n";
    exit 0;
}
run_tap($prog);
