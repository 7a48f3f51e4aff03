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

# A watchdog, not a timer: a hung program fails its test file instead of
# stopping the whole run.  It survives exec, so it covers C tests too.
alarm($ENV{APUE_TEST_WATCHDOG} // 300);

our @EXPORT = qw(top_dir program transports run_program run_tap run_unit scratch_dir
                 asan_build musl_build not_built);

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

# run_program(argv => [...], stdin => '...', chdir => DIR, env => {...})
# returns { out => ..., err => ..., status => exit code or 128+signal }.
# Output goes through files, so a program may write any amount to both.
sub run_program {
    my (%opt) = @_;
    my $dir = tempdir('apue-run-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    my ($in, $out, $err) = map { "$dir/$_" } qw(stdin stdout stderr);
    open my $fh, '>', $in or die "$in: $!";
    print {$fh} $opt{stdin} if defined $opt{stdin};
    close $fh;

    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
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
    waitpid $pid, 0;
    my $status = $? & 127 ? 128 + ($? & 127) : $? >> 8;
    return { out => slurp($out), err => slurp($err), status => $status };
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
