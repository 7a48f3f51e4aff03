#!/usr/bin/perl
# Every ch17 program, over every transport built, under valgrind
# --track-fds=yes --error-exitcode=1 with full leak checking: no memory
# error, no leak, and no descriptor open at exit that the program did not
# inherit, in the program and in every process it forks or execs.  Then
# real sessions of the open servers: version 1 (open starting opend) and
# version 2 (opend2 and opend2_poll, each with open2 and a client sending
# bad requests), both under valgrind, over both transports: no error, no
# leak, and at exit no descriptor but the server's own endpoints.  A
# version 2 server runs privilege-separated, as it ships: its root
# process and the worker it fexecve's are each checked for their role.
# Skips with the reason when valgrind is absent or cannot run this build
# (an ASan build, debug info it cannot read, or a musl build: valgrind
# replaces musl's free but not its malloc, so every free of a correct
# program is reported invalid).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use OpenServer;
use Test::More;
use File::Basename qw(basename);
use IPC::SysV ();
use POSIX qw(WNOHANG);
use Time::HiRes qw(sleep);

my $top = top_dir();
my $scratch = scratch_dir();

# CI sets APUE_REQUIRE_VALGRIND=1 where valgrind must run: there a reason
# to skip is a failure.
sub cannot_run {
    my ($why) = @_;
    plan skip_all => $why unless $ENV{APUE_REQUIRE_VALGRIND};
    plan tests => 1;
    fail("valgrind pass required, but $why");
    exit 1;
}

cannot_run('valgrind is not installed')
    unless system('valgrind --version >/dev/null 2>&1') == 0;

# How to run each program: argv, directory, expected exit status.  A
# program not listed here is run with -h only (listed below as a note):
# give it real runs here when it is added.
my %runs = (
    passfd => [
        { args => [], chdir => "$top/ch17", status => 0,
          what => 'passes test.txt' },
        { args => ["$scratch/missing.txt"], status => 1,
          what => 'reports a file it cannot open' },
    ],
    # Figures 17.3-17.5 (pollmsg, sendmsg, bindunix): message queues made
    # and removed, helper threads started and stopped (-n 0: no message
    # awaited); a queue that is not there; a bind.
    pollmsg => [
        { args => ['-n', 0, '-f', key_file()], status => 0,
          what => 'makes three queues and helpers, stops, removes them' },
    ],
    sendmsg => [
        { args => [sprintf('0x%x', IPC::SysV::ftok(key_file(), 9)), 'x'],
          status => 1, what => 'reports a queue that is not there' },
    ],
    bindunix => [
        { args => ["$scratch/bound.socket"], status => 0,
          what => 'binds a name' },
    ],
);

# A file for private message-queue keys (ftok).
sub key_file {
    my $file = "$scratch/keyfile";
    unless (-e $file) {
        open my $fh, '>', $file or die "$file: $!";
        close $fh;
    }
    return $file;
}

my @programs = sort grep { -f && -x && basename($_) !~ /\./ }
    (glob("$top/ch17/*"), glob("$top/ch17/streams/*"));
plan skip_all => 'no ch17 program built: run make' unless @programs;

my $serial = 0;

# How to run $prog under valgrind (run_program's options), its reports
# going to a folder of their own.
sub valgrind_run {
    my ($prog, $run) = @_;
    my $logdir = "$scratch/vg" . $serial++;
    mkdir $logdir or die "mkdir $logdir: $!";
    return { logdir => $logdir,
        argv => ['valgrind', '--track-fds=yes', '--error-exitcode=1',
                 '--leak-check=full', '--trace-children=yes',
                 "--log-file=$logdir/log.%p", $prog, @{ $run->{args} }],
        timeout => 120,         # valgrind is slow on a loaded machine
        (defined $run->{chdir} ? (chdir => $run->{chdir}) : ()) };
}

# The exit status of a valgrind run and its reports, one per process.
sub valgrind_result {
    my ($spec, $r) = @_;
    my @logs;
    for my $file (sort glob("$spec->{logdir}/log.*")) {
        open my $fh, '<', $file or die "$file: $!";
        local $/;
        my $text = <$fh>;
        $text =~ s/^==\d+== ?//mg;
        push @logs, $text;
    }
    return ($r->{status}, @logs);
}

