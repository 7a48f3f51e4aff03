#!/usr/bin/perl
# send_fd over STREAMS on a full stream (t/unit/str_sendfd_full.c): the
# book's two steps, write then I_SENDFD; I_SENDFD fails with EAGAIN on a
# full stream head, so on a blocking stream send_fd waits for room with
# poll and tries again (every descriptor arrives, in order, none lost),
# and on an O_NONBLOCK stream it fails with EAGAIN before its two bytes go.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_sendfd_full';
unless (-x $prog) {
    print "1..0 # SKIP ", not_built('t/unit/str_sendfd_full', 'streams'), "\n";
    exit 0;
}
run_tap($prog);
