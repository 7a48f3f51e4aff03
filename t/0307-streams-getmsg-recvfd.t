#!/usr/bin/perl
# getmsg then I_RECVFD, and stream_getmsg_recvfd (both in one step): the
# descriptor sent, the sender's effective IDs, nothing lost; what getmsg
# read of a closed stream never applies to a new one with the same number.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_getmsg_recvfd';
unless (-x $prog) {
    print "1..0 # SKIP ", not_built('t/unit/str_getmsg_recvfd', 'streams'), "\n";
    exit 0;
}
run_tap($prog);
