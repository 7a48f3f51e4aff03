#!/usr/bin/perl
# The strace tour (make trace): beyond/trace.sh runs the fork demo under
# strace -f, and the trace shows the child's sendmsg and the parent's
# recvmsg with the SCM_RIGHTS message decoded, a descriptor in each.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $top = top_dir();
my $demo = program('ch17/passfd');
plan skip_all => 'ch17/passfd not built: run make' unless -x $demo;

# Without strace, or where it may not trace, the script says it skips,
# on stdout, and exits 0 (make trace does not fail a student's tour).
my $scratch = scratch_dir();
my $r0 = run_program(argv => ['/bin/sh', "$top/beyond/trace.sh", $demo],
                     env => { PATH => "$scratch/none" });
is($r0->{status}, 0, 'no strace in PATH: exits 0');
is($r0->{out}, "trace.sh: skipped: strace is not installed (Debian: apt-get install strace)\n",
   'no strace in PATH: says so on one line');
mkdir "$scratch/bin" or die;
open my $fake, '>', "$scratch/bin/strace" or die;
print {$fake} "#!/bin/sh\necho 'strace: ptrace(PTRACE_TRACEME, ...): Operation not permitted' >&2\nexit 1\n";
close $fake;
chmod 0755, "$scratch/bin/strace";
$r0 = run_program(argv => ["$top/beyond/trace.sh", $demo],
                  env => { PATH => "$scratch/bin:$ENV{PATH}" });
is($r0->{status}, 0, 'ptrace refused: exits 0');
is($r0->{out}, "trace.sh: skipped: strace cannot trace here: strace: ptrace(PTRACE_TRACEME, ...): Operation not permitted\n",
   'ptrace refused: says so, with strace\'s reason');

my $have = run_program(argv => ['sh', '-c', 'command -v strace']);
my $probe = run_program(argv => ['strace', '-qq', '-e', 'trace=none', 'true']);
SKIP: {
    skip 'strace is not installed', 8 if $have->{status} != 0;
    skip "strace cannot trace here: $probe->{err}", 8 if $probe->{status} != 0;

    # LeakSanitizer cannot work under ptrace: in a SANITIZE=1 build the traced
    # demo runs without the leak check (every other test keeps it).
    my $asan = join ':', grep { defined } $ENV{ASAN_OPTIONS}, 'detect_leaks=0';
    my $r = run_program(argv => ["$top/beyond/trace.sh", $demo], chdir => '/',
                        env => { ASAN_OPTIONS => $asan });
    is($r->{status}, 0, 'the demo under strace exits 0');
    is($r->{err}, '', 'nothing on stderr');
    like($r->{out}, qr/\Abuf=Hello from test\.txt/, 'the demo still prints the file first');
    like($r->{out}, qr/^child: sendmsg\(\d+, \{msg_iov=\[\{iov_base="\\0\\0", iov_len=2\}\],\n +msg_control=\[\{cmsg_len=\d+, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=\[\d+\]\}\],\n +msg_controllen=\d+, msg_flags=0\}, MSG_NOSIGNAL\) = 2$/m,
         'the child: sendmsg of the two bytes with SCM_RIGHTS decoded');
    like($r->{out}, qr/^parent: recvmsg\(\d+, \{msg_iov=\[\{iov_base="\\0\\0", iov_len=2\}\],\n +msg_control=\[\{cmsg_len=\d+, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=\[\d+\]\}\],\n +msg_controllen=\d+, msg_flags=0\}, 0\) = 2$/m,
         'the parent: recvmsg of the two bytes with SCM_RIGHTS decoded');
    ok($r->{out} =~ /^child: .*^parent: /ms, 'the child sends, then the parent receives');
    unlike($r->{out}, qr/\b(?:openat|read|write)\(/, 'only the descriptor-carrying calls are shown');
    my @wide = grep { length > 100 } split /\n/, $r->{out};
    is(scalar @wide, 0, 'no line wider than 100 columns');
}

# make trace runs exactly this script on the demo.
my $mk = do { local (@ARGV, $/) = ("$top/beyond/build.mk"); <> };
like($mk, qr{^trace: ch17/passfd\n\t\@beyond/trace\.sh ch17/passfd$}m,
     'make trace runs beyond/trace.sh on ch17/passfd');

done_testing();
