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
    print "1..0 # SKIP ", not_built('t/unit/str_noleak', 'streams'), "\n";
    exit 0;
}
run_tap($prog);
