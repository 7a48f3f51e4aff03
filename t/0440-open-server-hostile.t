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
my $readable = "$scratch/readable";
my $second = "$scratch/second";

for my $t (@transports) {
    my $client = program('t/unit/opend_client', $t);

    for my $server ('ch17/opend2', 'ch17/opend2_poll') {
        my ($name) = $server =~ m{([^/]+)$};
        my $sock = "$scratch/$t-$name.socket";
        my $log = "$scratch/$t-$name.log";
        my $pid = start_server(program($server, $t), $sock, $log);
        my $what = "$t $name";
        my $fds = fd_count($pid);
        my $talk = sub {
            run_program(argv => [$client, '-s', $sock, @_])->{out};
        };

        is($talk->("send:open $readable", 'sleep:30', 'send: 0', 'sleep:30',
                   'send:\0', 'reply'),
           "fd: a readable file\n", "$what: a request in three pieces");
        is($talk->("send:open $readable 0\\0open $second 0\\0", 'reply', 'reply'),
           "fd: a readable file\nfd: line one\n", "$what: two requests in one write");
        is($talk->('send:hello\0', 'reply', 'send:\0', 'reply', 'send: \0',
                   'reply', "open:$readable:0"),
           "error 22: unknown request: expected \"open <pathname> <oflag>\"\n"
           . "error 22: empty request\nerror 22: empty request\n"
           . "fd: a readable file\n",
           "$what: garbage and empty requests: an error each, then back in step");
        is($talk->('long:100000', 'send:\0', 'reply', "open:$readable:0"),
           "error 90: request too long (the limit is 4096 bytes)\n"
           . "fd: a readable file\n",
           "$what: 100000 bytes without a null byte: one error, then in step");
        is($talk->('open:%s%n%n%n%s%x:0'),
           "error 2: can't open %s%n%n%n%s%x: No such file or directory\n",
           "$what: a path name full of % directives is just a name");
        is($talk->("send:open $readable 0"), '',
           "$what: no null byte, then gone");
        SKIP: {
            skip "$t: shutdown(SHUT_WR) is a socket call", 1
                unless $t eq 'sockets';
            is($talk->("send:open $readable 0", 'shut', 'reply'),
               "error 22: request not terminated by a null byte\n",
               "$what: no null byte before end of file: told so");
        }

        # Leave before the answer, 20 times: no SIGPIPE may end the server.
        $talk->('send:open /no/such/file 0\0open /no/such/file 0\0') for 1 .. 20;
        ok(server_alive($pid), "$what: clients that leave before their answer");

        # One client connects and says nothing; another is served meanwhile.
        my $silent = fork // die;
        if ($silent == 0) {
            exec $client, '-s', $sock, 'sleep:1000' or die;
        }
        is($talk->("open:$readable:0"), "fd: a readable file\n",
           "$what: served while a silent client holds its connection");
        waitpid $silent, 0;

        # Thousands of requests, no answer read: dropped, not stalled.
        $talk->('flood:100000');
        ok(server_alive($pid), "$what: a flood of unread answers");
        is($talk->("open:$readable:0"), "fd: a readable file\n",
           "$what: serving after the flood");

        SKIP: {
            skip 'no /proc to count descriptors', 1 unless defined $fds;
            is(settle_fd_count($pid, $fds), $fds,
               "$what: the descriptors it started with, no more");
        }
        ok(server_alive($pid), "$what: alive at the end");
        is(stop_server($pid), 128 + 15, "$what: ended by our SIGTERM only");
    }
}

done_testing();
