#!/usr/bin/perl
# The privilege-separated open servers run as root against a local user
# (uid 65534) who wants more than a file: every version 2 server (the
# select and poll loops, the two loops of Exercise 17.5), over every
# transport built.
#   1 -T and -B, unsafe as root, refuse to start as root without -U;
#   2 lock-outs: over its limit (-c 1), the user passes a lingering TCP
#     socket inside each refused connection, or floods it with four
#     writers: root is served meanwhile (a 10 s bound stops a hung test).
#     Over sockets, a kernel with SO_PASSRIGHTS (Linux 6.16) refuses the
#     lingering socket at the user's sendmsg (EPERM), and must;
#   3 the worker, of a server started with -d on a terminal: its own
#     session, no controlling terminal, not dumpable (its user can neither
#     trace it nor read its /proc files), limits no higher than process
#     1's where root's are;
#   4 groups: the worker has the client's own supplementary groups (over
#     sockets, from the kernel), never its passwd entry's: a client that
#     dropped a group is not served a file of that group;
#   5 with gdb (root may trace anything): the worker's session keyring is
#     not root's, and what a worker writes to its log cannot pass for a
#     line of root's;
#   6 with gdb, root killed inside a refusal, after the fork of the child
#     that makes the last close and before the signal that lets it go:
#     the child ends too, instead of waiting for ever, still root;
#   7 with gdb, over sockets where the kernel has SO_PASSRIGHTS: a client
#     that connects between listen and the setsockopt that turns passing
#     off (it could still pass descriptors) is refused, not served.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use OpenServer;
use Test::More;
use File::Copy qw(copy);
use POSIX qw(WNOHANG);
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
write_file_as("$scratch/readable", "a readable file\n", 0644, 0);

# The programs, reachable by other users.
my %bin;
for my $t (qw(sockets streams)) {
    for my $p ('t/unit/attack_any', 'ch17/open2') {
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
    my ($path, $text, $mode, $uid, $gid) = @_;
    open my $fh, '>', $path or die "$path: $!";
    print {$fh} $text;
    close $fh;
    chmod $mode, $path;
    chown $uid, $gid // $uid, $path;
}

# Start @argv (as nobody unless told otherwise) in the background, its
# output into $out; the pid.
sub background {
    my ($out, @argv) = @_;
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        ApueTest::own_group();
        open STDIN, '<', '/dev/null' or die;
        open STDOUT, '>', $out or die;
        open STDERR, '>&', \*STDOUT or die;
        exec @argv or die "exec $argv[0]: $!";
    }
    return $pid;
}

# Kill the group led by $pid.  A process killed inside cli_conn leaves
# its name in /var/tmp: the names of uid 65534 whose process is gone go
# too, so that no later client meets them.
sub stop_group {
    my ($pid) = @_;
    kill 'KILL', -$pid;
    waitpid $pid, 0;
    for my $name (glob '/var/tmp/cli.*') {
        my ($owner) = $name =~ m{/cli\.(\d+)\.\d+$} or next;
        my $uid = (lstat $name)[4] // next;       # gone meanwhile
        unlink $name if $uid == $NOBODY && !kill(0, $owner);
    }
}

