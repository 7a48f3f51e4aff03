#!/usr/bin/perl
# The version 2 servers when their listening endpoint fails:
# over STREAMS, a fattach helper killed with SIGKILL hangs up the
# listening stream, and every server (select, poll, compact poll, epoll)
# must end with one line naming serv_accept and status 2 (log_sys, as the
# book's server ends on any serv_accept error), with -d and as a daemon,
# instead of failing serv_accept for ever at full CPU.  Over both
# transports: a client that arrives while the server is out of
# descriptors (RLIMIT_NOFILE lowered with prlimit) is refused once (its
# socket file removed, with its own rights: a client of nobody) and
# the server goes on serving, instead of waking for it again and again.
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

my @servers = ('ch17/opend2', 'ch17/opend2_poll',
               'exercises/17.5/opend_compact', 'exercises/17.5/opend_epoll');
plan skip_all => 'the version 2 servers are not built: run make'
    unless grep { transports($_) } @servers;
plan skip_all => 'needs /proc to find the processes' unless -d '/proc/self/fd';

my $scratch = open_scratch(scratch_dir());
my $readable = "$scratch/readable";
open my $fh, '>', $readable or die "$readable: $!";
print {$fh} "a readable file\n";
close $fh;

# Whatever happens, no process this test started outlives it.
my (@sockets, @children);
END {
    local $?;               # waitpid below must not become our exit status
    kill 'KILL', grep { waitpid($_, WNOHANG) == 0 } @children;
    stop_daemons($_) for @sockets;
}

# A server that fails serv_accept in a loop writes its log at hundreds
# of megabytes a second: past this size it is flooding, and the test
# stops it instead of waiting (and reads no more than this of a log).
my $FLOOD = 65536;

# The start of a log, at most $FLOOD bytes.
sub log_text {
    my ($path) = @_;
    open my $fh, '<', $path or return '';
    my $text = '';
    read $fh, $text, $FLOOD;
    return $text;
}

# Wait up to 10 seconds (a watchdog, not a timer) for the child $pid to
# end: its status (128+signal); undef if it was still running, or if the
# server log $log shows a flood first (then $pid has been killed).
sub wait_for_exit {
    my ($pid, $log) = @_;
    for (1 .. 1000) {
        if (waitpid($pid, WNOHANG) == $pid) {
            return $? & 127 ? 128 + ($? & 127) : $? >> 8;
        }
        last if (-s $log // 0) > $FLOOD;
        sleep 0.01;
    }
    kill 'KILL', $pid;
    waitpid $pid, 0;
    return undef;
}

# Run a client in the background, output in $out; $client may be an argv
# prefix and the program (an array).
sub start_client {
    my ($client, $sock, $out, @steps) = @_;
    my @argv = ref $client ? @$client : ($client);
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        own_group();
        open STDIN, '<', '/dev/null' or die;
        open STDOUT, '>', $out or die "$out: $!";
        open STDERR, '>&', \*STDOUT or die;
        exec @argv, '-s', $sock, @steps or die "exec @argv: $!";
    }
    push @children, track_group($pid, $argv[-1]);
    return $pid;
}

# How many lines of $text start with $prefix.
sub count_lines {
    my ($text, $prefix) = @_;
    return scalar grep { index($_, $prefix) == 0 } split /\n/, $text;
}

# The fattach helper serving $sock: the other process with the server's
# command line.  With -d it is the one that is not $server; a daemon is
# not a session leader (daemonize forks after setsid), the helper is.
sub helper_of {
    my ($sock, $server) = @_;
    return wait_until(sub {
        my @pids = grep {
            defined $server ? $_ != $server : session_of($_) == $_
        } daemons_of($sock);
        return @pids == 1 ? $pids[0] : undef;
    });
}

# ---- over STREAMS: the helper is killed ----

for my $server (grep { -x program($_, 'streams') } @servers) {
    my ($name) = $server =~ m{([^/]+)$};
    my $what = "streams $name";
    my $sock = "$scratch/gone-$name.socket";
    my $log = "$scratch/gone-$name.log";
    push @sockets, $sock;
    my $pid = start_server(program($server, 'streams'), $sock, $log);
    push @children, $pid;

    my $r = run_program(argv => [program('t/unit/opend_client', 'streams'),
                                 '-s', $sock, "open:$readable:0"]);
    is($r->{out}, "fd: a readable file\n", "$what: serving");
    my $helper = helper_of($sock, $pid);
    ok($helper, "$what: the fattach helper found") or next;
    kill 'KILL', $helper;

    my $status = wait_for_exit($pid, $log);
    is($status, 2, "$what: helper killed: the server ends, status 2");
    my $text = log_text($log);
    like($text, qr/^serv_accept error: .*No such device or address\n\z/m,
         "$what: its last words name serv_accept and the hangup (ENXIO)");
    is(count_lines($text, 'serv_accept error'), 1,
       "$what: one serv_accept line, no flood")
        or diag(substr($text, 0, 400));
}

