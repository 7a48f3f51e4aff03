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
my $have = run_program(argv => ['sh', '-c', 'command -v strace']);
plan skip_all => 'strace is not installed' if $have->{status} != 0;
my $probe = run_program(argv => ['strace', '-qq', '-e', 'trace=none', 'true']);
plan skip_all => "strace cannot trace here: $probe->{err}" if $probe->{status} != 0;

# LeakSanitizer cannot run under ptrace (make check SANITIZE=1); the rest
# of AddressSanitizer can, so only leak checking is turned off here.
# (The variable means nothing to a build without sanitizers.)
my $asan = join ':', grep { defined && length } $ENV{ASAN_OPTIONS},
    'detect_leaks=0';
my $r = run_program(argv => ["$top/beyond/trace.sh", './passfd'],
                    chdir => "$top/ch17", env => { ASAN_OPTIONS => $asan });
is($r->{status}, 0, 'the demo under strace exits 0');
like($r->{out}, qr/^buf=/, 'the demo still prints the file');
# With -f a call may be split into "<unfinished ...>" and "<... resumed>":
# sendmsg's control data is decoded on entry, recvmsg's on return.
like($r->{err}, qr/sendmsg\(\d+, \{.*cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=\[\d+\]\}\]/,
     'sendmsg with SCM_RIGHTS decoded');
like($r->{err}, qr/recvmsg(?:\(\d+, | resumed>).*cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=\[\d+\]\}\].*\) += 2$/m,
     'recvmsg with SCM_RIGHTS decoded');
unlike($r->{err}, qr/\b(?:openat|read|write)\(/, 'only the descriptor-carrying calls are shown');

# make trace runs exactly this script on the demo.
my $mk = do { local (@ARGV, $/) = ("$top/beyond/build.mk"); <> };
like($mk, qr{^trace: ch17/passfd\n\tcd ch17 && \.\./beyond/trace\.sh \./passfd$}m,
     'make trace runs beyond/trace.sh on ch17/passfd');

done_testing();
