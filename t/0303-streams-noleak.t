#!/usr/bin/perl
# Nothing leaks over STREAMS: unreceived descriptors close with the stream,
# and the STREAMS recv_fd closes every descriptor of a malformed reply.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_noleak';
unless (-x $prog) {
    print "1..0 # SKIP t/unit/str_noleak not built (no STREAMS library): run make\n";
    exit 0;
}
run_tap($prog);
