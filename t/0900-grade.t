#!/usr/bin/perl
# make grade and make grade-streams: each sample of t/grade/ names, in a
# "grade-TRANSPORT-fails:" line of its header, exactly the rows its card
# must fail over that transport ("none": a full score); the summary of a
# run over all of them must say exactly that.  Our own library, compiled
# as the graded file, scores full marks.  One card is read whole: every
# failing line says what was sent, what came back and where to look, the
# last line is the score, and the exit status follows the book's contract
# only.  A file that leaves out a function is named as such.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $top = top_dir();
plan skip_all => 'apue/libapue.a not built: run make' unless -f "$top/apue/libapue.a";
plan skip_all => 'the grader is not built: run make' unless -f "$top/t/grade/grade.o";

# The sub-make gets the variables of the make that runs us (make check
# CC=clang SANITIZE=1 ...), never its jobserver, and treats the flags
# stamp as old: it only builds and runs the graded files.
my %make_env;
$make_env{MAKEFLAGS} = $1 if ($ENV{MAKEFLAGS} // '') =~ /(?:^|\s)--\s+(.*)$/;
$make_env{MAKEFLAGS} //= '';
sub grade {
    my ($target, @files) = @_;
    return run_program(argv => ['make', '-C', $top, '-s', '--no-print-directory',
                                '-o', '.build-flags', $target,
                                'SRC=' . join(' ', @files)],
                       env => \%make_env, timeout => 120);
}

# The samples and what each header says it must fail, per transport.
my %expected;                   # transport => { file => [tags] }
for my $path (sort glob "$top/t/grade/*.c") {
    my $file = "t/grade/" . (split m{/}, $path)[-1];
    open my $fh, '<', $path or die "$path: $!";
    my $list;                   # the list being read, over several lines
    while (<$fh>) {
        last if m{\*/};
        if (/grade-(sockets|streams)-fails:\s*(.*?)\s*$/) {
            $list = $expected{$1}{$file} = [];
            push @$list, split ' ', $2 unless $2 eq 'none';
        } elsif ($list && /^\s*\*\s{3,}(\S.*?)\s*$/) {
            push @$list, split ' ', $1;
        } else {
            undef $list;
        }
    }
}
ok(scalar keys %{ $expected{sockets} // {} } >= 7,
   'the socket samples are found with their expected rows');

my $streams = -f "$top/apue/libapue_streams.a";
for my $transport (qw(sockets streams)) {
    my @files = sort keys %{ $expected{$transport} // {} };
    my $target = $transport eq 'sockets' ? 'grade' : 'grade-streams';
    SKIP: {
        skip 'no STREAMS library in this build', 2 + 2 * @files
            if $transport eq 'streams' && !$streams;
        my $r = grade($target, @files);
        my %line = map { /^(\S+): \Q$transport\E / ? ($1 => $_) : () }
                   split /\n/, $r->{out};
        my $book_fails = 0;
        for my $file (@files) {
            my $got = $line{$file};
            ok(defined $got, "$target: a summary line for $file")
                or diag($r->{out} . $r->{err});
            $got //= '';
            my @failed = $got =~ /; failed: (.*)$/ ? split(' ', $1) : ();
            is(join(' ', sort @failed), join(' ', sort @{ $expected{$transport}{$file} }),
               "$target: $file fails exactly the rows its header names");
            $book_fails ||= $got =~ /the book's contract FAILS/;
        }
        is($r->{status} != 0 ? 1 : 0, $book_fails ? 1 : 0,
           "$target: exit status non-zero exactly when a file fails the book's contract");
        unlike($r->{err}, qr/error:|undefined reference/,
               "$target: every sample builds") or diag($r->{err});
    }
}

# Our own library, and one card read whole.
my $r = grade('grade', 't/grade/ours_sockets.c');
is($r->{status}, 0, 'our library: exit status 0');
like($r->{out}, qr{^score: (\d+)/\1 .*\n\z}m, 'our library: a full score, on the last line');
unlike($r->{out}, qr/FAIL|n\/a/, 'our library: every line passes and applies');

$r = grade('grade', 't/grade/book_style.c');
is($r->{status}, 0, 'book style: exit status 0, the book\'s contract holds');
like($r->{out}, qr{^The book's contract\n(  ok .*\n)+Hardening\n}m,
     'book style: the book\'s contract first, every line ok, then the hardening');
like($r->{out}, qr{^  FAIL  malformed .*\n        sent: "ab\\0\\0xy".*\n        got:  the process was killed by .* inside your recv_fd \(abort, as err_dump does\)\n(        it printed: .*\n)?        see:  NOTES.md, "Common mistakes when copying the book's code", 2: "Exiting inside a library function"}m,
     'book style: the malformed reply\'s line says what was sent, the abort, and the NOTES item');
like($r->{out}, qr{^  FAIL  fd-with-error .*\n        sent: .*\n        got:  your recv_fd returned -5, and descriptor \d+ was left open \(1 leaked\)\n        see:  .*Ignoring a descriptor sent with an error status}m,
     'book style: the leak\'s line names the descriptor left open');
like($r->{out}, qr{^  FAIL  eintr .*\n        sent: .*\n        got:  your recv_fd returned -1 \(errno Interrupted system call\)\n}m,
     'book style: EINTR\'s line shows the errno');
like($r->{out}, qr{^score: \d+/\d+ \(the book's contract (\d+)/\1, hardening \d+/\d+\)\n\z}m,
     'book style: the last line is the score');

$r = grade('grade', 't/grade/no_status_check.c');
isnt($r->{status}, 0, 'a file failing the book\'s contract: exit status non-zero');
like($r->{out}, qr{^  FAIL  status .*\n        sent: our send_err\(fd, -13, .*\n        got:  your recv_fd returned -1 }m,
     'not checking the status byte: the card shows -1 where -13 was due');

# A file without send_err and send_fd.
my $scratch = scratch_dir();
open my $fh, '>', "$scratch/only_recv.c" or die "$scratch/only_recv.c: $!";
print {$fh} "#include \"apue.h\"\n"
          . "int recv_fd(int fd, ssize_t (*f)(int, const void *, size_t))\n"
          . "{ (void)fd; (void)f; return -1; }\n";
close $fh;
$r = grade('grade', "$scratch/only_recv.c");
isnt($r->{status}, 0, 'a file without send_fd and send_err: exit status non-zero');
like($r->{out}, qr/only_recv\.c: does not define send_(fd|err), send_(err|fd) \(apue.h declares all three\)/,
     'a file without send_fd and send_err: named as such');

# A send_fd that fails and a send_err that exits: the card says so.
open $fh, '>', "$scratch/bad_send.c" or die "$scratch/bad_send.c: $!";
print {$fh} "#include \"apue.h\"\n"
          . "int send_fd(int fd, int fd_to_send)\n"
          . "{ (void)fd; (void)fd_to_send; errno = EIO; return -1; }\n"
          . "int send_err(int fd, int status, const char *msg)\n"
          . "{ (void)fd; (void)status; (void)msg; exit(3); }\n"
          . "int recv_fd(int fd, ssize_t (*f)(int, const void *, size_t))\n"
          . "{ (void)fd; (void)f; return -1; }\n";
close $fh;
$r = grade('grade', "$scratch/bad_send.c");
like($r->{out}, qr{^  FAIL  their-send-fd .*\n.*\n        got:  our recv_fd returned -1 .*; your send_fd returned -1\n}m,
     'your send_fd returning -1: named on its line');
like($r->{out}, qr{^  FAIL  their-send-err .*\n.*\n        got:  our recv_fd returned -1 .*; the process running your send_err exited with status 3\n}m,
     'your send_err exiting: named on its line');
like($r->{out}, qr{^  n/a   malformed .*\(not judged: your recv_fd returned no descriptor}m,
     'a recv_fd that always fails: the lines that want -1 are not judged');
like($r->{out}, qr{^score: 2/14 }m, 'a recv_fd that always fails: they do not count');

done_testing();