# The fields of /proc/PID/stat after the command name: [state, ppid,
# pgrp, session, tty_nr].
sub stat_of {
    my ($pid) = @_;
    my ($rest) = slurp("/proc/$pid/stat") =~ /\)\s+(.*)$/s;
    return [ (split ' ', $rest // '')[0 .. 4] ];
}

sub log_worker_pid {
    my ($log, $uid) = @_;
    return (slurp($log) =~ /^worker for uid $uid gid \d+ started: pid (\d+)$/m)[0];
}

my $ANY = qr/(?:worker uid \d+: )?/;     # a worker's line, prefixed or not

# 1: -T and -B refuse root, and say why.
for my $server (@servers) {
    for my $t (transports($server)) {
        my ($name) = $server =~ m{([^/]+)$};
        for my $flag ('-T', '-B') {
            my $sock = "$scratch/$t-$name$flag.socket";
            my $r = run_program(argv => [program($server, $t), '-d', '-s', $sock,
                                         $flag], timeout => 10);
            is($r->{status}, 1, "$t $name $flag as root: refuses to start");
            like($r->{err}, qr/\Q$flag\E is unsafe as root.*-U/,
                 "$t $name $flag as root: says why, and names -U");
            stop_daemons($sock);
        }
        my $r = run_program(argv => [program($server, $t), '-h']);
        like($r->{out}, qr/-U\s+allow -T or -B as root/,
             "$t $name -h: -U, and the risk of -T and -B as root");
    }
}

# 2: a refused connection costs root nothing it can be held by.  Over
# STREAMS (the emulation's pipes) a client may pass descriptors, so the
# lingering socket reaches root's refusal there on any kernel.
my $kernel_refuses_passing = $bin{sockets}{attack_any} &&
    run_program(argv => [$bin{sockets}{attack_any}, 'passrights'])->{out}
        =~ /^SO_PASSRIGHTS: yes$/m;
for my $server (@servers) {
    for my $t (transports($server)) {
        for my $attack ('linger', 'flood') {
            lock_out($server, $t, $attack);
        }
    }
}

sub lock_out {
    my ($server, $t, $attack) = @_;
    my ($name) = $server =~ m{([^/]+)$};
    my $what = "$t $name, $attack";
    my $sock = "$scratch/$t-$name-$attack.socket";
    my $log = "$scratch/$t-$name-$attack.log";
    my $pid = start_server(program($server, $t), $sock, $log, '-c', 1);
    my $holder = background("$scratch/$t-$name-$attack.hold", @$as,
                            $bin{$t}{attack_any}, 'hold', $sock, 1, 60);
    ok(wait_until(sub { slurp($log) =~ /^${ANY}new connection: uid $NOBODY,/m }, 10),
       "$what: uid $NOBODY holds its one connection");
    my $out = "$scratch/$t-$name-$attack.out";
    my $attacker = background($out, @$as, $bin{$t}{attack_any}, $attack,
                              $sock, 30);
    if ($attack eq 'linger' && $t eq 'sockets' && $kernel_refuses_passing) {
        ok(wait_until(sub { slurp($out) =~ /^refused [1-9]/m }, 10),
           "$what: the kernel refuses the lingering socket (SO_PASSRIGHTS)")
            or diag(slurp($out));
        # Refusals are quick: the attacker soon stops at 200.
        wait_until(sub { slurp($out) =~ /^passed \d+, refused \d+, of/m }, 30);
        like(slurp($out), qr/^passed 0, refused [1-9]\d*, of \d+$/m,
             "$what: none passes") or diag(slurp($out));
    } else {
        ok(wait_until(sub { slurp($out) =~ /^(?:passed [1-9]|flooding)/m }, 10),
           "$what: the attack is under way") or diag(slurp($out));
    }
    my $r = run_program(argv => [program('ch17/open2', $t), '-s', $sock],
                        stdin => "$scratch/readable\n", timeout => 10);
    is($r->{out}, "a readable file\n", "$what: root is served meanwhile");
    ok(server_alive($pid), "$what: the server is alive");
    stop_group($attacker);
    stop_group($holder);
    stop_server($pid);
}

# 3: the worker of a server on a terminal.
my ($script) = grep { -x } map { "$_/script" } split /:/, $ENV{PATH} // '';
my ($init_files) = slurp('/proc/1/limits') =~ /^Max open files\s+\S+\s+(\d+)/m;
my $nr_open = slurp('/proc/sys/fs/nr_open') =~ /(\d+)/ ? $1 : 0;
# Process 1's soft stack size limit, where it is a number below its hard one.
my $STACK_MORE = 8 << 20;
my ($init_stack, $init_stack_hard) =
    slurp('/proc/1/limits') =~ /^Max stack size\s+(\S+)\s+(\S+)/m;
undef $init_stack unless defined $init_stack && $init_stack =~ /^\d+$/
    && ($init_stack_hard eq 'unlimited' || $init_stack + $STACK_MORE <= $init_stack_hard);
my ($prlimit) = grep { -x } map { "$_/prlimit" } split /:/, $ENV{PATH} // '';
for my $server (@servers) {
    for my $t (transports($server)) {
        my ($name) = $server =~ m{([^/]+)$};
        SKIP: {
            skip 'script (util-linux) is needed to run a server on a terminal', 11
                unless $script;
            sealed_worker($server, $t, $name);
        }
    }
}

sub sealed_worker {
    my ($server, $t, $name) = @_;
    my $what = "$t $name on a terminal";
    my $sock = "$scratch/$t-$name-tty.socket";
    my $log = "$scratch/$t-$name-tty.log";
    # Root's open-file limit above process 1's, where the system allows.
    my $files = defined $init_files && $init_files + 1000 <= $nr_open
        ? $init_files + 1000 : undef;
    undef $files if defined $files
        && system('/bin/sh', '-c', "ulimit -Hn $files 2>/dev/null") != 0;
    my $raise = defined $files ? "ulimit -Hn $files && ulimit -n $files && " : '';
    # And a soft limit, which needs no privilege: the stack size, above
    # process 1's where that is below its hard limit (prlimit).  (Not the
    # core size: an ASan build sets its own to 0.)
    my $stack = defined $init_stack && $prlimit ? $init_stack + $STACK_MORE : undef;
    my $soft = defined $stack ? "'$prlimit' --stack=$stack: " : '';
    my $cmd = "${raise}exec ${soft}'" . program($server, $t) . "' -d -s '$sock' 2>'$log'";
    my $tty = background("$scratch/$t-$name-tty.out", $script, '-qfec', $cmd,
                         '/dev/null');
    ok(wait_until(sub { listening($sock) }, 10), "$what: started");
    my $holder = background("$scratch/$t-$name-tty.hold", @$as,
                            $bin{$t}{attack_any}, 'hold', $sock, 1, 60);
    my $worker = wait_until(sub { log_worker_pid($log, $NOBODY) }, 10);
    ok($worker && wait_until(sub { slurp("/proc/$worker/cmdline") =~ /\0-w\0/ }, 10),
       "$what: a worker for uid $NOBODY") or do { stop_group($holder); stop_group($tty); return };
    my ($root) = slurp("/proc/$worker/status") =~ /^PPid:\s+(\d+)/m;
    my ($rs, $ws) = (stat_of($root), stat_of($worker));
    isnt($rs->[4], 0, "$what: root has a controlling terminal");
    is($ws->[4], 0, "$what: the worker has none");
    is($ws->[3], $worker, "$what: the worker leads a session of its own");
    isnt($ws->[2], $rs->[2], "$what: in no process group of root's");
    is((stat "/proc/$worker/environ")[4], 0,
       "$what: the worker is not dumpable (its /proc files are root's)");
    my $r = run_program(argv => [@$as, 'cat', "/proc/$worker/environ"]);
    isnt($r->{status}, 0, "$what: its user cannot read its memory (ptrace access)");
    SKIP: {
        skip 'no prlimit, or process 1 has no stack size limit to stay under', 2
            unless defined $stack;
        my ($wstack) = slurp("/proc/$worker/limits") =~ /^Max stack size\s+(\d+)/m;
        my ($rstack) = slurp("/proc/$root/limits") =~ /^Max stack size\s+(\d+)/m;
        is($rstack, $stack, "$what: root's stack size limit is above process 1's");
        cmp_ok($wstack // 'none', '<=', $init_stack,
               "$what: the worker's stack size limit is process 1's");
    }
    SKIP: {
        skip 'this system lets no process raise its open-file hard limit above process 1\'s (CAP_SYS_RESOURCE)', 1
            unless defined $files;
        my ($wfiles) = slurp("/proc/$worker/limits") =~ /^Max open files\s+\S+\s+(\d+)/m;
        cmp_ok($wfiles, '<=', $init_files,
               "$what: root raised its open-file limit, the worker's is process 1's");
    }
    stop_group($holder);
    stop_group($tty);
    stop_daemons($sock);
}

# 4: the client's own supplementary groups.
my $GROUP = 4242;
write_file_as("$scratch/group-only", "group only\n", 0640, 0, $GROUP);
# A user whose passwd groups (/etc/group) include one it can drop.
my ($member, $member_gid, $dropped);
setgrent();
while (my @g = getgrent()) {
    for my $user (split ' ', $g[3] // '') {
        my @pw = getpwnam($user);
        next unless @pw && $pw[3] != $g[2] && $pw[2] != 0;
        ($member, $member_gid, $dropped) = ($pw[2], $pw[3], $g[2]);
        last;
    }
    last if defined $member;
}
endgrent();
write_file_as("$scratch/dropped-only", "dropped group only\n", 0640, 0, $dropped)
    if defined $dropped;
for my $server (@servers) {
    for my $t (transports($server)) {
        my ($name) = $server =~ m{([^/]+)$};
        my $what = "$t $name";
        my $sock = "$scratch/$t-$name-groups.socket";
        my $log = "$scratch/$t-$name-groups.log";
        my $pid = start_server(program($server, $t), $sock, $log);
        my $r = run_program(argv => ['setpriv', "--reuid=$NOBODY", "--regid=$NOBODY",
                                     "--groups=$GROUP", $bin{$t}{open2}, '-s', $sock],
                            stdin => "$scratch/group-only\n");
        if ($t eq 'sockets') {
            is($r->{out}, "group only\n",
               "$what: a client in group $GROUP (not its passwd's) is served that group's file");
        } else {
            is($r->{out}, '', "$what: over STREAMS no kernel word for the groups: none");
        }
        SKIP: {
            skip 'no user in /etc/group with a group to drop', 1 unless defined $member;
            $r = run_program(argv => ['setpriv', "--reuid=$member", "--regid=$member_gid",
                                      '--clear-groups', $bin{$t}{open2}, '-s', $sock],
                             stdin => "$scratch/dropped-only\n");
            is($r->{out}, '', "$what: a client that dropped group $dropped "
                              . "(its passwd's) is not served that group's file");
        }
        stop_server($pid);
    }
}

# 5: with gdb, root looks inside the worker.
my ($gdb) = grep { -x } map { "$_/gdb" } split /:/, $ENV{PATH} // '';
my $keyctl = eval { require 'syscall.ph'; &SYS_keyctl() };
for my $t (transports('ch17/opend2')) {
    SKIP: {
        skip 'gdb is needed to look inside the worker', 7 unless $gdb;
        skip 'no syscall.ph for keyctl', 7 unless defined $keyctl;
        inside_worker($t);
    }
}

# $expr evaluated in process $pid by gdb: its value, or undef.
sub in_process {
    my ($pid, $expr) = @_;
    my $r = run_program(argv => [$gdb, '-nx', '-batch', '-p', $pid, '-ex',
                                 "print $expr"], timeout => 60);
    return ($r->{out} =~ /^\$1 = (-?\d+)/m)[0];
}

sub inside_worker {
    my ($t) = @_;
    my $sock = "$scratch/$t-gdb.socket";
    my $log = "$scratch/$t-gdb.log";
    # A session keyring of our own, which the server inherits (without
    # one, every process falls back on its user's: no proof of anything).
    my $joined = syscall($keyctl, 1, my $name = "apue-opend-test.$$.$t");
    if ($joined <= 0) {
        SKIP: { skip "keyctl(KEYCTL_JOIN_SESSION_KEYRING) refused here: $!", 7 }
        return;
    }
    my $pid = start_server(program('ch17/opend2', $t), $sock, $log);
    my $holder = background("$scratch/$t-gdb.hold", @$as, $bin{$t}{attack_any},
                            'hold', $sock, 1, 60);
    my $worker = wait_until(sub { log_worker_pid($log, $NOBODY) }, 10);
    wait_until(sub { slurp($log) =~ /^${ANY}new connection: uid $NOBODY,/m }, 10);
    my $session = "(long)syscall($keyctl, 0, -3, 0)";      # KEYCTL_GET_KEYRING_ID
    my $root_ring = in_process($pid, $session);
    SKIP: {
        skip 'gdb cannot run a call in the server (ptrace refused here)', 7
            unless defined $root_ring && $root_ring > 0;
        my $worker_ring = in_process($worker, $session);
        is($root_ring, $joined, "$t: root has the session keyring the test made");
        ok(defined $worker_ring, "$t: gdb reads the worker's session keyring");
        isnt($worker_ring, $root_ring, "$t: the worker's session keyring is not root's");

        in_process($worker, '(long)write(2, "worker for uid 0 gid 0 started: pid 1\n", 38)');
        in_process($worker, '(long)write(2, "no newline", 10)');
        my $r = run_program(argv => [program('ch17/open2', $t), '-s', $sock],
                            stdin => "$scratch/readable\n");
        is($r->{out}, "a readable file\n", "$t: root is served after the writes");
        # Root relays the worker's line in its own time.
        wait_until(sub { slurp($log) =~ /^worker uid $NOBODY: worker for uid 0 gid 0 started: pid 1$/m }, 10);
        my $text = slurp($log);
        like($text, qr/^worker uid $NOBODY: worker for uid 0 gid 0 started: pid 1$/m,
             "$t: the worker's line is in the log, as the worker's");
        unlike($text, qr/^worker for uid 0 gid 0 started: pid 1$/m,
               "$t: a worker's line that claims to be root's is not taken for root's");
        like($text, qr/^worker for uid 0 gid 0 started: pid (?!1$)\d+$/m,
             "$t: root's next line starts a line of its own");
    }
    stop_group($holder);
    stop_server($pid);
}

# 6: root dies between the fork of a refusal's child and its signal.
for my $t (transports('ch17/opend2')) {
    SKIP: {
        skip 'gdb is needed to stop root inside a refusal', 4 unless $gdb;
        root_dies_in_refusal($t);
    }
}

# Is a process of group $pgrp running (not a zombie)?
sub group_running {
    my ($pgrp) = @_;
    for my $stat (glob '/proc/[0-9]*/stat') {
        my ($state, $group) = slurp($stat) =~ /\)\s+(\S)\s+-?\d+\s+(\d+)/
            or next;
        return 1 if $group == $pgrp && $state ne 'Z';
    }
    return 0;
}

