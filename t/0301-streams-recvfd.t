#!/usr/bin/perl
# I_RECVFD: descriptor plus the sender's effective uid/gid; EBADMSG with data
# at the head (kept), EAGAIN when empty, ENXIO at hangup, sent-before-close kept.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_recvfd';
unless (-x $prog) {
    print "1..0 # SKIP ", not_built('t/unit/str_recvfd', 'streams'), "\n";
    exit 0;
}
run_tap($prog);
