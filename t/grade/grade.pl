#!/usr/bin/perl
# grade.pl - builds each graded file with the report-card driver and runs
# it (make grade SRC=..., make grade-streams SRC=...; t/grade/grade.mk
# passes the compiler, the flags and the pieces).
#
# In a scratch directory of its own (so two runs never meet): a copy of
# each library with our send_fd, send_err and recv_fd taken out, those
# three renamed ref_send_fd, ref_send_err and ref_recv_fd, and the peers
# that call them renamed to match.  Then, per file: compile, link, run.
# One file: its report card.  Several: one summary line each.  Exit
# status 0 only when every file builds and passes the book's contract.
# GRADE_KEEP=1 in the environment keeps the scratch directory (its name
# is in TMPDIR, apue-grade-*), to run a graded program again by hand.
#
# usage: grade.pl [-h] --transport T --cc CC --cflags F --link-flags F
#                 --ldlibs L --objs O --peers P --libs A --ours M
#                 --objcopy OBJCOPY -- FILE...
use strict;
use warnings;
use File::Basename qw(basename);
use File::Temp qw(tempdir);
use Getopt::Long qw(GetOptions);
use POSIX ();

my %opt = (objcopy => 'objcopy', ar => 'ar', ldlibs => '');
GetOptions(\%opt, 'help|h', 'transport=s', 'cc=s', 'cflags=s', 'link-flags=s',
           'ldlibs=s', 'objs=s', 'peers=s', 'libs=s', 'ours=s', 'objcopy=s',
           'ar=s') or usage(2);
usage(0) if $opt{help};
my @files = @ARGV;
if (!@files) {
    print STDERR "grade: nothing to grade: make grade SRC=yours.c "
               . "(several: SRC=\"a.c b.c\")\n";
    exit 2;
}
for (qw(transport cc cflags link-flags objs peers libs ours)) {
    usage(2) unless defined $opt{$_};
}

sub usage {
    my ($status) = @_;
    my $to = $status ? \*STDERR : \*STDOUT;
    print $to "usage: grade.pl --transport T --cc CC --cflags F --link-flags F "
            . "--ldlibs L --objs O --peers P --libs A --ours M -- FILE...\n"
            . "  Run by make grade SRC=FILE and make grade-streams SRC=FILE.\n";
    exit $status;
}

# Run a command (a list, no shell); return its status and what it said.
sub run {
    my (@argv) = @_;
    my $out = '';
    pipe(my $r, my $w) or die "grade: pipe: $!\n";
    my $pid = fork() // die "grade: fork: $!\n";
    if ($pid == 0) {
        close $r;
        open(STDOUT, '>&', $w) and open(STDERR, '>&', $w)
            or POSIX::_exit(127);
        exec { $argv[0] } @argv or POSIX::_exit(127);
    }
    close $w;
    local $/;
    $out = <$r> // '';
    close $r;
    waitpid($pid, 0);
    return ($?, $out);
}

sub must {
    my ($status, $out) = run(@_);
    die "grade: @_ failed:\n$out" if $status != 0;
    return $out;
}

my $scratch = tempdir('apue-grade-XXXXXX', TMPDIR => 1, CLEANUP => !$ENV{GRADE_KEEP});
my @rename = map { ('--redefine-sym', "$_=ref_$_") } qw(send_fd send_err recv_fd);

# The libraries without our three, and our three renamed.
my (@libs, @ours_renamed);
my %wanted = map { $_ => 1 } split ' ', $opt{ours};
my $n = 0;
for my $lib (split ' ', $opt{libs}) {
    my $copy = "$scratch/" . $n++ . '-' . basename($lib);
    must('cp', $lib, $copy);
    my @members = split /\n/, must($opt{ar}, 't', $lib);
    for my $m (grep { $wanted{$_} } @members) {
        my $renamed = "$scratch/ref_$m";
        must('sh', '-c', 'exec "$1" p "$2" "$3" > "$4"', 'sh', $opt{ar},
             $lib, $m, "$scratch/$m");
        must($opt{objcopy}, @rename, "$scratch/$m", $renamed);
        must($opt{ar}, 'd', $copy, $m);
        push @ours_renamed, $renamed;
        delete $wanted{$m};
    }
    push @libs, $copy;
}
die "grade: not in $opt{libs}: " . join(' ', sort keys %wanted) . "\n" if %wanted;
my @peers;
for my $p (split ' ', $opt{peers}) {
    my $renamed = "$scratch/ref_" . basename($p);
    must($opt{objcopy}, @rename, $p, $renamed);
    push @peers, $renamed;
}

# Build one file; return the program, or undef and why not.
sub build {
    my ($file, $i) = @_;
    return (undef, "no such file") unless -f $file;
    my $obj = "$scratch/graded-$i.o";
    my $prog = "$scratch/grade-$i";
    my ($status, $out) = run(split(' ', $opt{cc}), split(' ', $opt{cflags}),
                             '-c', '-o', $obj, $file);
    return (undef, "does not compile:\n$out") if $status != 0;
    print STDERR $out if $out ne '' && @files == 1;     # its warnings
    ($status, $out) = run(split(' ', $opt{cc}), split(' ', $opt{'link-flags'}),
                          '-o', $prog, split(' ', $opt{objs}), $obj,
                          @ours_renamed, @peers, @libs,
                          split(' ', $opt{ldlibs}));
    if ($status != 0) {
        my @missing = $out =~ /undefined reference to [`']((?:send_fd|send_err|recv_fd))'/g;
        my %seen;
        @missing = grep { !$seen{$_}++ } @missing;
        return (undef, @missing ? "does not define " . join(', ', @missing)
                               . " (apue.h declares all three)"
                                : "does not link:\n$out");
    }
    return ($prog, '');
}

my $all_pass = 1;
my $i = 0;
for my $file (@files) {
    my ($prog, $why) = build($file, $i++);
    if (!defined $prog) {
        $all_pass = 0;
        if (@files == 1) {
            print "grade: $file: $why\n";
        } else {
            my ($first) = split /\n/, $why;
            print "$file: $opt{transport}: $first\n";
        }
        next;
    }
    my ($status, $card) = run($prog, '-n', $file);
    $all_pass = 0 if $status != 0;
    if (@files == 1) {
        print $card;
        next;
    }
    my ($score) = $card =~ /^score: (\S+)/m;
    my @failed = $card =~ /^  FAIL  (\S+)/mg;
    my $book = $card =~ /the book's contract (\d+)\/(\d+)/ && $1 == $2
             ? "the book's contract holds" : "the book's contract FAILS";
    printf "%s: %s %s, %s%s\n", $file, $opt{transport}, $score // '?', $book,
           @failed ? '; failed: ' . join(' ', @failed) : '';
}
exit($all_pass ? 0 : 1);
