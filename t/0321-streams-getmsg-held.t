#!/usr/bin/perl
# getmsg with room for any message takes a descriptor along with its data,
# and holds it for I_RECVFD as a stream head would queue it: EBADMSG from
# getmsg and read, I_NREAD's message of no data, the file itself from
# I_RECVFD; nothing leaks when another stream is read first or the stream
# is closed and its number reused.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_held';
unless (-x $prog) {
    print "1..0 # SKIP t/unit/str_held not built (no STREAMS emulation): run make\n";
    exit 0;
}
run_tap($prog);
