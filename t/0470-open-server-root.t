#!/usr/bin/perl
# The version 2 open servers run as root, attacked by a local user
# (uid 65534) the way serv_accept's file-owner check (Figure 17.9)
# invites: every server (the select and poll loops, the two loops of
# Exercise 17.5), over every transport built, in the foreground (-d) and
# as a daemon.
#   1 deleting a file: the client's socket directory swapped with a
#     symbolic link (renameat2 RENAME_EXCHANGE) while the server checks
#     and unlinks the client's name: 1,000 attempts, the file survives;
#   2 being taken for root: a relative name that, from the server's working
#     directory, is a root client's socket file;
#   3 /proc/self is the server: what the client receives for
#     /proc/self/maps is not the root process's map, and /proc/self/status
#     says the client's uid;
#   4 locking everyone out: one user holds 1,100 idle connections, root is
#     still served (the server's descriptor limit at 1024);
#   5 squatting the name: open2 refuses a server run by someone else.
# The attacker's programs are copied where uid 65534 can reach them, so
# this runs from a clone of mode 0700 too.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use OpenServer;
use Test::More;
use File::Copy qw(copy);
use IO::Socket::UNIX;
use POSIX qw(WNOHANG);
use Socket qw(SOCK_STREAM);
use Time::HiRes qw(sleep);

my $as = nobody_prefix();
plan skip_all => 'needs root and setpriv to run an attacker as uid 65534'
    unless $as;
my @servers = grep { transports($_) }
    ('ch17/opend2', 'ch17/opend2_poll', 'exercises/17.5/opend_compact',
     'exercises/17.5/opend_epoll');
plan skip_all => 'the open servers are not built: run make' unless @servers;

my $NOBODY = 65534;
my $scratch = open_scratch(scratch_dir());
book_session($scratch);
write_file_as("$scratch/secret", "root only\n", 0600, 0);

# The attacker's home, and its programs, reachable by uid 65534.
my $home = "$scratch/att";
mkdir $home or die;
chown $NOBODY, $NOBODY, $home;
my %bin;
for my $t (qw(sockets streams)) {
    for my $p ('t/unit/attack_sock', 't/unit/attack_any', 'ch17/open2') {
        my $src = program($p, $t);
        next unless -x $src;
        my ($name) = $p =~ m{([^/]+)$};
        mkdir "$scratch/bin-$t";
        copy($src, "$scratch/bin-$t/$name") or die "copy $src: $!";
        chmod 0755, "$scratch/bin-$t/$name";
        $bin{$t}{$name} = "$scratch/bin-$t/$name";
    }
}

sub write_file_as {
    my ($path, $text, $mode, $uid) = @_;
    open my $fh, '>', $path or die "$path: $!";
    print {$fh} $text;
    close $fh;
    chmod $mode, $path;
    chown $uid, $uid, $path;
}

sub as_nobody { return run_program(argv => [@$as, @_]) }

# Start "$prog -d -s $sock @flags" in $cwd with at most 1024 descriptors;
# its pid once it listens, or undef.
sub start_in {
    my ($prog, $sock, $log, $cwd, @flags) = @_;
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        chdir $cwd or die;
        open STDIN, '<', '/dev/null' or die;
        open STDOUT, '>', '/dev/null' or die;
        open STDERR, '>', $log or die "$log: $!";
        exec '/bin/sh', '-c', 'ulimit -n 1024 && exec "$@"', 'sh',
            $prog, '-d', '-s', $sock, @flags or die;
    }
    for (1 .. 500) {
        return $pid if listening($sock);
        last if waitpid($pid, WNOHANG) == $pid;
        sleep 0.01;
    }
    return undef;
}

# The same as a daemon (cwd /, as daemonize makes it): its pid, or undef.
sub start_daemon {
    my ($prog, $sock, @flags) = @_;
    run_program(argv => ['/bin/sh', '-c', 'ulimit -n 1024 && exec "$@"', 'sh',
                         $prog, '-s', $sock, @flags]);
    for (1 .. 500) {
        my @d = grep { session_of($_) != $_ } daemons_of($sock);
        return $d[0] if @d && listening($sock);
        sleep 0.01;
    }
    return undef;
}

