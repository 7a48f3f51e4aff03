#!/usr/bin/perl
# Every sample output in the tree's documents is real: each ```console
# block in a .md file starts with "$ COMMAND" (run from the top of the
# tree after make) and holds that command's exact output, stdout and
# stderr together, as a terminal shows them.  This test runs each command
# and compares.  It also fails on a fenced block with no info string, so
# an output block that is not tagged cannot slip in and go stale.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use File::Find;
use Test::More;

my $top = top_dir();

# The documents: every .md file of the tree (not under .git or scratch).
my @docs;
find({ no_chdir => 1, wanted => sub {
    if (-d $_ && m{/(?:\.git|work|apue-\w+-\w+)$}) {
        $File::Find::prune = 1;
        return;
    }
    push @docs, $_ if -f $_ && /\.md$/;
} }, $top);
@docs = sort @docs;
ok((grep { m{/NOTES\.md$} } @docs), 'NOTES.md is among the documents');

# The variables given to the make that runs us (make check CC=clang
# WERROR=1 ...), as GNU make passes them: after " -- " in MAKEFLAGS, with
# blanks in values escaped for the shell.
my ($make_vars) = ($ENV{MAKEFLAGS} // '') =~ / -- (.*)$/;
$make_vars //= '';

# What a block needs that this machine or user may lack: the reason to
# skip it, or undef to run it.
sub missing {
    my ($command) = @_;
    return 'needs root (setpriv switches to another user)'
        if $command =~ /^setpriv\b/ && $> != 0;
    (my $program_part = $command) =~ s/^setpriv(?:\s+--?\S+)*\s+//;
    my ($prog) = $program_part =~ m{^([\w./-]+)};
    return "$prog is not built on this system"
        if defined $prog && $prog =~ m{/} && !-x "$top/$prog";
    return 'the samples are glibc\'s output; musl words errors and lays '
         . 'out struct cmsghdr differently (README, "Systems")'
        if musl_build("$top/ch17/passfd");
    return 'needs root (it makes a sender whose real and effective ids differ)'
        if $command =~ m{^beyond/creds\b} && $> != 0;
    if ($command =~ /^make trace\b/) {
        my $r = run_program(argv => ['strace', '-qq', '-e', 'trace=none', 'true']);
        return "strace is missing or cannot trace here: $r->{err}"
            if $r->{status} != 0;
    }
    return undef;
}

# How to run a command as a reader would, from the top of the tree;
# stdout and stderr in one stream.  A make command must not rebuild what
# make check built: it gets the same variables, and -o .build-flags keeps
# the flags stamp as it is.
sub command_run {
    my ($command) = @_;
    $command =~ s/^make /make -o .build-flags $make_vars /;
    my %env = (ASAN_OPTIONS => join(':', grep { defined } $ENV{ASAN_OPTIONS},
                                    'detect_leaks=0'));
    return { argv => ['sh', '-c', "exec 2>&1; $command"],
             chdir => $top, env => \%env };
}

my (%console_blocks, @to_run);
for my $doc (@docs) {
    (my $name = $doc) =~ s{^\Q$top\E/}{};
    open my $fh, '<', $doc or die "$doc: $!";
    my ($fence, $info, $start, @body);
    while (my $line = <$fh>) {
        if (!defined $fence) {
            next unless $line =~ /^\s*(`{3,}|~{3,})\s*(.*?)\s*$/;
            ($fence, $info, $start, @body) = ($1, $2, $., ());
            ok($info ne '', "$name:$.: a fenced block says what it holds "
               . '(console, c, sh, text, make ...)');
            next;
        }
        if ($line =~ /^\s*\Q$fence\E\s*$/) {
            check_console($name, $start, @body) if $info eq 'console';
            $console_blocks{$name}++ if $info eq 'console';
            undef $fence;
            next;
        }
        push @body, $line;
    }
    ok(!defined $fence, "$name: every fenced block is closed");
}
cmp_ok($console_blocks{'NOTES.md'} // 0, '>=', 10,
       'NOTES.md shows its programs run, in console blocks');

# The commands do not depend on one another: they run side by side, then
# each output is compared.
{
    local $ENV{MAKEFLAGS};
    local $ENV{MFLAGS};
    local $ENV{MAKELEVEL};
    delete @ENV{qw(MAKEFLAGS MFLAGS MAKELEVEL)};
    my @done = run_programs(map { command_run($_->{command}) } @to_run);
    $to_run[$_]{result} = $done[$_] for 0 .. $#done;
}
for my $c (@to_run) {
    my ($name, $start, $command, $r) = @$c{qw(name start command result)};
    SKIP: {
        my ($target) = $command =~ /^make (\S+)/;
        skip "$name:$start: $command: make $target: no such target in this tree", 1
            if defined $target && $r->{out} =~ /No rule to make target '\Q$target\E'/;
        is($r->{out}, $c->{expected}, "$name:$start: $command");
    }
}

sub check_console {
    my ($name, $start, @body) = @_;
    my $first = shift(@body) // '';
    my ($command) = $first =~ /^\$ (.+?)\s*$/;
    ok(defined $command, "$name:$start: a console block starts with \"\$ COMMAND\"")
        or return;
    ok(!grep({ /^\$ / } @body), "$name:$start: one command per console block");
    my $why = missing($command);
    if (defined $why) {
        # The program alone: a setpriv before it is not why it is skipped.
        (my $shown = $command) =~ s/^setpriv(?:\s+--\S+)*\s+//;
        SKIP: { skip "$name:$start: $shown: $why", 1 }
        return;
    }
    push @to_run, { name => $name, start => $start, command => $command,
                    expected => join('', @body) };
}

done_testing();
