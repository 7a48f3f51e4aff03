# OpenServer.pm - what the open-server tests (t/04xx) share: start a
# version 2 server in the foreground on a scratch socket, stop it, count
# its descriptors, run a client as an unprivileged user, and the files of
# the sessions; find and stop the processes serving a name (daemons).
package OpenServer;

use strict;
use warnings;
use Exporter 'import';
use POSIX qw(WNOHANG);
use Fcntl qw(O_RDONLY O_WRONLY O_RDWR O_NONBLOCK);
use Time::HiRes qw(sleep);
use Test::More;
use ApueTest;

our @EXPORT = qw(start_server stop_server server_alive fd_count wait_until
                 daemons_of stop_daemons session_of
                 idle_fd_count nobody_prefix open_scratch
                 book_session nobody_session slurp
                 hostile_clients parallel_files run_parallel
                 flag_requests client_names listening);

# The socket files cli_conn bound for process $pid and left in /var/tmp
# (a server, or the client itself, must remove each one).
sub client_names {
    my ($pid) = @_;
    my @names = glob "/var/tmp/cli.$pid.*";
    return @names;
}

# A scratch directory other users can enter (for the setpriv clients).
sub open_scratch {
    my ($dir) = @_;
    chmod 0755, $dir or die "chmod $dir: $!";
    return $dir;
}

# Is a server listening on $sock?  The name exists from bind on, a moment
# before listen, when a client still gets ECONNREFUSED: on Linux,
# /proc/net/unix shows the listening flag (__SO_ACCEPTCON, 0x10000).  A
# name that /proc/net/unix does not list was bound elsewhere and renamed
# into place once serving (the STREAMS emulation's fattach does that), and
# elsewhere the name is all we can see: then a socket file is enough.
sub listening {
    my ($sock) = @_;
    open my $fh, '<', '/proc/net/unix' or return -S $sock;
    while (my $line = <$fh>) {
        my @f = split ' ', $line;
        return hex($f[3]) & 0x10000 ? 1 : 0
            if @f >= 8 && $f[7] eq $sock && $f[3] =~ /^[0-9A-Fa-f]+$/;
    }
    return -S $sock;
}

# start_server($program, $socket, $logfile, @flags): the pid of "$program
# -d -s $socket @flags", once it listens there (serv_listen runs before
# the loop).
sub start_server {
    my ($prog, $sock, $log, @flags) = @_;
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        own_group();
        open STDIN, '<', '/dev/null' or die;
        open STDOUT, '>', '/dev/null' or die;
        open STDERR, '>', $log or die "$log: $!";
        exec $prog, '-d', '-s', $sock, @flags or die "exec $prog: $!";
    }
    track_group($pid, $prog);
    for (1 .. 500) {
        return $pid if listening($sock);
        last if waitpid($pid, WNOHANG) == $pid;
        sleep 0.01;
    }
    die "$prog did not create $sock";
}

sub server_alive {
    my ($pid) = @_;
    return waitpid($pid, WNOHANG) == 0 && kill(0, $pid);
}

# Stop the server; its exit status (128+signal).
sub stop_server {
    my ($pid) = @_;
    kill 'TERM', $pid;
    waitpid $pid, 0;
    return $? & 127 ? 128 + ($? & 127) : $? >> 8;
}

# Every live process whose command line names $sock: a daemon, and over
# STREAMS the fattach helper its serv_listen forked.
sub daemons_of {
    my ($sock) = @_;
    my @pids;
    for my $dir (glob '/proc/[0-9]*') {
        my $cmd = slurp("$dir/cmdline");
        next unless index($cmd, "\0$sock\0") >= 0 || $cmd =~ /\0\Q$sock\E$/;
        my $state = (split ' ', slurp("$dir/stat"))[2] // '';
        push @pids, ($dir =~ m{(\d+)$})[0] unless $state eq 'Z';
    }
    return @pids;
}

# SIGTERM to all of them, then SIGKILL to any still there after 2 seconds:
# no test leaves a server behind.  (Over STREAMS, ending either the
# server or its helper ends the other: the helper sees the stream hang
# up, the server sees its listening stream hang up.)
sub stop_daemons {
    my ($sock) = @_;
    kill 'TERM', daemons_of($sock);
    for (1 .. 200) {
        return unless daemons_of($sock);
        sleep 0.01;
    }
    kill 'KILL', daemons_of($sock);
    wait_until(sub { !daemons_of($sock) }, 2);
}

# Poll $test every 10 ms until it holds, for at most $seconds (30 unless
# given: a bound for a loaded machine, not a timer, as the wait ends once
# it holds); its last value.
sub wait_until {
    my ($test, $seconds) = @_;
    my $deadline = Time::HiRes::time() + ($seconds // 30);
    while (Time::HiRes::time() < $deadline) {
        my $v = $test->();
        return $v if $v;
        sleep 0.01;
    }
    return $test->();
}

# The session ID of $pid, from /proc; -1 if unknown.
sub session_of {
    my ($pid) = @_;
    my $stat = slurp("/proc/$pid/stat");
    return ($stat =~ /\)\s+\S+\s+\d+\s+\d+\s+(\d+)/)[0] // -1;
}

