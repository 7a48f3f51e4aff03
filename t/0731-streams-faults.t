#!/usr/bin/perl
# The STREAMS emulation when its system calls fail (t/unit/str_faults.c):
# every step of fattach after the point of no return (socket, bind, chmod,
# listen, both forks, the rename, the helper's own setup), all attachment
# slots in use, sendmsg in send_fd, connect in cli_conn, and descriptors
# running out (a server serv_listen calls ready must serve a client); -1
# with errno each time, and no descriptor, file or helper process left.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = top_dir() . '/t/unit/str_faults';
plan skip_all => 'the STREAMS emulation is not built (a system with '
    . 'real STREAMS, or not Linux)' unless -x $prog;
run_tap($prog);
