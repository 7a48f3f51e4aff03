# ApueTest.pm - what the .t files share: where the tree is, which
# transports were built, and running a program with its stdin, stdout,
# stderr and exit status captured.  Perl core modules only.
package ApueTest;

use strict;
use warnings;
use Exporter 'import';
use File::Basename qw(dirname);
use File::Spec;
use File::Temp qw(tempdir);
use Cwd qw(abs_path);
use POSIX ();

use POSIX qw(WNOHANG);
use Time::HiRes ();

our @EXPORT = qw(top_dir program transports run_program run_programs run_tap run_unit scratch_dir
                 asan_build musl_build not_built own_group track_group);

# Every process this test starts leads a process group of its own
# (own_group in the child, track_group in the parent), so that all it
# started in turn can be stopped at once.  A group still alive when the
# test ends is killed and fails the test; so is every group when the
# watchdog fires or the test is interrupted.  The stray check of make
# check (t/check-strays) finds those that left their group (daemons).
my %groups;                     # pgid => what it runs
my $owner = $$;                 # forked children do not clean up
$ENV{APUE_TEST_FILE} = $0;      # names the test in the stray check

sub own_group { POSIX::setpgid(0, 0) }

sub track_group {
    my ($pid, $what) = @_;
    POSIX::setpgid($pid, $pid);         # no race with the child's own call
    $groups{$pid} = $what // 'a child';
    return $pid;
}

sub live_groups {
    1 while waitpid(-1, WNOHANG) > 0;   # zombies of ours are no strays
    my @live = grep { kill 0, -$_ } sort { $a <=> $b } keys %groups;
    # Nor are those of others: a process orphaned as it ended waits for
    # init to reap it, which in some containers takes seconds.  With
    # /proc, a group whose processes are all zombies has ended.
    return @live unless @live && -r '/proc/self/stat';
    my %running;
    for my $stat (glob '/proc/[0-9]*/stat') {
        open my $fh, '<', $stat or next;
        my $line = <$fh> // next;
        my ($state, $pgrp) = $line =~ /\)\s+(\S)\s+-?\d+\s+(\d+)/ or next;
        $running{$pgrp} = 1 if $state ne 'Z';
    }
    return grep { $running{$_} } @live;
}

sub kill_groups {
    my @live = map { "$_ ($groups{$_})" } live_groups();
    kill 'KILL', map { -$_ } keys %groups;
    %groups = ();
    return @live;
}

sub say_diag {
    my ($text) = @_;
    if (defined &Test::More::diag) { Test::More::diag($text) }
    else { print STDERR "# $text\n" }
}

# APUE_REQUIRE_ROOT=1 (.ci/run sets it): the checks that need root and
# setpriv (a server opening files as its client, credentials, users
# switched) must run.  Not being root, or having no setpriv, fails every
# test file; and a skip whose reason is a missing privilege is a failure
# instead, in the Perl tests and in the C ones (tap.c).
sub needs_privilege {
    my ($why) = @_;
    return 0 if $why =~ /unshare/;      # a mount namespace: more than root
    return $why =~ /\broot\b|setpriv|seteuid|another user|switch\w* (?:to )?(?:uid|users?)/i;
}

