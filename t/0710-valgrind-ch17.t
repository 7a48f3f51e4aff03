#!/usr/bin/perl
# Every ch17 program, over every transport built, under valgrind
# --track-fds=yes --error-exitcode=1 with full leak checking: no memory
# error, no leak, and no descriptor open at exit that the program did not
# inherit, in the program and in every process it forks or execs.
# Skips with the reason when valgrind is absent or cannot run this build
# (an ASan build, or debug info it cannot read).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;
use File::Basename qw(basename);
use IPC::SysV ();

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

# Run under valgrind; return the exit status and the logs, one per process.
sub under_valgrind {
    my ($prog, $run) = @_;
    my $logdir = "$scratch/vg" . $serial++;
    mkdir $logdir or die "mkdir $logdir: $!";
    my $r = run_program(
        argv => ['valgrind', '--track-fds=yes', '--error-exitcode=1',
                 '--leak-check=full', '--trace-children=yes',
                 "--log-file=$logdir/log.%p", $prog, @{ $run->{args} }],
        (defined $run->{chdir} ? (chdir => $run->{chdir}) : ()));
    my @logs;
    for my $file (sort glob("$logdir/log.*")) {
        open my $fh, '<', $file or die "$file: $!";
        local $/;
        my $text = <$fh>;
        $text =~ s/^==\d+== ?//mg;
        push @logs, $text;
    }
    return ($r->{status}, @logs);
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
my ($probe_status, @probe_logs) = under_valgrind($programs[0], { args => ['-h'] });
my $probe = join '', @probe_logs;
if ($probe !~ /ERROR SUMMARY/) {
    my ($why) = $probe =~ /^(.*(?:can't|cannot|unhandled|not supported).*)$/m;
    $why = "it cannot read the debug info (DWARF 5 from clang?): $why"
        if defined $why && $why =~ /dwarf/i;
    cannot_run('valgrind cannot run this build: ' . ($why // 'no report'));
}

my @unlisted;
for my $prog (@programs) {
    my $name = basename($prog);
    my $label = $prog =~ m{/streams/} ? "streams/$name" : $name;
    my $list = $runs{$name};
    unless ($list) {
        push @unlisted, $label;
        $list = [ { args => ['-h'], status => 0, what => '-h only' } ];
    }
    for my $run (@$list) {
        my ($status, @logs) = under_valgrind($prog, $run);
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

done_testing();
