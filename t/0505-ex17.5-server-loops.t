#!/usr/bin/perl
# Exercise 17.5: the optimised server loops (a compact poll array; epoll on
# Linux) serve exactly as the book's loops do: the book's session, every
# hostile client, 50 parallel clients x 200 requests, no descriptor left
# behind.  Their speed is measured by exercises/17.5/bench (a table,
# not a test).  Over every transport built.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use OpenServer;
use Test::More;

my @servers = grep { transports($_) }
    ('exercises/17.5/opend_compact', 'exercises/17.5/opend_epoll');
plan skip_all => 'the exercise 17.5 servers are not built: run make'
    unless @servers;

SKIP: {
    skip not_built('exercises/17.5/opend_epoll'), 1
        unless transports('exercises/17.5/opend_epoll');
}

my $scratch = open_scratch(scratch_dir());
my $book = book_session($scratch);
my $expected = parallel_files($scratch, 200);

for my $server (@servers) {
    my ($name) = $server =~ m{([^/]+)$};
    for my $t (transports($server)) {
        my $open2 = program('ch17/open2', $t);
        my $sock = "$scratch/$t-$name.socket";
        my $log = "$scratch/$t-$name.log";
        my $pid = start_server(program($server, $t), $sock, $log);
        my $what = "$t $name";

        my $r = run_program(argv => [$open2, '-s', $sock],
                            stdin => $book->{stdin});
        is($r->{out}, $book->{out}, "$what: the book's session: the bytes");
        is($r->{err}, $book->{err}, "$what: the book's session: the messages");
        my $fds = idle_fd_count($pid, $log);

        hostile_clients(program('t/unit/opend_client', $t), $sock, $pid, $log,
                        $scratch, $what, $t);

        is(run_parallel($scratch, "$t-$name", 50, $expected, $open2, '-s', $sock),
           50, "$what: 50 clients x 200 requests, all bytes right");
        SKIP: {
            skip 'no /proc to count descriptors', 1 unless defined $fds;
            is(idle_fd_count($pid, $log), $fds,
               "$what: no descriptor left behind");
        }
        is(stop_server($pid), 128 + 15, "$what: still running at the end");

        $r = run_program(argv => [program($server, $t), '-h']);
        like($r->{out}, qr/^usage: $name \[-h\] \[-d\] \[-s path\]/, "$what: -h");
    }
}

done_testing();