if ($ENV{APUE_REQUIRE_ROOT}) {
    die "APUE_REQUIRE_ROOT is set, but this test does not run as root\n"
        unless $> == 0;
    die "APUE_REQUIRE_ROOT is set, but there is no setpriv in PATH\n"
        unless grep { -x "$_/setpriv" } split /:/, $ENV{PATH} // '';
    require Test::Builder;
    no warnings 'redefine';
    my $skip = \&Test::Builder::skip;
    *Test::Builder::skip = sub {
        my ($tb, $why) = @_;
        return $skip->(@_) unless needs_privilege($why // '');
        return $tb->ok(0, "required (APUE_REQUIRE_ROOT=1), not skipped: $why");
    };
    my $plan = \&Test::Builder::plan;
    *Test::Builder::plan = sub {
        my ($tb, $kind, $why) = @_;
        return $plan->(@_) unless ($kind // '') eq 'skip_all'
                                  && needs_privilege($why // '');
        $plan->($tb, tests => 1);
        $tb->ok(0, "required (APUE_REQUIRE_ROOT=1), not skipped: $why");
        exit 1;
    };
}

# A watchdog, not a timer: a hung program fails its test file instead of
# stopping the whole run.  It survives exec, so it covers C tests too.
my $watchdog = $ENV{APUE_TEST_WATCHDOG} // 300;
alarm($watchdog);
$SIG{ALRM} = sub {
    my @live = map { "$_ ($groups{$_})" } live_groups();
    kill 'KILL', map { -$_ } keys %groups;
    die "watchdog: $0 ran for $watchdog seconds; killed the process groups "
        . "of: " . (join(', ', @live) || 'none') . "\n";
};
$SIG{$_} = sub { kill 'KILL', map { -$_ } keys %groups; exit 130 }
    for qw(INT TERM HUP);

END {
    if ($$ == $owner) {
        my $status = $?;
        my @live;
        for (1 .. 200) {                # 2 seconds to finish exiting
            last unless @live = live_groups();
            Time::HiRes::sleep(0.01);
        }
        if (@live) {
            my @killed = kill_groups();
            say_diag("processes still running at the end of $0, killed: "
                     . "process groups @killed");
            $status ||= 1;
        }
        $? = $status;
    }
}

my $TOP = abs_path(File::Spec->catdir(dirname(__FILE__), '..', '..'));

sub top_dir { return $TOP }

# program('ch17/passfd', 'streams') is ch17/streams/passfd, as built by make.
sub program {
    my ($name, $transport) = @_;
    $transport //= 'sockets';
    my ($dir, $base) = ($name =~ m{^(.*)/([^/]+)$});
    my $rel = $transport eq 'sockets' ? "$dir/$base" : "$dir/$transport/$base";
    return "$TOP/$rel";
}

# The transports whose build of $name exists ('sockets' first).
sub transports {
    my ($name) = @_;
    return grep { -x program($name, $_) } qw(sockets streams);
}

# A fresh directory removed when the test ends.
sub scratch_dir { return tempdir('apue-test-XXXXXX', TMPDIR => 1, CLEANUP => 1) }

# run_program(argv => [...], stdin => '...', chdir => DIR, env => {...},
# timeout => SECONDS) returns { out => ..., err => ..., status => exit
# code or 128+signal, timed_out => SECONDS or 0 }.  Output goes through
# files, so a program may write any amount to both.  The program leads a
# process group of its own; past its timeout (30 seconds unless given,
# 2 once one has hung) the whole group is killed and the test told
# what was waited for.  timeout => 0 waits as long as it takes (a build,
# whose time depends on the machine's load): the test's watchdog still
# ends a hang.
my $hung = 0;                   # a program of this test timed out

# Has a program of this test hung?  Then waits may be short: it failed.
sub hung { return $hung }

sub run_program {
    my (%opt) = @_;
    my $job = start_program(%opt);
    # Once one program has hung, the test has failed: the rest get a
    # short wait, so a bug that hangs every run fails soon.
    my $timed_out = wait_within($job->{pid}, $job->{limit} // ($hung ? 2 : 30));
    return finish_program($job, $?, $timed_out);
}

# run_programs(\%opt, \%opt, ...): run_program for each, as many at once
# as the machine has CPUs; the results in the order given.  For runs that
# do not depend on one another (each its own files, sockets, scratch).
# A first argument { jobs => N } runs N at once instead (runs that
# mostly wait).
sub run_programs {
    my @specs = @_;
    my $jobs = cpu_count();
    $jobs = (shift @specs)->{jobs} if @specs && exists $specs[0]{jobs};
    my ($next, @results, %running) = (0);
    local $SIG{CHLD} = sub { };         # wakes the sleep below at once
    while ($next < @specs || %running) {
        while ($next < @specs && keys(%running) < $jobs) {
            my $job = start_program(%{ $specs[$next] });
            my $limit = $job->{limit} // ($hung ? 2 : 30);
            $job->{deadline} = $limit ? Time::HiRes::time() + $limit : undef;
            $job->{index} = $next++;
            $running{ $job->{pid} } = $job;
        }
        for my $job (values %running) {
            my $timed_out = 0;
            if (waitpid($job->{pid}, WNOHANG) == 0) {
                next unless defined $job->{deadline}
                    && Time::HiRes::time() > $job->{deadline};
                kill 'KILL', -$job->{pid};
                waitpid $job->{pid}, 0;
                $timed_out = $job->{limit} // ($hung ? 2 : 30);
            }
            delete $running{ $job->{pid} };
            $results[ $job->{index} ] = finish_program($job, $?, $timed_out);
        }
        select(undef, undef, undef, 0.05) if %running;
    }
    return @results;
}

# How many CPUs this machine has online (1 if it cannot tell).
my $cpus;
sub cpu_count {
    return $cpus //= do {
        my $n = `getconf _NPROCESSORS_ONLN 2>/dev/null` // '';
        $n =~ /^(\d+)/ && $1 > 0 ? $1 : 1;
    };
}

# Start a program as run_program does; what finish_program needs.
sub start_program {
    my (%opt) = @_;
    my $dir = tempdir('apue-run-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my ($in, $out, $err) = map { "$dir/$_" } qw(stdin stdout stderr);
    open my $fh, '>', $in or die "$in: $!";
    print {$fh} $opt{stdin} if defined $opt{stdin};
    close $fh;

    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        own_group();
        %ENV = (%ENV, %{ $opt{env} // {} });
        chdir $opt{chdir} or die "chdir $opt{chdir}: $!" if defined $opt{chdir};
        open STDIN, '<', $in or die;
        open STDOUT, '>', $out or die;
        open STDERR, '>', $err or die;
        exec { $opt{argv}[0] } @{ $opt{argv} } or do {
            print STDERR "exec $opt{argv}[0]: $!\n";
            POSIX::_exit(127);
        };
    }
    track_group($pid, $opt{argv}[0]);
    return { pid => $pid, out => $out, err => $err, argv => $opt{argv},
             limit => $opt{timeout} };
}

# The result of a started program that has ended with wait status $wstatus.
# A program ended by its own watchdog (SIGALRM, or tap.c's 124) hung too.
sub finish_program {
    my ($job, $wstatus, $timed_out) = @_;
    if ($timed_out) {
        $hung = 1;
        say_diag("timed out after $timed_out seconds waiting for "
                 . "@{ $job->{argv} }; killed its process group");
    }
    my $status = $wstatus & 127 ? 128 + ($wstatus & 127) : $wstatus >> 8;
    if ($status == 128 + 14 || $status == 124) {
        $hung = 1;
        say_diag("@{ $job->{argv} } hung: its own watchdog ended it");
    }
    return { out => slurp($job->{out}), err => slurp($job->{err}), status => $status,
             timed_out => $timed_out, pid => $job->{pid} };
}

# Wait for the child $pid, at most $limit seconds; then kill its process
# group and return $limit (0 when it ended by itself).  $? is its status.
# A $limit of 0 waits until it ends.
sub wait_within {
    my ($pid, $limit) = @_;
    if (!$limit) {
        waitpid $pid, 0;
        return 0;
    }
    my $deadline = Time::HiRes::time() + $limit;
    local $SIG{CHLD} = sub { };         # wakes the sleep below at once
    while (waitpid($pid, WNOHANG) == 0) {
        if (Time::HiRes::time() > $deadline) {
            kill 'KILL', -$pid;
            waitpid $pid, 0;
            return $limit;
        }
        select(undef, undef, undef, 0.05);
    }
    return 0;
}

sub slurp {
    my ($path) = @_;
    open my $fh, '<', $path or die "$path: $!";
    local $/;
    my $text = <$fh>;
    return $text // '';
}

# Was this program built with AddressSanitizer (make SANITIZE=1)?  Such a
# build cannot run under valgrind, nor under strace (LeakSanitizer stops
# when it finds itself traced).
sub asan_build {
    my ($path) = @_;
    open my $fh, '<:raw', $path or return 0;
    local $/;
    my $image = <$fh>;
    return $image =~ /__asan_init/ ? 1 : 0;
}

# Was this program linked with musl (make CC=musl-gcc)?  Its ELF
# interpreter, near the start of the file, is musl's dynamic linker.
sub musl_build {
    my ($path) = @_;
    open my $fh, '<:raw', $path or return 0;
    read $fh, my $head, 4096;
    return ($head // '') =~ m{/ld-musl-} ? 1 : 0;
}

# Replace this process with a C program that prints TAP itself.
sub run_tap {
    my ($path, @args) = @_;
    own_group();                # its watchdog stops what it forked too
    exec $path, @args or die "exec $path: $!";
}

# Run a C unit test over every transport it was built for, and report its
# TAP lines as this test's own, each prefixed with the transport.  A
# missing or short plan, or a non-zero exit, is a failure too.
sub run_unit {
    my ($name) = @_;
    require Test::More;
    my @built = transports($name);
    Test::More::plan(skip_all => "$name not built: run make") unless @built;
    for my $t (@built) {
        my $r = run_program(argv => [program($name, $t)]);
        my ($planned, $seen) = (undef, 0);
        for my $line (split /\n/, $r->{out}) {
            if ($line =~ /^1\.\.(\d+)(?:\s*#\s*SKIP\s*(.*))?/) {
                $planned = $1;
                Test::More::note("$t: skipped: $2") if defined $2;
            } elsif ($line =~ /^(not )?ok \d+(?: -)?\s*(.*?)(?:\s*#\s*SKIP\s*(.*))?$/) {
                $seen++;
                if (defined $3) {
                    SKIP: { Test::More::skip("$t: $3", 1) }
                } else {
                    Test::More::ok(!defined $1, "$t: $2");
                }
            } elsif ($line =~ /^#\s?(.*)/) {
                Test::More::diag("$t: $1");
            }
        }
        Test::More::diag("$t: stderr: $r->{err}") if $r->{err} ne '' && $r->{status} != 0;
        Test::More::ok(defined $planned && $planned == $seen,
                       "$t: ran all " . ($planned // '?') . " planned tests");
        Test::More::is($r->{status}, 0, "$t: $name exited 0");
    }
    Test::More::done_testing();
}

# Why $name is not there: the reason make gave for leaving it out (make
# keeps them in .left-out), or else "run make".  More names may follow:
# 'streams' for a program that needs the STREAMS transport.
sub not_built {
    my ($name, @needs) = @_;
    my %why;
    if (open my $fh, '<', "$TOP/.left-out") {
        while (my $line = <$fh>) {
            chomp $line;
            my ($what, $reason) = split /\t/, $line, 2;
            $why{$what} = $reason if defined $reason;
        }
    }
    return "$name is left out of this build: $why{$name}" if $why{$name};
    for my $need (@needs) {
        my $reason = $why{$need} // next;
        return "$name needs the STREAMS transport, which is $reason"
            if $need eq 'streams' && $reason =~ s/^none: //;
    }
    return "$name not built: run make";
}

1;
