#!/usr/bin/perl
# read(2) of a stream in the default read modes: the rest of a long
# message kept, reads across messages, a zero-length message, EBADMSG for
# a control part or a passed descriptor, hangup, other descriptors and a
# fortified read unchanged.  write(2) of a stream: messages of 64 KB at
# most; putmsg's limits.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_read';
unless (-x $prog) {
    print "1..0 # SKIP ", not_built('t/unit/str_read', 'streams'), "\n";
    exit 0;
}
run_tap($prog);