sub root_dies_in_refusal {
    my ($t) = @_;
    my $sock = "$scratch/$t-pdeath.socket";
    my $log = "$scratch/$t-pdeath.log";
    my $pid = start_server(program('ch17/opend2', $t), $sock, $log, '-c', 1);
    my $holder = background("$scratch/$t-pdeath.hold", @$as, $bin{$t}{attack_any},
                            'hold', $sock, 1, 60);
    ok(wait_until(sub { slurp($log) =~ /^${ANY}new connection: uid $NOBODY,/m }, 10),
       "$t: uid $NOBODY holds its one connection");

    # Stop root in close_as_client at its kill(), and kill root there.
    my $trace = "$scratch/$t-pdeath.gdb";
    my $tracer = background($trace, $gdb, '-nx', '-batch', '-p', $pid,
                            '-ex', 'break close_as_client', '-ex', 'continue',
                            '-ex', 'break kill', '-ex', 'continue', '-ex', 'kill');
    # Attached and going on: traced, and not stopped (gdb's own output
    # reaches the file only when it ends).
    my $going_on = sub {
        my $status = slurp("/proc/$pid/status");
        my ($tracer_pid) = $status =~ /^TracerPid:\s+(\d+)/m;
        my ($state) = $status =~ /^State:\s+(\S)/m;
        return $tracer_pid && $state ne 't';
    };
    if (!wait_until($going_on, 30)) {
        SKIP: { skip "gdb cannot attach to the server (ptrace refused here)", 3 }
        stop_group($tracer);
        stop_group($holder);
        stop_server($pid);
        return;
    }
    my $r = run_program(argv => [@$as, $bin{$t}{open2}, '-s', $sock],
                        stdin => "$scratch/readable\n", timeout => 10);
    like($r->{err}, qr/has 1 connections, the most allowed/,
         "$t: a client over the limit is refused");
    # gdb ends once root has reached the kill; if it never does, gdb
    # would wait for ever: end it, and the check below fails.
    wait_until(sub { waitpid($tracer, WNOHANG) == $tracer }, 30)
        or stop_group($tracer);
    like(slurp($trace), qr/^Breakpoint 2,/m,
         "$t: root stopped at the kill that lets its child go, and was killed")
        or diag(slurp($trace));
    ok(wait_until(sub { !group_running($pid) }, 10),
       "$t: the refusal's child ended with root (it waited for ever before)");
    stop_group($holder);
    stop_server($pid);
}

