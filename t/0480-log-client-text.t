#!/usr/bin/perl
# The version 2 open servers' -d log prints what a client sent as text,
# never as a printf format: a path name such as "DIR/%s%n%x" appears
# literally in the request line and in the client's error, and the server
# lives on.  (The book's handle_request, 3e Figure 17.31, passes its
# errmsg, which holds the client's path name, to log_msg as the format.)
# Over every transport built, with both loops.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use OpenServer;
use Test::More;

my @transports = transports('ch17/open2');
plan skip_all => 'ch17/open2 not built: run make' unless @transports;

my $scratch = open_scratch(scratch_dir());
my $path = "$scratch/%s%n%x%p";
my $uid = $>;

for my $t (@transports) {
    my $client = program('t/unit/opend_client', $t);
    for my $server ('ch17/opend2', 'ch17/opend2_poll') {
        my ($name) = $server =~ m{([^/]+)$};
        my $what = "$t $name";
        my $sock = "$scratch/$t-$name.socket";
        my $log = "$scratch/$t-$name.log";
        my $pid = start_server(program($server, $t), $sock, $log);

        my $r = run_program(argv => [$client, '-s', $sock, "open:$path:0",
                                     "open:$scratch/x:%n%s"]);
        is($r->{out}, "error 2: can't open $path: No such file or directory\n"
                    . "error 22: bad oflag: expected a decimal number\n",
           "$what: the client's error shows its path name as sent");
        my $line = qq{request: uid $uid, open "$path" O_RDONLY: No such file or directory};
        ok(wait_until(sub { index(slurp($log), $line) >= 0 }),
           "$what: the log shows the path name literally")
            or diag(slurp($log));
        ok(wait_until(sub { slurp($log) =~ /^worker uid $uid: request: uid $uid, refused: bad oflag: expected a decimal number$/m }),
           "$what: a bad oflag of %n%s is refused, and logged without it");
        ok(server_alive($pid), "$what: the server lives on");
        stop_server($pid);
    }
}

done_testing();