# How many descriptors the process has open, from /proc; undef without it.
sub fd_count {
    my ($pid) = @_;
    opendir my $d, "/proc/$pid/fd" or return undef;
    my @fds = grep { /^\d+$/ } readdir $d;
    return scalar @fds;
}

# The server's descriptor count when no client is connected.  A server run
# with -d logs "new connection" after accepting and "closed" after closing
# (a worker's lines come prefixed with "worker uid N: "),
# so equal numbers of each mean every client is gone.  Call it after at
# least one request has been served, so the server is in its loop.
sub idle_fd_count {
    my ($pid, $log) = @_;
    for (1 .. (ApueTest::hung() ? 100 : 1000)) {        # 10 s, or 1 s
        my $text = slurp($log);
        my $opened = () = $text =~ /^(?:worker uid \d+: )?new connection: /mg;
        my $closed = () = $text =~ /^(?:worker uid \d+: )?closed: /mg;
        return fd_count($pid) if $opened == $closed;
        sleep 0.01;
    }
    return fd_count($pid);
}

# The argv prefix that runs a program as nobody, or undef if we cannot.
sub nobody_prefix {
    return undef unless $> == 0;
    for my $dir (split /:/, $ENV{PATH} // '/usr/bin:/bin') {
        return ["$dir/setpriv", '--reuid=65534', '--regid=65534',
                '--clear-groups'] if -x "$dir/setpriv";
    }
    return undef;
}

sub slurp {
    my ($path) = @_;
    open my $fh, '<', $path or return '';
    local $/;
    return <$fh> // '';
}

sub write_file {
    my ($path, $text, $mode) = @_;
    open my $fh, '>', $path or die "$path: $!";
    print {$fh} $text;
    close $fh;
    chmod $mode, $path if defined $mode;
}

# The files of a session like the book's, in $dir: a readable file, a
# missing one, a directory, a path name with a space (next to a file "a"
# the server must never send instead).  Returns {stdin, out, err}.
sub book_session {
    my ($dir) = @_;
    write_file("$dir/readable", "a readable file\n", 0644);
    write_file("$dir/second", "line one\nline two\n", 0644);
    write_file("$dir/a", "WRONG FILE\n", 0644);
    mkdir "$dir/dir";
    return {
        stdin => join('', map { "$dir/$_\n" }
                      qw(readable missing dir second), 'a b', 'readable'),
        out => "a readable file\nline one\nline two\na readable file\n",
        err => "can't open $dir/missing: No such file or directory\n"
             . "can't read $dir/dir: Is a directory\n"
             . "csopen: $dir/a b: the open request cannot carry a path name "
             . "with white space\n",
    };
}

# Files nobody may not read: one of mode 0600, one in a directory of mode
# 0700.  Returns {stdin, out, err} for a client running as nobody.
sub nobody_session {
    my ($dir) = @_;
    write_file("$dir/public", "for everyone\n", 0644);
    write_file("$dir/secret", "root only\n", 0600);
    mkdir "$dir/private";
    chmod 0700, "$dir/private";
    write_file("$dir/private/inner", "behind a closed directory\n", 0644);
    return {
        stdin => "$dir/public\n$dir/secret\n$dir/private/inner\n$dir/public\n",
        out => "for everyone\nfor everyone\n",
        err => "can't open $dir/secret: Permission denied\n"
             . "can't open $dir/private/inner: Permission denied\n",
    };
}

# Steps for t/unit/opend_client that ask for $path with each access mode,
# with and without O_NONBLOCK, and what it must print: the descriptor
# received has the access mode asked for, O_NONBLOCK only when asked
# (the server opens every file non-blocking for itself), and
# close-on-exec clear (recv_fd never sets it: NOTES.md, "Figure 17.14:
# recv_fd").
sub flag_requests {
    my ($path) = @_;
    my @asks = ([O_RDONLY, 'rdonly'], [O_WRONLY, 'wronly'], [O_RDWR, 'rdwr'],
                [O_RDONLY | O_NONBLOCK, 'rdonly nonblock'],
                [O_RDWR | O_NONBLOCK, 'rdwr nonblock']);
    return ([map { "flags:$path:$_->[0]" } @asks],
            join('', map { "flags: $_->[1]\n" } @asks));
}