# 7: a client connected while the server starts.
SKIP: {
    skip 'gdb is needed to stop the server as it starts', 4 unless $gdb;
    skip 'no SO_PASSRIGHTS in this kernel: nothing to refuse', 4
        unless $kernel_refuses_passing;
    connected_while_starting();
}

# How many sockets /proc/net/unix lists at $path: the listener, and one
# more for each connection not yet accepted.
sub sockets_at {
    my ($path) = @_;
    open my $fh, '<', '/proc/net/unix' or return 0;
    return scalar grep { my @f = split; @f >= 8 && $f[7] eq $path } <$fh>;
}

sub connected_while_starting {
    my $sock = "$scratch/starting.socket";
    my $log = "$scratch/starting.log";
    my $go = "$scratch/starting.go";
    # gdb runs the server, stops it in refuse_passed_descriptors (after
    # serv_listen's listen), waits for $go, and lets it run on.
    my $tracer = background($log, $gdb, '-nx', '-batch',
                            '-ex', 'break refuse_passed_descriptors', '-ex', 'run',
                            '-ex', "shell while [ ! -e '$go' ]; do sleep 0.05; done",
                            '-ex', 'detach',
                            '--args', program('ch17/opend2', 'sockets'), '-d', '-s', $sock);
    if (!wait_until(sub { listening($sock) }, 30)) {
        SKIP: { skip 'gdb cannot run the server here', 4 }
        stop_group($tracer);
        stop_daemons($sock);
        return;
    }
    my $early = "$scratch/starting.early";
    my $client = background($early, @$as, 'sh', '-c',
                            "echo '$scratch/readable' | '$bin{sockets}{open2}' -s '$sock'");
    ok(wait_until(sub { sockets_at($sock) >= 2 }, 10),
       'starting: a client connects while the server is stopped after listen');
    open my $fh, '>', $go or die "$go: $!";
    close $fh;
    ok(wait_until(sub { waitpid($client, WNOHANG) == $client }, 10),
       'starting: the early client is answered');
    like(slurp($early), qr/connected while the server was starting: try again/,
         'starting: it is refused, as its connection could carry descriptors')
        or diag(slurp($early), slurp($log));
    my $r = run_program(argv => [@$as, $bin{sockets}{open2}, '-s', $sock],
                        stdin => "$scratch/readable\n", timeout => 10);
    is($r->{out}, "a readable file\n", 'starting: the next client is served');
    stop_group($client);
    stop_group($tracer);
    stop_daemons($sock);
}

done_testing();