# The ways each server is run: [label, start sub, stop sub].
sub runs {
    my ($server, $t, $tag, @flags) = @_;
    my ($name) = $server =~ m{([^/]+)$};
    my $sock = "$scratch/$t-$name-$tag.socket";
    my $log = "$scratch/$t-$name-$tag.log";
    my @r = (["$t $name -d", $sock, sub { start_in(program($server, $t), $sock,
                                                    $log, $_[0] // $scratch, @flags) },
              sub { stop_server($_[0]) }]);
    push @r, ["$t $name daemon", "$sock.d",
              sub { start_daemon(program($server, $t), "$sock.d", @flags) },
              sub { stop_daemons("$sock.d") }]
        if $name eq 'opend2';
    return @r;
}

# 1: the unlink race.  Sockets only: over STREAMS no client names a file.
for my $server (grep { transports($_) } @servers) {
    next unless -x program($server, 'sockets');
    for my $run (runs($server, 'sockets', 'race')) {
        my ($what, $sock, $start, $stop) = @$run;
        race_attack($what, $sock, $start, $stop);
    }
}
# The book's serv_accept itself, for teaching (-T): hardened.
for my $run (runs('ch17/opend2', 'sockets', 'race-teach', '-T', '-U')) {
    my ($what, $sock, $start, $stop) = @$run;
    race_attack("$what -T", $sock, $start, $stop);
}

sub race_attack {
    my ($what, $sock, $start, $stop) = @_;
    (my $tag = $sock) =~ s{.*/}{};
    my $victims = "$scratch/victims-$tag";
    mkdir $victims or die;
    write_file_as("$victims/s", "keep me\n", 0644, 0);
    my $dir = "$home/swap-$tag";
    mkdir $dir; mkdir "$dir/a";
    symlink $victims, "$dir/b" or die;
    chown $NOBODY, $NOBODY, $dir, "$dir/a";
    POSIX::lchown($NOBODY, $NOBODY, "$dir/b");
    my $pid = $start->();
    ok($pid, "$what: started") or return;
    my $r = as_nobody($bin{sockets}{attack_sock}, 'swap', $sock, $dir,
                      $victims, 1000);
    is($r->{out}, "victim intact after 1000\n",
       "$what: 1,000 connections with the directory swapped: nothing deleted");
    ok(-e "$victims/s", "$what: root's file is there");
    $stop->($pid);
}

# 2: a relative name that is, from the server's directory, root's socket.
for my $server (@servers) {
    next unless -x program($server, 'sockets');
    rel_attack(@$_) for runs($server, 'sockets', 'rel');
}
rel_attack($_->[0] . ' -T', @$_[1 .. 3]) for runs('ch17/opend2', 'sockets', 'rel-teach', '-T', '-U');

sub rel_attack {
    my ($what, $sock, $start, $stop) = @_;
    (my $tag = $sock) =~ s{.*/}{};
    my $daemon = $what =~ /daemon/;
    my $cwd = "$scratch/cwd-$tag";
    mkdir $cwd; mkdir "$cwd/r";
    # Root's client socket, left for a server to check (as cli_conn's).
    my $rootname = "$cwd/r/cli.sock";
    my $root_sock = IO::Socket::UNIX->new(Type => SOCK_STREAM, Local => $rootname)
        or die "bind $rootname: $!";
    chmod 0700, $rootname;
    # From the server's working directory (/ for the daemon).
    my $rel = $daemon ? substr($rootname, 1) : 'r/cli.sock';
    my $attdir = "$home/rel-$tag";
    my ($sub) = $rel =~ m{^(.*)/};
    system('mkdir', '-p', "$attdir/$sub") == 0 or die;
    system('chown', '-R', "$NOBODY:$NOBODY", $attdir) == 0 or die;
    my $pid = $start->($cwd);
    ok($pid, "$what: started") or return;
    my $r = run_program(argv => [@$as, $bin{sockets}{attack_sock}, 'relname',
                                 $sock, $rel, "$scratch/secret"],
                        chdir => $attdir);
    unlike($r->{out}, qr/root only/, "$what: a relative name is not root");
    ok(-S $rootname, "$what: root's socket file is not removed");
    $stop->($pid);
}

# 3: /proc/self resolves as the client's own process, never the server.
for my $server (@servers) {
    for my $t (transports($server)) {
        for my $run (runs($server, $t, 'proc')) {
            my ($what, $sock, $start, $stop) = @$run;
            my $pid = $start->();
            ok($pid, "$what: started") or next;
            my $r;
            my $ask = sub {
                my ($path) = @_;
                my $got = run_program(argv => [@$as, $bin{$t}{open2}, '-s', $sock],
                                      stdin => "$path\n");
                is($got->{err}, '', "$what: $path: no error");
                return $got;
            };
            $r = $ask->('/proc/self/maps');
            my $root_maps = slurp("/proc/$pid/maps");
            ok(length $r->{out}, "$what: /proc/self/maps came back");
            isnt($r->{out}, $root_maps,
                 "$what: /proc/self/maps is not the root process's map");
            $r = $ask->('/proc/self/status');
            like($r->{out}, qr/^Uid:\s+$NOBODY\s+$NOBODY\s+$NOBODY\s+$NOBODY$/m,
                 "$what: /proc/self/status is a process of the client's uid");
            $stop->($pid);
        }
    }
}

# 4: one user's 1,100 idle connections lock no one else out.
for my $server (@servers) {
    for my $t (transports($server)) {
        my ($run) = runs($server, $t, 'hold');
        my ($what, $sock, $start, $stop) = @$run;
        my $pid = $start->();
        ok($pid, "$what: started") or next;
        my $out = "$scratch/hold-$t-" . ($sock =~ s{.*/}{}r);
        my $holder = fork // die;
        if ($holder == 0) {
            open STDOUT, '>', $out or die;
            exec @$as, $bin{$t}{attack_any}, 'hold', $sock, 1100, 30 or die;
        }
        for (1 .. 3000) {
            last if slurp($out) =~ /held/;
            sleep 0.01;
        }
        like(slurp($out), qr/^held \d+$/m, "$what: the attacker holds its connections");
        my $r = run_program(argv => [program('ch17/open2', $t), '-s', $sock],
                            stdin => "$scratch/readable\n");
        is($r->{out}, "a readable file\n", "$what: root is served meanwhile");
        kill 'TERM', $holder;        # it removes its names, then ends
        waitpid $holder, 0;
        ok(server_alive($pid), "$what: still serving");
        $stop->($pid);
    }
}

# 5: a server squatting the name is refused by the client.
for my $t (grep { $bin{$_}{attack_any} } qw(sockets streams)) {
    my $name = "$home/squat-$t";
    my $out = "$scratch/squat-$t.out";
    write_file_as("$home/fake", "FROM THE SQUATTER\n", 0644, $NOBODY);
    my $squatter = fork // die;
    if ($squatter == 0) {
        open STDOUT, '>', $out or die;
        open STDERR, '>', '/dev/null' or die;
        exec @$as, $bin{$t}{attack_any}, 'squat', $name, "$home/fake" or die;
    }
    for (1 .. 3000) {
        last if slurp($out) =~ /squatting/ && listening($name);
        sleep 0.01;
    }
    my $r = run_program(argv => [program('ch17/open2', $t), '-s', $name],
                        stdin => "$scratch/readable\n");
    unlike($r->{out}, qr/SQUATTER/, "$t: open2 takes nothing from a squatter");
    like($r->{err}, qr/uid $NOBODY/, "$t: open2 says whose server it found");
    is($r->{status}, 1, "$t: open2 exits 1");
    is(scalar client_names($r->{pid}), 0, "$t: open2 removed its socket file");
    $r = run_program(argv => [program('ch17/open2', $t), '-s', $name, '-u', $NOBODY],
                     stdin => "$scratch/readable\n");
    is($r->{out}, "FROM THE SQUATTER\n", "$t: open2 -u $NOBODY talks to that user's server");
    kill 'KILL', $squatter;
    waitpid $squatter, 0;
    stop_daemons($name);
}

# 6: nothing of root's is reached through the server's own process.  The
# server runs in a directory behind one of mode 0700, which holds a
# directory anyone may write in.  The worker does not run there, so
# /proc/self/cwd leads nowhere; and a client that binds the name
# /proc/self/cwd/pub/NAME (its own directory, for itself) makes neither
# the worker nor root, refusing it, remove root's pub/NAME.  A refused
# client's cli_conn name is removed with its own rights: a root file put
# under the name it bound (and then removed) survives.
if ($bin{sockets}{attack_sock} && transports('ch17/opend2') && $bin{sockets}{attack_any}) {
    my $closed = "$scratch/closed";
    my $cwd = "$closed/rc";
    mkdir $closed; chmod 0700, $closed;
    mkdir $cwd; chmod 0755, $cwd;
    mkdir "$cwd/pub"; chmod 0777, "$cwd/pub";
    write_file_as("$cwd/inside", "behind a closed directory\n", 0644, 0);
    write_file_as("$cwd/pub/$_", "root's\n", 0644, 0) for qw(target target2);
    my $attdir = "$home/cwd";
    mkdir $attdir; mkdir "$attdir/pub";
    system('chown', '-R', "$NOBODY:$NOBODY", $attdir) == 0 or die;
    my $attack = sub {
        run_program(argv => [@$as, $bin{sockets}{attack_sock}, @_],
                    chdir => $attdir);
    };

    # Served: the worker's own working directory, and the name it removes.
    my ($sock, $log) = ("$scratch/cwd.socket", "$scratch/cwd.log");
    my $pid = start_in(program('ch17/opend2', 'sockets'), $sock, $log, $cwd);
    if (ok($pid, "cwd: opend2 started in $cwd")) {
        my $r = run_program(argv => [@$as, $bin{sockets}{open2}, '-s', $sock],
                            stdin => "/proc/self/cwd/inside\n");
        unlike($r->{out}, qr/closed directory/,
               "cwd: /proc/self/cwd is not the server's working directory");
        isnt($r->{err}, '', "cwd: the request fails");
        $r = $attack->('keepname', $sock, '/proc/self/cwd/pub/target',
                       "$scratch/readable");
        is($r->{out}, "fd: a readable file\n",
           "cwd: a client bound at /proc/self/cwd/pub/target is served");
        ok(-e "$cwd/pub/target", "cwd: the worker did not remove root's pub/target");
        is(stop_server($pid), 128 + 15, "cwd: ends on SIGTERM");
    }

    # Refused: -c 1, and one connection of nobody's held (the worker has
    # logged it, so root counts it) for as long as the refusals last.
    ($sock, $log) = ("$scratch/cwd-refuse.socket", "$scratch/cwd-refuse.log");
    $pid = start_in(program('ch17/opend2', 'sockets'), $sock, $log, $cwd, '-c', 1);
    if (ok($pid, "cwd: opend2 -c 1 started in $cwd")) {
        my $holder = fork // die;
        if ($holder == 0) {
            open STDOUT, '>', '/dev/null' or die;
            exec @$as, $bin{sockets}{attack_any}, 'hold', $sock, 1, 30 or die;
        }
        ok(wait_until(sub { slurp($log) =~ /^worker uid $NOBODY: new connection: uid $NOBODY,/m }),
           "cwd: nobody holds its one connection");
        my $r = $attack->('keepname', $sock, '/proc/self/cwd/pub/target2',
                          "$scratch/readable");
        like($r->{out}, qr/^error 11: .*the most allowed/,
             "cwd: a second connection is refused");
        ok(-e "$cwd/pub/target2",
           "cwd: root, refusing it, did not remove root's pub/target2");

        my $name = "/var/tmp/cli.999999999.$$";
        unlink $name;
        $r = $attack->('keepname', $sock, $name, "$scratch/readable");
        like($r->{out}, qr/^error 11: /,
             "cwd: a client bound at a cli_conn name is refused");
        ok(!-e $name, "cwd: root removed the name it bound");

        # The client's name, now root's file: root must not remove it.
        my $out = "$scratch/cwd-stolen";
        my $thief = fork // die;
        if ($thief == 0) {
            chdir $attdir or die;
            open STDOUT, '>', $out or die;
            exec @$as, $bin{sockets}{attack_sock}, 'stolen', $sock, $name,
                "$scratch/readable" or die;
        }
        wait_until(sub { slurp($out) =~ /^bound$/m });
        write_file_as($name, "root's\n", 0644, 0);
        waitpid $thief, 0;
        like(slurp($out), qr/^error 11: /m,
             "cwd: a client whose name is now root's file is refused");
        ok(-e $name, "cwd: root's file under that name is not removed "
                   . "(the removal has the client's rights)");
        unlink $name;
        kill 'TERM', $holder;        # it removes its names, then ends
        waitpid $holder, 0;
        is(stop_server($pid), 128 + 15, "cwd: -c 1: ends on SIGTERM");
    }
}

# The limits: -c connections per user, -i idle seconds (connections and
# workers).
for my $t (transports('ch17/opend2')) {
    my $sock = "$scratch/$t-limits.socket";
    my $log = "$scratch/$t-limits.log";
    my $client = program('t/unit/opend_client', $t);
    my $pid = start_in(program('ch17/opend2', $t), $sock, $log, $scratch,
                       '-c', 2, '-i', 1);
    ok($pid, "$t opend2 -c 2 -i 1: started") or next;
    my @held = map {
        my $k = fork // die;
        if ($k == 0) {
            open STDOUT, '>', "$scratch/$t-held$_" or die;
            exec $client, '-s', $sock, "open:$scratch/readable:0", 'sleep:800',
                "open:$scratch/readable:0" or die;
        }
        $k;
    } 1 .. 2;
    for (1 .. 500) {            # both held connections are in
        last if (() = slurp($log) =~ /^worker uid 0: new connection: uid 0,/mg) == 2;
        sleep 0.01;
    }
    # (It asks nothing: a request that reaches root before its close
    # could turn the answer into a connection reset.)
    my $r = run_program(argv => [$client, '-s', $sock, 'reply']);
    is($r->{out}, "error 11: opend2: uid 0 has 2 connections, the most allowed\n",
       "$t: a third connection of the same user is refused, and told why");
    is(scalar client_names($r->{pid}), 0, "$t: its socket file is removed");
    $r = run_program(argv => [@$as, $bin{$t}{open2}, '-s', $sock],
                     stdin => "$scratch/readable\n");
    is($r->{out}, "a readable file\n", "$t: another user is served meanwhile");
    waitpid $_, 0 for @held;
    like(slurp("$scratch/$t-held1") . slurp("$scratch/$t-held2"),
         qr/\A(fd: a readable file\n){2}/, "$t: the two held connections were served");
    # A connection that says nothing for longer than -i is shut down: the
    # client waits for a reply, and gets the end of the connection.
    $r = run_program(argv => [$client, '-s', $sock, 'reply']);
    like($r->{out}, qr/^failed: /, "$t: an idle connection is shut down");
    # Root relays the worker's line: it may come just after the reply.
    ok(wait_until(sub { slurp($log) =~ /^worker uid 0: idle for 1 seconds: fd \d+ shut down$/m }),
       "$t: -d says so") or diag(slurp($log));
    # With no connection for -i seconds, each worker ends.
    wait_until(sub {
        my $text = slurp($log);
        $text =~ /^worker for uid 0 idle: retired$/m
            && $text =~ /^worker uid 0: the channel to the server is closed: worker ends$/m;
    });
    like(slurp($log), qr/^worker for uid 0 idle: retired$/m, "$t: an idle worker is retired");
    like(slurp($log), qr/^worker uid 0: the channel to the server is closed: worker ends$/m,
         "$t: and ends");
    ok(server_alive($pid), "$t: the server goes on");
    is(stop_server($pid), 128 + 15, "$t: ends on SIGTERM");
}

# A worker holds nothing its user could not: its descriptors are /dev/null,
# its stderr pipe (-d), its channel and its user's connections; none is a
# file, and no socket of root's.  It is a fresh image of a program kept in
# a directory only root may enter (fexecve of a descriptor), running as
# the user with the user's groups.
for my $t (transports('ch17/opend2')) {
    my $private = "$scratch/private-$t";
    mkdir $private or die;
    chmod 0700, $private;
    copy(program('ch17/opend2', $t), "$private/opend2") or die;
    chmod 0755, "$private/opend2";
    my $sock = "$scratch/$t-worker.socket";
    my $log = "$scratch/$t-worker.log";
    my $pid = start_in("$private/opend2", $sock, $log, $scratch);
    ok($pid, "$t: opend2 from a directory of mode 0700: started") or next;
    my $holder = fork // die;
    if ($holder == 0) {
        open STDOUT, '>', '/dev/null' or die;
        exec @$as, $bin{$t}{attack_any}, 'hold', $sock, 3, 30 or die;
    }
    # The worker logs each connection once it holds it.
    my ($worker, @taken);
    wait_until(sub {
        my $text = slurp($log);
        ($worker) = $text =~ /^worker for uid $NOBODY gid $NOBODY started: pid (\d+)$/m;
        @taken = $text =~ /^worker uid $NOBODY: new connection: uid $NOBODY, fd (\d+)$/mg;
        # Exec'd (its command line says -w), its 3 connections in.
        $worker && slurp("/proc/$worker/cmdline") =~ /\0-w\0/ && @taken == 3;
    });
    ok($worker, "$t: a worker for uid $NOBODY started") or next;
    is(scalar @taken, 3, "$t: it has taken the user's 3 connections");
    like(slurp("/proc/$worker/status"), qr/^Uid:\s+$NOBODY\s+$NOBODY\s+$NOBODY\s+$NOBODY$/m,
         "$t: the worker runs as the user");
    like(slurp("/proc/$worker/status"), qr/^Gid:\s+$NOBODY\s+$NOBODY\s+$NOBODY\s+$NOBODY$/m,
         "$t: with the user's group");
    my %root_sockets = map { $_ => 1 } grep { /^socket:/ } values %{ fd_table($pid) };
    my $fd = fd_table($worker);
    my @held = values %$fd;
    is_deeply([grep { !m{^(?:/dev/null|pipe:\[\d+\]|socket:\[\d+\])$} } @held], [],
              "$t: the worker holds no file");
    is_deeply([grep { $root_sockets{$_} } @held], [],
              "$t: and no socket of root's (no listening socket, no other user's client)");
    is_deeply([@$fd{0, 1}], ['/dev/null', '/dev/null'], "$t: 0 and 1 are /dev/null");
    # Over STREAMS pipe(2) makes a stream pipe, as on SVR4: a socket here.
    like($fd->{2} // '', $t eq 'streams' ? qr/^socket:\[\d+\]$/ : qr/^pipe:\[\d+\]$/,
         "$t: 2 is the pipe root reads its log from");
    is_deeply([sort { $a <=> $b } grep { $_ > 2 && $fd->{$_} =~ /^socket:/ } keys %$fd],
              [3, sort { $a <=> $b } @taken],
              "$t: its channel (3) and the user's 3 connections, and no other socket");
    my $r = run_program(argv => [@$as, $bin{$t}{open2}, '-s', $sock],
                        stdin => "$scratch/readable\n");
    is($r->{out}, "a readable file\n", "$t: and it serves");
    kill 'TERM', $holder;        # it removes its names, then ends
    waitpid $holder, 0;
    stop_server($pid);
}

# The descriptors of process $p: { number => what it refers to }.
sub fd_table {
    my ($p) = @_;
    opendir my $d, "/proc/$p/fd" or return {};
    return { map { my $to = readlink("/proc/$p/fd/$_"); defined $to ? ($_ => $to) : () }
             grep { /^\d+$/ } readdir $d };
}

# -d logs each request in one line: uid, path name, flags, outcome.
for my $t (transports('ch17/opend2')) {
    my $sock = "$scratch/$t-log.socket";
    my $log = "$scratch/$t-log.log";
    my $pid = start_in(program('ch17/opend2', $t), $sock, $log, $scratch);
    ok($pid, "$t opend2 -d: started") or next;
    run_program(argv => [@$as, $bin{$t}{open2}, '-s', $sock],
                stdin => "$scratch/readable\n$scratch/secret\n");
    run_program(argv => [program('t/unit/opend_client', $t), '-s', $sock,
                         "open:$scratch/readable:" . (1 | 1024), 'open:rel:0']);
    # The workers' lines reach the log through the root process: wait
    # until all four requests are there before stopping it.
    wait_until(sub { (() = slurp($log) =~ /^worker uid \d+: request: /mg) >= 4 });
    stop_server($pid);
    my $text = slurp($log);
    like($text, qr{^worker uid $NOBODY: request: uid $NOBODY, open "\Q$scratch\E/readable" O_RDONLY: descriptor sent$}m,
         "$t: -d logs a request served");
    like($text, qr{^worker uid $NOBODY: request: uid $NOBODY, open "\Q$scratch\E/secret" O_RDONLY: Permission denied$}m,
         "$t: -d logs a request denied");
    like($text, qr{^worker uid 0: request: uid 0, open "\Q$scratch\E/readable" O_WRONLY\|O_APPEND: descriptor sent$}m,
         "$t: -d names the flags");
    like($text, qr{^worker uid 0: request: uid 0, refused: relative path name refused}m,
         "$t: -d logs a request refused");
}

done_testing();
