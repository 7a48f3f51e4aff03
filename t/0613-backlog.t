#!/usr/bin/perl
# beyond/backlog: on Linux a connect to a UNIX domain stream socket whose
# listen backlog is full is not refused: a non-blocking connect fails with
# EAGAIN, and a blocking one waits until the server accepts (the BSDs
# answer ECONNREFUSED instead).  Linux queues one more than the backlog.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $top = top_dir();
my $prog = "$top/beyond/backlog";
plan skip_all => 'beyond/backlog not built: run make' unless -x $prog;
plan skip_all => "the answer checked here is Linux's; $^O refuses instead"
    unless $^O eq 'linux';

for my $case ([1, 4], [0, 2], [3, 5]) {
    my ($backlog, $clients) = @$case;
    my $r = run_program(argv => [$prog, '-b', $backlog, '-n', $clients]);
    is($r->{status}, 0, "-b $backlog -n $clients: exit 0");
    my $expect = "listen(fd, $backlog); the server accepts nobody yet\n";
    for my $n (1 .. $clients) {
        $expect .= "client $n, non-blocking: "
                 . ($n <= $backlog + 1 ? "connected\n"
                    : "Resource temporarily unavailable (EAGAIN)\n");
    }
    my $last = $clients + 1;
    $expect .= "client $last, blocking: still in connect after 0.2 s\n"
             . "the server accepts one connection\n"
             . "client $last, blocking: connected\n";
    is($r->{out}, $expect,
       "-b $backlog: backlog+1 connect, the rest EAGAIN, a blocking one waits for accept");
}

my $r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
like($r->{out}, qr/^usage: backlog/, '-h prints the usage');
$r = run_program(argv => [$prog, '-b', 'x']);
is($r->{status}, 2, 'a bad backlog: usage, exit 2');

done_testing();
