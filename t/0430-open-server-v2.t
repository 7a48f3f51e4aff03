#!/usr/bin/perl
# The open server, version 2 (3e Figures 17.25-17.31): opend2 (select) and
# opend2_poll (poll), with the client open2.  A session like the book's;
# access checked as the client (nobody); the refusals of unsafe requests;
# -d and the daemon; -s; usage.  Over every transport built.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use OpenServer;
use Test::More;
use Fcntl qw(O_WRONLY O_RDWR O_CREAT O_TRUNC O_EXCL);
use Time::HiRes qw(sleep);

my @transports = transports('ch17/open2');
plan skip_all => 'ch17/open2 not built: run make' unless @transports;

my $scratch = open_scratch(scratch_dir());
my $book = book_session($scratch);
my $nobody = nobody_session($scratch);

for my $t (@transports) {
    my $open2 = program('ch17/open2', $t);
    my $client = program('t/unit/opend_client', $t);

    for my $server ('ch17/opend2', 'ch17/opend2_poll') {
        my ($name) = $server =~ m{([^/]+)$};
        my $sock = "$scratch/$t-$name.socket";
        my $log = "$scratch/$t-$name.log";
        my $pid = start_server(program($server, $t), $sock, $log);
        my $what = "$t $name";

        my $r = run_program(argv => [$open2, '-s', $sock],
                            stdin => $book->{stdin});
        is($r->{out}, $book->{out}, "$what: the book's session: the bytes");
        is($r->{err}, $book->{err}, "$what: the book's session: the messages");
        is($r->{status}, 1, "$what: exit 1 when a file could not be copied");

        SKIP: {
            my $as = nobody_prefix();
            skip 'needs root and setpriv to run a client as nobody', 5
                unless $as;
            $r = run_program(argv => [@$as, $open2, '-s', $sock],
                             stdin => $nobody->{stdin});
            is($r->{out}, $nobody->{out}, "$what: as nobody: the public file");
            is($r->{err}, $nobody->{err},
               "$what: as nobody: denied what nobody cannot open");
            # Write access is checked as nobody too; root may.
            $r = run_program(argv => [@$as, $client, '-s', $sock,
                                      "open:$scratch/public:" . O_WRONLY]);
            is($r->{out}, "error 13: can't open $scratch/public: Permission denied\n",
               "$what: as nobody: no write access to a file of mode 0644");
            $r = run_program(argv => [$client, '-s', $sock,
                                      "open:$scratch/secret:" . O_RDWR]);
            is($r->{out}, "fd: root only\n", "$what: as root: read-write open");
            like(slurp($log), qr/new connection: uid 65534, fd \d+/,
                 "$what: the log names the client's uid");
        }

        # Unsafe and impossible requests get a clear error, never a file.
        $r = run_program(argv => [$client, '-s', $sock,
            "open:$scratch/new:" . (O_WRONLY | O_CREAT),
            "open:$scratch/readable:" . (O_RDWR | O_CREAT | O_EXCL),
            "open:$scratch/a b:0",
            "open:$scratch/readable:" . O_TRUNC,
            "open:$scratch/readable:9999999999",
            "open:$scratch/readable:0"]);
        is($r->{out},
           "error 22: O_CREAT needs a mode, which the open request cannot carry\n"
         . "error 22: O_CREAT needs a mode, which the open request cannot carry\n"
         . "error 22: too many fields: the open request cannot carry a path "
         . "name with white space\n"
         . "error 22: O_TRUNC needs write access\n"
         . "error 22: bad oflag: expected a decimal number\n"
         . "fd: a readable file\n",
           "$what: O_CREAT, a space, O_TRUNC read-only, a bad oflag: refused");
        ok(!-e "$scratch/new", "$what: nothing was created");
        is(slurp("$scratch/readable"), "a readable file\n",
           "$what: nothing was truncated");

        ok(server_alive($pid), "$what: still serving");
        is(stop_server($pid), 128 + 15, "$what: ends on SIGTERM");
        like(slurp($log), qr/closed: uid $>, fd \d+/, "$what: -d logs to stderr");
    }

    # Without -d: a daemon.  The command returns once the socket exists.
    my $sock = "$scratch/$t-daemon.socket";
    my $r = run_program(argv => [program('ch17/opend2', $t), '-s', $sock]);
    is($r->{status}, 0, "$t daemon: the command returns 0");
    is($r->{out} . $r->{err}, '', "$t daemon: prints nothing");
    my $daemon = find_daemon($sock);
    ok($daemon, "$t daemon: running in the background");
    $r = run_program(argv => [$open2, '-s', $sock], stdin => "$scratch/readable\n");
    is($r->{out}, "a readable file\n", "$t daemon: serves");
    if ($daemon) {
        isnt(session_of($daemon), session_of($$),
             "$t daemon: in a session of its own (setsid)");
    }
    stop_daemons($sock);
    is(scalar daemons_of($sock), 0, "$t daemon: no server left behind");

    # A name that is in use or cannot be made: an error before the loop.
    $r = run_program(argv => [program('ch17/opend2', $t), '-d', '-s',
                              "$scratch/no/such/dir/sock"]);
    like($r->{err}, qr{^serv_listen error: \Q$scratch\E/no/such/dir/sock: },
         "$t: a bad -s path is reported");
    is($r->{status}, 1, "$t: and exits 1");

    # No server: the client says so.
    $r = run_program(argv => [$open2, '-s', "$scratch/nobody-home"],
                     stdin => "$scratch/readable\n");
    like($r->{err}, qr{^cli_conn error: \Q$scratch\E/nobody-home: },
         "$t: open2 with no server: cli_conn error");
    is($r->{status}, 1, "$t: open2 with no server: exit 1");

    for my $prog ('ch17/opend2', 'ch17/opend2_poll', 'ch17/open2') {
        my ($name) = $prog =~ m{([^/]+)$};
        $r = run_program(argv => [program($prog, $t), '-h']);
        like($r->{out}, qr/^usage: $name \[-h\].*-s path/s, "$t: $name -h");
        is($r->{status}, 0, "$t: $name -h exits 0");
        $r = run_program(argv => [program($prog, $t), 'extra']);
        like($r->{err}, qr/^usage: $name/, "$t: $name extra: usage on stderr");
        is($r->{status}, 2, "$t: $name extra: exits 2");
    }
}

# The daemon serving $sock: the process whose command line names it and
# that leads no session (daemonize forks again after setsid).  Over
# STREAMS the fattach helper names the socket too, but it calls setsid.
sub find_daemon {
    my ($sock) = @_;
    for (1 .. 200) {
        my @daemons = grep { session_of($_) != $_ } daemons_of($sock);
        return $daemons[0] if @daemons;
        sleep 0.01;
    }
    return undef;
}

done_testing();
