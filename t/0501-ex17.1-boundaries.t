#!/usr/bin/perl
# Exercise 17.1: a pipe merges two writes into one read, a datagram socket
# keeps them apart, a length prefix restores them over a pipe, and a
# pointer stands for a message without copying it.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('exercises/17.1/boundaries');
plan skip_all => 'exercises/17.1/boundaries not built: run make' unless -x $prog;

my $r = run_program(argv => [$prog]);
is($r->{status}, 0, 'exit 0');
is($r->{err}, '', 'nothing on stderr');
my @lines = split /\n/, $r->{out};
is($lines[0], 'pipe: read 1: "helloworld!!" (12 bytes); read 2: nothing left;',
   'pipe: both writes come back in one read');
is($lines[1], 'datagram socket: read 1: "hello" (5 bytes); read 2: "world!!" (7 bytes);',
   'datagram socket: one read per write');
is($lines[2], 'pipe with a length before each message: message 1: "hello"; message 2: "world!!";',
   'pipe with length prefixes: boundaries restored');
like($lines[3], qr/^pointer through the pipe: \d+ bytes stand for a message of 100000 bytes, read in place: same buffer$/,
     'a pointer through the pipe reaches the same buffer');

$r = run_program(argv => [$prog, '-h']);
like($r->{out}, qr/^usage: boundaries/, '-h prints usage');
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog, 'x']);
like($r->{err}, qr/^usage:/, 'bad usage on stderr');
is($r->{status}, 2, 'bad usage exits 2');

done_testing();
