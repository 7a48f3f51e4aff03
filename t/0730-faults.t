#!/usr/bin/perl
# The socket library when its system calls fail (t/unit/faults.c):
# socket, bind, listen, chmod, connect, accept, socketpair and sendmsg
# failing inside serv_listen, cli_conn, serv_accept, fd_pipe, send_fd and
# send_err, and descriptors running out; -1 with errno each time, and no
# descriptor, file or process left behind.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

run_unit('t/unit/faults');
