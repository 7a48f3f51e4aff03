#!/usr/bin/perl
# The tour runs as written: every command a student is shown, in order,
# in a fresh copy of the tree (sources only, as a clone has them), as
# root and, when we are root, as uid 65534 in a copy that user owns.
#   README.md: the ```sh block of "Quick start" and the commands of
#     "Start here" (its `...` spans that start with make, ch17/, beyond/,
#     exercises/ or printf);
#   NOTES.md: the "$ COMMAND" of each console block, the lines of each sh
#     block, and the indented commands.
# A command works when it runs to its end: no make error, no program that
# is not there (not built by the steps before it), no shell that cannot
# find or run it (126, 127), no signal; and exit 0, or 1 when it shows an
# error on purpose (it names /nonexistent, or its sample output in the
# document shows an error).  What each prints is compared with the
# documents by t/0810, in the built tree.  Left out: make check and make
# check-builds (this suite itself), and commands with a placeholder (an
# all-capitals word: FILE, DIR).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
# Four full builds at once on a loaded machine may pass ApueTest's
# 300-second watchdog: this file's is longer (still a hang's end, not a
# time limit on a build).
BEGIN { $ENV{APUE_TEST_WATCHDOG} //= 1200 }
use ApueTest;
use TreeCopy;
use Test::More;
use Storable qw(store retrieve);
use POSIX ();

my $top = top_dir();
my $COMMAND_START = qr{^(?:make\b|ch17/|beyond/|exercises/|printf |echo |d=\$\(mktemp)};

# A command a student can type as it stands.
sub runnable {
    my ($command) = @_;
    return 0 if $command =~ /^make (?:check|check-builds)\b/;
    return 0 if $command =~ /(?:^|[\s=\/])[A-Z]{2,}(?:[\s\/.]|$)/;   # FILE, DIR
    my ($first) = $command =~ /^(\S+)/;
    return 0 if $first =~ m{/$} || $first =~ m{/[^/]*\.\w+$};       # a folder, a file
    return 1;
}

# [command, sample output or undef] in the order the document shows them.
sub readme_commands {
    my $text = ApueTest::slurp("$top/README.md");
    my @found;
    my ($quick) = $text =~ /^## Quick start\n(.*?)^## /ms;
    my ($start) = $text =~ /^## Start here\n(.*?)^## /ms;
    for my $block (($quick // '') =~ /^```sh\n(.*?)^```/msg) {
        for my $line (split /\n/, $block) {
            $line =~ s/\s+#.*$//;
            push @found, [$line, undef] if $line =~ /\S/;
        }
    }
    for my $span (($start // '') =~ /`([^`\n]+)`/g) {
        push @found, [$span, undef] if $span =~ $COMMAND_START;
    }
    ok(@found >= 5, 'README.md: the commands of "Quick start" and "Start here" found')
        or diag("found: @{[map { $_->[0] } @found]}");
    return grep { runnable($_->[0]) } @found;
}

sub notes_commands {
    my @found;
    open my $fh, '<', "$top/NOTES.md" or die "NOTES.md: $!";
    my ($fence, $info, @body);
    while (my $line = <$fh>) {
        chomp $line;
        if (!defined $fence) {
            if ($line =~ /^\s*(`{3,}|~{3,})\s*(.*?)\s*$/) {
                ($fence, $info, @body) = ($1, $2, ());
            } elsif ($line =~ /^    (\S.*?)\s*$/ && $1 =~ $COMMAND_START) {
                push @found, [$1, undef];
            }
            next;
        }
        if ($line =~ /^\s*\Q$fence\E\s*$/) {
            if ($info eq 'console' && @body && $body[0] =~ /^\$ (.+?)\s*$/) {
                push @found, [$1, join("\n", @body[1 .. $#body])];
            } elsif ($info eq 'sh') {
                push @found, map { [$_, undef] } grep { /\S/ && !/^\s*#/ } @body;
            }
            undef $fence;
            next;
        }
        push @body, $line;
    }
    ok(@found >= 10, 'NOTES.md: the commands it shows found');
    return grep { runnable($_->[0]) } @found;
}

my @docs = (['README.md', [readme_commands()]], ['NOTES.md', [notes_commands()]]);

# The same environment a student's shell has: none of the variables of
# the make that runs us (TreeCopy drops the same).
my @unset = map { ('-u', $_) } grep { exists $ENV{$_} }
    qw(MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES SANITIZE WERROR CFLAGS
       EXTRA_CFLAGS LDFLAGS LDLIBS CC), grep { /^HAVE_/ } keys %ENV;

# Run the commands of one document in $copy, as @as: a list of results.
sub tour {
    my ($copy, $as, $commands) = @_;
    my @results;
    for my $c (@$commands) {
        my ($command) = @$c;
        # "setpriv --reuid=... PROGRAM" is how root becomes a plain user;
        # a plain user already is one and types PROGRAM (NOTES.md says so).
        $command =~ s/^setpriv(?:\s+--\S+)*\s+// if @$as;
        my $r = run_program(argv => [@$as, 'env', @unset, 'sh', '-c', "exec 2>&1; $command"],
                            chdir => $copy,
                            timeout => $command =~ /^make\b/ ? 0 : undef);
        push @results, { command => $command, out => $r->{out}, status => $r->{status} };
        last if $r->{timed_out};
    }
    return \@results;
}

sub check_tour {
    my ($who, $doc, $commands, $results) = @_;
    is(scalar @$results, scalar @$commands, "$who, $doc: every command ran")
        or return;
    for my $i (0 .. $#$commands) {
        my ($command, $sample) = @{ $commands->[$i] };
        my $r = $results->[$i];
        my $on_purpose = $command =~ m{/nonexistent\b}
            || ($sample // '') =~ /No such file|Permission denied|can't open|failed/;
        my @wrong;
        push @wrong, "exit status $r->{status}"
            unless $r->{status} == 0 || ($on_purpose && $r->{status} == 1);
        push @wrong, 'make failed' if $r->{out} =~ /^make(?:\[\d+\])?: \*\*\*/m;
        push @wrong, 'a program is missing'
            if $r->{out} =~ m{(?:^|[\s'])(?:ch17|beyond|exercises|t)/[\w./-]*'?: (?:\d+: )?(?:not found|No such file or directory)}m
            || $r->{out} =~ /: not found$/m;
        ok(!@wrong, "$who, $doc: $command") or diag(join(', ', @wrong) . ":\n$r->{out}");
    }
}

# The argv prefix that runs a command as uid 65534, or undef.
sub nobody_argv {
    return undef unless $> == 0;
    for my $dir (split /:/, $ENV{PATH} // '') {
        return ["$dir/setpriv", '--reuid=65534', '--regid=65534', '--clear-groups']
            if -x "$dir/setpriv";
    }
    return undef;
}

my $scratch = scratch_dir();
chmod 0755, $scratch;                   # uid 65534 reaches its copy
my $nobody = nobody_argv();
my @runs = (['as ' . ($> == 0 ? 'root' : 'this user'), []]);
push @runs, ['as uid 65534', $nobody] if $nobody;

# Each (user, document) tour in its own fresh copy, all at once: each
# starts with a full build.
my %kids;
for my $u (0 .. $#runs) {
    for my $d (0 .. $#docs) {
        my $copy = "$scratch/copy-$u-$d";
        mkdir $copy or die "$copy: $!";
        copy_tree($copy);
        if (@{ $runs[$u][1] }) {
            system('chown', '-R', '65534:65534', $copy) == 0 or die "chown $copy";
        }
        my $pid = fork // die "fork: $!";
        if ($pid == 0) {
            store(tour($copy, $runs[$u][1], $docs[$d][1]), "$copy.results");
            POSIX::_exit(0);
        }
        $kids{$pid} = [$u, $d, "$copy.results"];
    }
}
my %done;
for my $pid (sort { $a <=> $b } keys %kids) {
    waitpid $pid, 0;
    my $k = $kids{$pid};
    $done{"$k->[0] $k->[1]"} = -f $k->[2] ? retrieve($k->[2]) : [];
}
for my $u (0 .. $#runs) {
    for my $d (0 .. $#docs) {
        check_tour($runs[$u][0], $docs[$d][0], $docs[$d][1], $done{"$u $d"});
    }
}

# The first make demo of a fresh copy builds the tree, one short line per
# file (make V=1 would show the commands), then runs the demo.
my ($first) = grep { $_->{command} eq 'make demo' } @{ $done{'0 0'} // [] };
SKIP: {
    skip 'README.md shows no make demo', 3 unless $first;
    my ($build, $demo) = $first->{out} =~ /\A(.*?)^(over a UNIX domain socket.*)\z/ms;
    ok(defined $demo, 'make demo in a fresh copy: the demo runs after the build')
        or diag($first->{out});
    my @lines = split /\n/, $build // '';
    is(join("\n", grep { !m{^  (?:CC|LD|AR)  [\w./-]+$} } @lines), '',
       'make demo in a fresh copy: the build says one short line per file, nothing else');
    my ($linked) = grep { m{^  LD  beyond/cmsgmap$} } @lines;
    ok($linked, 'make demo in a fresh copy: it builds what the tour runs next (beyond/cmsgmap)');
}
unless ($nobody) {
    SKIP: { skip 'needs root and setpriv to run the tour as uid 65534', 1 }
}

done_testing();
