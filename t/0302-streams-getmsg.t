#!/usr/bin/perl
# getmsg/putmsg: the strbuf rules, MORECTL/MOREDATA, hangup versus a
# zero-length message, EBADMSG with a descriptor at the head, I_NREAD, isastream.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

my $prog = top_dir() . '/t/unit/str_getmsg';
unless (-x $prog) {
    print "1..0 # SKIP ", not_built('t/unit/str_getmsg', 'streams'), "\n";
    exit 0;
}
run_tap($prog);