# Run under valgrind; return the exit status and the logs, one per process.
sub under_valgrind {
    my ($prog, $run) = @_;
    my $spec = valgrind_run($prog, $run);
    return valgrind_result($spec, run_program(%$spec));
}

# Descriptors open at exit that were not inherited.
sub leaked_fds {
    my ($log) = @_;
    my @leaks;
    while ($log =~ /^Open (.*?) (\d+):(.*)\n(.*)\n/mg) {
        my ($kind, $fd, $name, $next) = ($1, $2, $3, $4);
        push @leaks, "$kind $fd:$name" unless $next =~ /<inherited from parent>/;
    }
    return @leaks;
}

# Can valgrind run this build at all?  Not one built with AddressSanitizer.
cannot_run('an AddressSanitizer build (make SANITIZE=1): ASan and '
    . 'valgrind cannot share a process') if asan_build($programs[0]);
cannot_run('a musl build: valgrind does not replace musl\'s malloc, only '
    . 'its free, so every free would be reported invalid') if musl_build($programs[0]);
my ($probe_status, @probe_logs) = under_valgrind($programs[0], { args => ['-h'] });
my $probe = join '', @probe_logs;
if ($probe !~ /ERROR SUMMARY/) {
    my ($why) = $probe =~ /^(.*(?:can't|cannot|unhandled|not supported).*)$/m;
    $why = "it cannot read the debug info (DWARF 5 from clang?): $why"
        if defined $why && $why =~ /dwarf/i;
    cannot_run('valgrind cannot run this build: ' . ($why // 'no report'));
}

# The open servers and their clients run real sessions below.
my %in_sessions = map { $_ => 1 } qw(open open2 opend opend2 opend2_poll);

# Every run at once (valgrind is slow to start), then each one's checks.
my (@unlisted, @checks);
for my $prog (@programs) {
    my $name = basename($prog);
    next if $in_sessions{$name};
    my $label = $prog =~ m{/streams/} ? "streams/$name" : $name;
    my $list = $runs{$name};
    unless ($list) {
        push @unlisted, $label;
        $list = [ { args => ['-h'], status => 0, what => '-h only' } ];
    }
    push @checks, map { [$label, $_, valgrind_run($prog, $_)] } @$list;
}
my @done = run_programs(map { my %o = %{ $_->[2] }; delete $o{logdir}; \%o } @checks);
for my $i (0 .. $#checks) {
    my ($label, $run, $spec) = @{ $checks[$i] };
    {
        my ($status, @logs) = valgrind_result($spec, $done[$i]);
        my $what = "$label: $run->{what}";
        is($status, $run->{status}, "$what: exit status $run->{status}");
        ok(@logs > 0, "$what: valgrind wrote its report");
        for my $i (0 .. $#logs) {
            my $log = $logs[$i];
            like($log, qr/ERROR SUMMARY: 0 errors/,
                 "$what: process $i: no memory errors or leaks")
                or diag($log);
            my @leaks = leaked_fds($log);
            is(scalar @leaks, 0,
               "$what: process $i: no descriptor left open at exit")
                or diag(join "\n", @leaks);
        }
    }
}
note("run with -h only (add real runs to t/0710): @unlisted") if @unlisted;

# ---- real sessions of the open servers ----------------------------------

# valgrind's options for a session: the processes a server or client
# forks without exec (the STREAMS emulation's fattach helper) keep quiet;
# what they exec is checked.
my @session_vg = ('valgrind', '--track-fds=yes', '--error-exitcode=1',
                  '--leak-check=full', '--trace-children=yes',
                  '--child-silent-after-fork=yes');

# The reports in $logdir, once each is complete (a process may still be
# finishing: opend of version 1 ends after its client).
sub read_logs {
    my ($logdir) = @_;
    my @logs;
    for (1 .. 2000) {
        @logs = map { slurp($_) } sort glob("$logdir/log.*");
        last unless grep { !/ERROR SUMMARY/ } @logs;
        sleep 0.01;
    }
    s/^==\d+== ?//mg for @logs;
    return @logs;
}

# A leak record that fails a process: every block definitely lost, and
# every block possibly lost but those glibc's dynamic loader allocates
# when getpwuid loads a name-service module (__libc_dlopen_mode): it
# holds them for the life of the process through interior pointers.
# The root process of a version 2 server ends by SIGTERM inside its
# loop; what it holds for its whole life is kept where a leak check can
# see it (static), so that death shows no lost block either.
sub unexplained_leaks {
    my ($log) = @_;
    my @records = $log =~ /^(\d[\d,]* bytes in \d[\d,]* blocks are (?:definitely|possibly) lost.*?)\n\n/msg;
    return grep { !/^[\d,]+ bytes in \d+ blocks are possibly lost.*by 0x\w+: __libc_dlopen_mode /s } @records;
}

# The descriptors open at exit, not inherited, sorted by kind.
sub open_at_exit {
    my ($log) = @_;
    my %open = (unix => [], pipe => [], null => [], exe => [], other => []);
    for (leaked_fds($log)) {
        my $kind = /^AF_UNIX socket / ? 'unix'
            : /^file descriptor \d+:$/ ? 'pipe'
            : /^file descriptor \d+: \/dev\/null$/ ? 'null'
            : /^file descriptor \d+: \/proc\/self\/exe$/ ? 'exe'
            : 'other';
        push @{ $open{$kind} }, $_;
    }
    return %open;
}

# One process's report: no error or leak; at exit, apart from what it
# inherited, only /dev/null and at most $sockets AF_UNIX sockets (its
# connection, or a server's listening endpoint) are open: never a file
# it opened for a client, never a client's connection.
sub check_session_log {
    my ($what, $log, $sockets) = @_;
    like($log, qr/ERROR SUMMARY: 0 errors/,
         "$what: no memory errors or leaks") or diag($log);
    my %open = open_at_exit($log);
    ok(@{ $open{unix} } <= $sockets
       && !@{ $open{pipe} } && !@{ $open{exe} } && !@{ $open{other} },
       "$what: at exit no descriptor but its own endpoints")
        or diag(join "\n", leaked_fds($log));
}

# The reports of a version 2 server: its root process (killed by
# SIGTERM) and the workers it started, each a fresh image of the server
# (fexecve of /proc/self/exe, which valgrind follows).  Leaks are
# counted here, not as errors (valgrind runs with
# --errors-for-leak-kinds=none): see unexplained_leaks.
sub check_server_logs {
    my ($what, $endpoints, @logs) = @_;
    my @root = grep { /^Command: \S+ (?!-w)/m } @logs;
    my @workers = grep { /^Command: \S+ -w /m } @logs;
    is(scalar @root, 1, "$what: the root process's report");
    # Every client runs as one user and group: one worker.
    is(scalar @workers, 1, "$what: one worker's report")
        or diag(join "\n", map { /^(Command: .*)$/m } @logs);
    for my $role (['root process', @root], ['worker', @workers]) {
        my ($name, @mine) = @$role;
        for my $log (@mine) {
            like($log, qr/ERROR SUMMARY: 0 errors/,
                 "$what: $name: no memory errors") or diag($log);
            my @leaks = unexplained_leaks($log);
            is(scalar @leaks, 0, "$what: $name: no leaks")
                or diag(join "\n", @leaks);
            my %open = open_at_exit($log);
            if ($name eq 'root process') {
                # /dev/null, its executable (to start workers), its
                # listening endpoint, and per worker the channel and
                # (-d) the worker's stderr pipe (in a STREAMS build
                # pipe(2) gives a stream pipe, an AF_UNIX socket here).
                my $n = @workers;
                ok(@{ $open{unix} } + @{ $open{pipe} } <= $endpoints + 2 * $n
                   && @{ $open{pipe} } <= $n && @{ $open{exe} } <= 1
                   && @{ $open{null} } <= 1 && !@{ $open{other} },
                   "$what: root process: at exit no descriptor but /dev/null, "
                   . "its executable, its endpoint and its workers' channels")
                    or diag(join "\n", leaked_fds($log));
            } else {
                # Its channel and /dev/null are inherited; its clients
                # are all gone.
                my @open = leaked_fds($log);
                is(scalar @open, 0, "$what: worker: at exit no descriptor "
                   . "but its channel")
                    or diag(join "\n", @open);
            }
        }
    }
}

my $vg_scratch = open_scratch(scratch_dir());
my $book = book_session($vg_scratch);

# The sessions run at once: the version 2 servers are started, then the
# clients under valgrind (version 1's open starts its own opend) run
# side by side; then each session is checked.
my (@v1, @v2);
for my $t (transports('ch17/open')) {
    my $logdir = "$scratch/v1-$t";
    mkdir $logdir or die "mkdir $logdir: $!";
    push @v1, { what => "$t session: open and opend (version 1)", logdir => $logdir,
                run => { argv => [@session_vg, "--log-file=$logdir/log.%p",
                                  program('ch17/open', $t)],
                         stdin => $book->{stdin}, timeout => 120 } };
}

for my $t (transports('ch17/opend2')) {
    for my $server ('ch17/opend2', 'ch17/opend2_poll') {
        my ($name) = $server =~ m{([^/]+)$};
        my $s = { t => $t, what => "$t session: $name and open2",
                  sock => "$vg_scratch/$t-$name.socket",
                  log => "$vg_scratch/$t-$name.log" };
        ($s->{srvdir}, $s->{clidir}) = map { "$scratch/$t-$name-$_" } qw(server client);
        mkdir $_ or die "mkdir $_: $!" for $s->{srvdir}, $s->{clidir};

        my $pid = fork // die "fork: $!";
        if ($pid == 0) {
            own_group();
            open STDIN, '<', '/dev/null' or die;
            open STDOUT, '>', '/dev/null' or die;
            open STDERR, '>', $s->{log} or die "$s->{log}: $!";
            exec @session_vg, '--errors-for-leak-kinds=none',
                "--log-file=$s->{srvdir}/log.%p",
                program($server, $t), '-d', '-s', $s->{sock} or die "exec: $!";
        }
        track_group($pid, "valgrind $name");
        $s->{pid} = $pid;
        push @v2, $s;
    }
}
# Each server listening (or ended: its check below says so).
for my $s (@v2) {
    $s->{up} = 0;
    for (1 .. 3000) {
        last if waitpid($s->{pid}, WNOHANG) == $s->{pid};
        $s->{up} = OpenServer::listening($s->{sock}) and last;
        sleep 0.01;
    }
}
my @served = grep { $_->{up} } @v2;
my @clients = run_programs((map { $_->{run} } @v1),
    map { { argv => [@session_vg, "--log-file=$_->{clidir}/log.%p",
                     program('ch17/open2', $_->{t}), '-s', $_->{sock}],
            stdin => $book->{stdin}, timeout => 120 } } @served);
$_->{result} = shift @clients for @v1, @served;

for my $s (@v1) {
    my ($what, $r) = @$s{qw(what result)};
    is($r->{out}, $book->{out}, "$what: the files' bytes");
    is($r->{err}, $book->{err}, "$what: an error for each bad request");
    is($r->{status}, 1, "$what: exit 1");
    my @logs = read_logs($s->{logdir});
    is(scalar @logs, 2, "$what: a report from open and one from opend");
    check_session_log("$what: process $_", $logs[$_], 1) for 0 .. $#logs;
}

for my $s (@v2) {
    my ($t, $what, $sock, $log, $pid) = @$s{qw(t what sock log pid)};
    ok($s->{up}, "$what: the server listens under valgrind") or next;
    my $client = program('t/unit/opend_client', $t);
    my $r = $s->{result};
    is($r->{out}, $book->{out}, "$what: the files' bytes");
    is($r->{err}, $book->{err}, "$what: an error for each bad request");
    $r = run_program(argv => [$client, '-s', $sock,
        'send:hello\0', 'reply', 'long:5000', 'send:\0', 'reply',
        "open:$vg_scratch/missing:0", "open:$vg_scratch/dir:1",
        "open:$vg_scratch/readable:0"]);
    is($r->{out}, "error 22: unknown request: expected \"open <pathname> <oflag>\"\n"
       . "error 90: request too long (the limit is 4096 bytes)\n"
       . "error 2: can't open $vg_scratch/missing: No such file or directory\n"
       . "error 21: can't open $vg_scratch/dir: Is a directory\n"
       . "fd: a readable file\n", "$what: bad requests answered, then served");
}
# Each server, its clients gone, ended by SIGTERM; then its reports.
for my $s (@served) {
    idle_fd_count($s->{pid}, $s->{log});        # every client gone
    kill 'TERM', $s->{pid};
}
for my $s (@served) {
    my $what = $s->{what};
    waitpid $s->{pid}, 0;
    check_server_logs($what, $s->{t} eq 'streams' ? 2 : 1, read_logs($s->{srvdir}));
    my @logs = read_logs($s->{clidir});
    is(scalar @logs, 1, "$what: open2's report");
    check_session_log("$what: open2", $logs[0] // '', 1);
}

done_testing();
