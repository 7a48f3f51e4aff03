#!/usr/bin/perl
# beyond/diagrams: the book's four drawings (3e Figures 17.1, 17.6, 17.7
# and 17.11), each made after the thing it shows was done for real; the
# numbers in them are the ones the system calls returned.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('beyond/diagrams');
plan skip_all => 'beyond/diagrams not built: run make' unless -x $prog;

my $r = run_program(argv => [$prog]);
is($r->{status}, 0, 'exit 0');
is($r->{err}, '', 'nothing on stderr');
my $out = $r->{out};
is(join(',', $out =~ /^Figure (17\.\d+):/mg), '17.1,17.6,17.7,17.11',
   'all four figures, in the book\'s order');

my ($fd0, $fd1) = $out =~ /gave fd\[0\] = (\d+), fd\[1\] = (\d+)/;
ok(defined $fd1 && $fd0 != $fd1, 'Figure 17.1, the socket pair: two descriptors, one per end');
like($out, qr/^   fd\[0\] = \Q$fd0\E\s+fd\[1\] = \Q$fd1\E$/m, '... drawn with those numbers');
like($out, qr/"ping" written to fd\[0\] was read from fd\[1\], "pong" written to fd\[1\]\n  was read from fd\[0\]: full duplex/,
     '... after bytes went both ways');

my ($listen, $client) = $out =~ /listen \(fd (\d+)\); the client:\n  socket \(fd (\d+)\)/;
my ($c2, $l2, $conn) = $out =~ /connect\(fd (\d+), server\.socket\); accept\(fd (\d+)\) returned fd (\d+)/;
ok(defined $conn, 'Figures 17.6 and 17.7, before and after the connect: the calls and their numbers');
is("$c2 $l2", "$client $listen", '... the same sockets before and after');
ok($conn != $listen && $conn != $client, 'accept made a new socket: a unique connection');
like($out, qr/^     fd \Q$client\E\s+fd \Q$conn\E\s+fd \Q$listen\E$/m,
     '... drawn: the client, its server socket, the listening socket');
like($out, qr/\|  socket  \|<========>\|  socket  \|  \|  socket  \| listening/,
     '... connected pair beside the listener');

my ($sent) = $out =~ /the child opened the file as fd (\d+) and moved its offset to 4/;
my ($got, $offset) = $out =~ /recv_fd returned fd (\d+) in the parent, whose offset is (\d+)/;
ok(defined $sent && defined $got, 'Figure 17.11, passing an open file: the numbers on both sides');
is($offset, 4, 'the parent sees the offset the child set: one file table entry');
like($out, qr/^    fd \Q$sent\E\s+\(sent; closed at exit\)\s+fd \Q$got\E\s+\(received\)$/m,
     '... drawn with both numbers');
like($out, qr/current offset: 4 /, '... and the shared offset');

$r = run_program(argv => [$prog, '17.11', '17.7', '17.6']);
is(join(',', $r->{out} =~ /^Figure (17\.\d+):/mg), '17.11,17.6,17.7',
   'figures on request; 17.6 and 17.7 drawn once, together');
$r = run_program(argv => [$prog, '-h']);
like($r->{out}, qr/^usage: diagrams /, '-h prints usage');
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog, '17.2']);
is($r->{status}, 2, 'a figure that is not a diagram: usage error, exit 2');

done_testing();
