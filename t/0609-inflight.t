#!/usr/bin/perl
# beyond/inflight: a socket sent over its own connection and closed is
# held only by its queue; the garbage collector reclaims it, and our
# sockets disappear from /proc/net/unix.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

plan skip_all => 'no /proc/net/unix' unless -r '/proc/net/unix';
my $prog = program('beyond/inflight');
plan skip_all => not_built('beyond/inflight') unless -x $prog;

my $r = run_program(argv => [$prog]);
is($r->{status}, 0, 'exit 0: reclaimed');
my @lines = split /\n/, $r->{out};
is($lines[0], 'our sockets listed in /proc/net/unix after socketpair: 2', 'both listed at first');
# Another process closing a socket may run the collector before we look.
like($lines[1], qr/^after sending the second over the first and closing both: (1 \(the one in flight, held by its own queue\)|0 \(the collector has already run\))$/,
     'after close: at most the one in flight is left');
is($lines[2], 'after the garbage collector: 0 (reclaimed)', 'none left after the collector');

$r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog, 'x']);
is($r->{status}, 2, 'bad usage: exit 2');

done_testing();