# Every hostile client, against the server $pid on $sock (the
# files of book_session in $scratch); $client is t/unit/opend_client.
# Ends with the server alive and holding the descriptors it started with.
sub hostile_clients {
    my ($client, $sock, $pid, $log, $scratch, $what, $t) = @_;
    my $readable = "$scratch/readable";
    my $second = "$scratch/second";
    my $talk = sub {
        run_program(argv => [$client, '-s', $sock, @_])->{out};
    };
    $talk->("open:$readable:0");                # into its loop
    my $fds = idle_fd_count($pid, $log);

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
    is($talk->('longreq:12000', 'reply', "open:$readable:0"),
       "error 90: request too long (the limit is 4096 bytes)\n"
       . "fd: a readable file\n",
       "$what: 12000 bytes and the null byte in one write: one error, in step");
    is($talk->('open:/%s%n%n%n%s%x:0'),
       "error 2: can't open /%s%n%n%n%s%x: No such file or directory\n",
       "$what: a path name full of % directives is just a name");
    my ($steps, $flags) = flag_requests($second);
    is($talk->(@$steps), $flags,
       "$what: the access mode and O_NONBLOCK asked for, no close-on-exec");
    is($talk->('open:etc/passwd:0'),
       "error 22: relative path name refused: the server does not know "
       . "your working directory\n",
       "$what: a relative path name is refused, and says why");
    is($talk->("send:open $readable 0"), '',
       "$what: no null byte, then gone");
    SKIP: {
        skip "$t: shutdown(SHUT_WR) is a socket call", 1
            unless $t eq 'sockets';
        is($talk->("send:open $readable 0", 'shut', 'reply'),
           "error 22: request not terminated by a null byte\n",
           "$what: no null byte before end of file: told so");
    }

    # A FIFO without a writer or reader: the open must not block the server.
    my $fifo = "$scratch/fifo";
    POSIX::mkfifo($fifo, 0644) or die "mkfifo: $!" unless -p $fifo;
    is($talk->("open:$fifo:0", "open:$fifo:1", "open:$readable:0"),
       "fd: \nerror 6: can't open $fifo: No such device or address\n"
       . "fd: a readable file\n",
       "$what: a FIFO with no writer, and one with no reader: no stall");

    # Leave before the answer, 20 times: no SIGPIPE may end the server.
    $talk->('send:open /no/such/file 0\0open /no/such/file 0\0') for 1 .. 20;
    ok(server_alive($pid), "$what: clients that leave before their answer");

    # One client connects and says nothing; another is served meanwhile.
    # (Once the server has logged the silent one's connection; it ends
    # when told.)
    my $connections = sub { scalar(() = slurp($log) =~ /^(?:worker uid \d+: )?new connection: /mg) };
    my $before = $connections->();
    my $silent = fork // die;
    if ($silent == 0) {
        own_group();
        exec $client, '-s', $sock, 'sleep:60000' or die;
    }
    track_group($silent, "$client sleep:60000");
    ok(wait_until(sub { $connections->() > $before }),
       "$what: the silent client's connection is logged");
    is($talk->("open:$readable:0"), "fd: a readable file\n",
       "$what: served while a silent client holds its connection");
    kill 'TERM', $silent;
    waitpid $silent, 0;

    # Thousands of requests, no answer read: dropped, not stalled.
    $talk->('flood:100000');
    ok(server_alive($pid), "$what: a flood of unread answers");
    is($talk->("open:$readable:0"), "fd: a readable file\n",
       "$what: serving after the flood");

    SKIP: {
        skip 'no /proc to count descriptors', 1 unless defined $fds;
        is(idle_fd_count($pid, $log), $fds,
           "$what: the descriptors it started with, no more");
    }
    ok(server_alive($pid), "$what: alive at the end");
}

# Four files (empty, one byte, a line, 20000 bytes) and $scratch/list
# naming them in turn, $requests lines; returns the bytes a client that
# copies them all prints.
sub parallel_files {
    my ($scratch, $requests) = @_;
    my @files = (['empty', ''], ['byte', 'x'], ['line', "one line\n"],
                 ['big', join('', map { sprintf "%07d\n", $_ } 1 .. 2500)]);
    for my $f (@files) {
        write_file("$scratch/$f->[0]", $f->[1], 0644);
    }
    my ($list, $expected) = ('', '');
    for my $i (0 .. $requests - 1) {
        my $f = $files[$i % @files];
        $list .= "$scratch/$f->[0]\n";
        $expected .= $f->[1];
    }
    write_file("$scratch/list", $list);
    return $expected;
}

# Run $n copies of @argv at once, stdin from $scratch/list; how many
# printed exactly $expected, with nothing on stderr, and exited 0.
sub run_parallel {
    my ($scratch, $tag, $n, $expected, @argv) = @_;
    my @pids;
    for my $i (1 .. $n) {
        my $pid = fork // die "fork: $!";
        if ($pid == 0) {
            own_group();
            open STDIN, '<', "$scratch/list" or die;
            open STDOUT, '>', "$scratch/$tag.$i.out" or die;
            open STDERR, '>', "$scratch/$tag.$i.err" or die;
            exec @argv or die "exec: $!";
        }
        push @pids, track_group($pid, $argv[0]);
    }
    my $good = 0;
    for my $i (1 .. $n) {
        waitpid $pids[$i - 1], 0;
        my $status = $?;
        $good++ if $status == 0
            && slurp("$scratch/$tag.$i.out") eq $expected
            && slurp("$scratch/$tag.$i.err") eq '';
    }
    return $good;
}

1;