SKIP: {
    my $prog = program('ch17/opend2', 'streams');
    skip 'ch17/streams/opend2 not built', 4 unless -x $prog;
    my $sock = "$scratch/gone-daemon.socket";
    push @sockets, $sock;
    my $r = run_program(argv => [$prog, '-s', $sock]);
    is($r->{status}, 0, 'streams opend2 daemon: started');
    my $helper = helper_of($sock, undef);
    ok($helper, 'streams opend2 daemon: the fattach helper found')
        or skip 'no helper to kill', 2;
    # Until daemonize's second fork is done, /proc may show its
    # intermediate process, or neither.
    my $daemon = wait_until(sub {
        my @d = grep { $_ != $helper } daemons_of($sock);
        return @d == 1 ? $d[0] : undef;
    });
    ok($daemon, 'streams opend2 daemon: the daemon found');
    kill 'KILL', $helper;
    ok(wait_until(sub { !daemons_of($sock) }),
       'streams opend2 daemon: helper killed: the daemon is gone too');
}

# ---- over both transports: out of descriptors ----

my ($prlimit) = grep { -x } map { "$_/prlimit" } split /:/, $ENV{PATH} // '';

SKIP: {
    skip 'no prlimit(1) to lower a running server\'s RLIMIT_NOFILE', 1
        unless $prlimit;
    for my $server (@servers) {
        my ($name) = $server =~ m{([^/]+)$};
        for my $t (transports($server)) {
            out_of_descriptors($server, $name, $t);
        }
    }
}

# [setpriv ..., a copy of $client that nobody can run], or $client when
# we cannot switch users (the tree may be in a directory of mode 0700).
sub as_nobody_if_root {
    my ($client, $t) = @_;
    my $as = nobody_prefix() or return $client;
    my $copy = "$scratch/opend_client-$t";
    unless (-x $copy) {
        copy($client, $copy) or die "copy $client: $!";
        chmod 0755, $copy;
    }
    return [@$as, $copy];
}

# Lower the server's descriptor limit so that exactly two clients fit,
# connect two that stay, then a third: refused, once, and the server
# serves the next client once a slot is free again.
sub out_of_descriptors {
    my ($server, $name, $t) = @_;
    my $what = "$t $name";
    my $client = program('t/unit/opend_client', $t);
    my $sock = "$scratch/emfile-$t-$name.socket";
    my $log = "$scratch/emfile-$t-$name.log";
    push @sockets, $sock;
    # The loop's own descriptor table: the server in one process (-B);
    # privilege-separated, the root process holds no client at all.
    my $pid = start_server(program($server, $t), $sock, $log, '-B', '-U');
    push @children, $pid;

    # Into the loop (the epoll loop makes its descriptor first).
    my $r = run_program(argv => [$client, '-s', $sock, "open:$readable:0"]);
    is($r->{out}, "fd: a readable file\n", "$what: serving");
    wait_until(sub { count_lines(log_text($log), 'closed: ') == 1 });

    opendir my $d, "/proc/$pid/fd" or die "/proc/$pid/fd: $!";
    my %used = map { $_ => 1 } grep { /^\d+$/ } readdir $d;
    closedir $d;
    my ($limit, $free) = (0, 0);
    while ($free < 2) {
        $free++ unless $used{$limit};
        $limit++;
    }
    system($prlimit, "--pid=$pid", "--nofile=$limit:$limit") == 0
        or die "prlimit failed";

    my @holders = map {
        start_client($client, $sock, "$scratch/emfile-$t-$name.hold$_",
                     'sleep:30000')
    } 1 .. 2;
    ok(wait_until(sub { count_lines(log_text($log), 'new connection: ') == 3 }),
       "$what: two clients fill the descriptor table");

    # The client refused is nobody's when we can switch users, so its
    # socket file is one only nobody's rights may remove.
    my $out = "$scratch/emfile-$t-$name.refused";
    my $refused = start_client(as_nobody_if_root($client, $t), $sock, $out,
                               "open:$readable:0");
    ok(defined wait_for_exit($refused, $log), "$what: a third client is answered");
    unlike(slurp($out), qr/^fd: /, "$what: by a hang-up, not a descriptor");
    is(scalar client_names($refused), 0, "$what: its socket file is removed")
        if $t eq 'sockets';
    # EMFILE in glibc's words or musl's.
    ok(wait_until(sub { log_text($log) =~
                  /^serv_accept error: (?:Too many open files|No file descriptors available)$/m }),
       "$what: serv_accept reports EMFILE");
    sleep 0.2;              # time enough for a spinning loop to show
    my $text = log_text($log);
    if (!is(count_lines($text, 'serv_accept error'), 1,
            "$what: one serv_accept error (EMFILE), no flood")) {
        diag(substr($text, 0, 400));
        kill 'KILL', $pid, @holders;            # stop the flood here
        waitpid $_, 0 for $pid, @holders;
        return;
    }

    # A request needs two slots: the connection and the file it opens.
    kill 'KILL', @holders;
    waitpid $_, 0 for @holders;
    ok(wait_until(sub { count_lines(log_text($log), 'closed: ') == 3 }),
       "$what: the two clients leave");
    $r = run_program(argv => [$client, '-s', $sock, "open:$readable:0"]);
    is($r->{out}, "fd: a readable file\n", "$what: the next client is served");
    is(stop_server($pid), 128 + 15, "$what: still running at the end");
}

done_testing();
