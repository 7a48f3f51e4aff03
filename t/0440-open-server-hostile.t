#!/usr/bin/perl
# The version 2 open servers keep serving whatever a client does: a request
# in pieces, two in one write, garbage, no null byte, an over-long request,
# a client that leaves before its answer, one that connects and says
# nothing, a format string for a path, a flood of requests never read.
# After all of it the server is alive, answers, and has exactly the
# descriptors it started with (/proc/PID/fd).  Over every transport built.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use OpenServer;
use Test::More;

my @transports = transports('ch17/opend2');
plan skip_all => 'ch17/opend2 not built: run make' unless @transports;

my $scratch = open_scratch(scratch_dir());
book_session($scratch);

for my $t (@transports) {
    my $client = program('t/unit/opend_client', $t);

    for my $server ('ch17/opend2', 'ch17/opend2_poll') {
        my ($name) = $server =~ m{([^/]+)$};
        my $sock = "$scratch/$t-$name.socket";
        my $log = "$scratch/$t-$name.log";
        my $pid = start_server(program($server, $t), $sock, $log);
        my $what = "$t $name";
        hostile_clients($client, $sock, $pid, $log, $scratch, $what, $t);
        is(stop_server($pid), 128 + 15, "$what: ended by our SIGTERM only");
    }
}

done_testing();
