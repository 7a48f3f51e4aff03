#!/usr/bin/perl
# Many clients at once: 50 clients in parallel, each asking for 200 files
# (four files of different sizes, in turn), all get the right bytes, from
# version 1 (each client its own server) and from both version 2 loops; the
# version 2 servers end with the descriptors they started with.  Over every
# transport built.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use OpenServer;
use Test::More;

my @transports = transports('ch17/open2');
plan skip_all => 'ch17/open2 not built: run make' unless @transports;

my ($CLIENTS, $REQUESTS) = (50, 200);
my $scratch = open_scratch(scratch_dir());
my $expected = parallel_files($scratch, $REQUESTS);

sub parallel_clients {
    my ($tag, @argv) = @_;
    return run_parallel($scratch, $tag, $CLIENTS, $expected, @argv);
}

for my $t (@transports) {
    is(parallel_clients("$t-v1", program('ch17/open', $t)), $CLIENTS,
       "$t opend: $CLIENTS clients x $REQUESTS requests, all bytes right");

    for my $server ('ch17/opend2', 'ch17/opend2_poll') {
        my ($name) = $server =~ m{([^/]+)$};
        my $sock = "$scratch/$t-$name.socket";
        my $log = "$scratch/$t-$name.log";
        my $pid = start_server(program($server, $t), $sock, $log);
        # One request first, so the server is in its loop when counted.
        run_program(argv => [program('ch17/open2', $t), '-s', $sock],
                    stdin => "/dev/null\n");
        my $fds = idle_fd_count($pid, $log);

        is(parallel_clients("$t-$name", program('ch17/open2', $t), '-s', $sock),
           $CLIENTS, "$t $name: $CLIENTS clients x $REQUESTS requests, "
           . "all bytes right");
        SKIP: {
            skip 'no /proc to count descriptors', 1 unless defined $fds;
            is(idle_fd_count($pid, $log), $fds,
               "$t $name: no descriptor left behind");
        }
        is(stop_server($pid), 128 + 15, "$t $name: still running at the end");
    }
}

done_testing();
