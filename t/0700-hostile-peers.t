#!/usr/bin/perl
# The hostile-peer matrix over UNIX domain sockets: every malformed reply a
# peer can send; recv_fd and recv_ufd return the right descriptor or a
# clear error, survive, and leak nothing.  t/unit/hostile prints the TAP.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('t/unit/hostile');
plan skip_all => 't/unit/hostile not built: run make' unless -x $prog;
run_tap($prog);
