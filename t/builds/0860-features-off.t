#!/usr/bin/perl
# Each feature turned off by hand (make HAVE_KCMP=no and the like), as on
# a system that lacks it: what needs it is left out, make says why, the
# code is compiled with APUE_NO_<FEATURE>, and everything else is still
# built.  Then one build with all of them off, and the tests of what they
# touch: each passes, or skips saying why.  In a copy of the tree.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use ApueTest;
use TreeCopy;
use Test::More;

my $cc = $ENV{CC} // 'cc';
plan skip_all => "no C compiler '$cc'" unless system("command -v $cc >/dev/null 2>&1") == 0;

my $copy = copy_tree(scratch_dir());

# What a dry run would link: every -o that is not an object.
sub linked {
    my ($r) = @_;
    return { map { $_ => 1 } grep { !/\.o$/ } $r->{out} =~ /\s-o\s+(\S+)/g };
}

my $base = make_in($copy, "CC=$cc", '-n', 'all');
is($base->{status}, 0, 'a dry run with every feature the probes found') or diag($base->{err});
my $all = linked($base);
ok(scalar(keys %$all) > 50, 'the dry run links the programs');
my %probed = $base->{out} =~ /\b(HAVE_\w+)=(yes|no)\b/g;
my %left_before = map { $_ => 1 } $base->{out} =~ /^left out: (\S+):/mg;

# Programs that need each feature (with their STREAMS twins, if any).
my $streams = qr{/streams/|^t/unit/str_};
my %needs = (
    HAVE_SEQPACKET    => { macro => 'SEQPACKET', name => 'SOCK_SEQPACKET', out => [$streams] },
    HAVE_CREDS        => { macro => 'CREDS', name => "Linux's SCM_CREDENTIALS and SO_PEERCRED",
                           out => [$streams, qr{^beyond/creds$}] },
    HAVE_KCMP         => { macro => 'KCMP', name => 'kcmp(2)', out => [qr{^beyond/(?:streams/)?share$}] },
    HAVE_PIDFD_GETFD  => { macro => 'PIDFD_GETFD', name => 'pidfd_getfd(2)', out => [qr{^beyond/getfd$}] },
    HAVE_CMSG_CLOEXEC => { macro => 'CMSG_CLOEXEC', name => 'MSG_CMSG_CLOEXEC', out => [qr{^beyond/cloexec$}] },
    HAVE_PROCFS       => { macro => 'PROCFS', name => '/proc/PID/fd and /proc/net/unix',
                           out => [qr{^beyond/(?:streams/)?(?:share|fdtables)$}, qr{^beyond/inflight$}] },
    HAVE_EPOLL        => { macro => 'EPOLL', name => 'epoll(7)',
                           out => [qr{^exercises/17\.5/(?:streams/)?opend_epoll$}] },
);

for my $f (sort keys %needs) {
    my $n = $needs{$f};
    SKIP: {
        skip "$f is already no here: the build above covers it", 5
            if ($probed{$f} // '') eq 'no';
        my $r = make_in($copy, "CC=$cc", "$f=no", '-n', 'all');
        is($r->{status}, 0, "$f=no: the dry run works") or diag($r->{err});
        my $got = linked($r);
        my @gone = sort grep { !$got->{$_} } keys %$all;
        my @extra = sort grep { !$all->{$_} } keys %$got;
        my @want_gone = sort grep { my $p = $_; grep { $p =~ $_ } @{ $n->{out} } } keys %$all;
        ok(@want_gone > 0, "$f=no: something needs it");
        is("@gone @extra", "@want_gone ", "$f=no: exactly what needs it is left out");
        like($r->{out}, qr/ -DAPUE_NO_$n->{macro} /, "$f=no: compiled with -DAPUE_NO_$n->{macro}");
        my $why = quotemeta("no $n->{name} ($f=no was given)");
        if ($f eq 'HAVE_SEQPACKET' || $f eq 'HAVE_CREDS') {
            like($r->{out}, qr/^STREAMS: not built .*$why/m, "$f=no: make says the STREAMS transport is left out, and why");
        } else {
            # (What the probes left out already may name this reason too.)
            my @said = grep { !$left_before{$_} } $r->{out} =~ /^left out: (\S+): .*$why/mg;
            my @programs = grep { !m{/streams/} } @want_gone;
            is("@{[sort @said]}", "@programs", "$f=no: make names each program left out, and why");
        }
    }
}

# ---- everything off at once: build, then the tests of what needs them ----
my @off = map { "$_=no" } sort keys %needs;
my $r = make_in($copy, "CC=$cc", 'WERROR=1', @off, 'all');
is($r->{status}, 0, 'with every feature off, the rest builds with no warning') or diag($r->{err});
ok(!-e "$copy/apue/libapue_streams.a" && !-e "$copy/apue/libstreams_emu.a",
   'with every feature off, neither STREAMS library is built');

my %skip_reason = (
    't/0300-streams-sendfd.t' => qr/needs the STREAMS transport, which is not built/,
    't/0605-share-kcmp.t'     => qr/beyond\/share is left out of this build: no kcmp\(2\) \(HAVE_KCMP=no was given\)/,
    't/0606-pidfd-getfd.t'    => qr/beyond\/getfd is left out of this build: no pidfd_getfd\(2\)/,
    't/0607-creds.t'          => qr/beyond\/creds is left out of this build: no Linux's SCM_CREDENTIALS/,
    't/0608-cloexec.t'        => qr/beyond\/cloexec is left out of this build: no MSG_CMSG_CLOEXEC/,
    't/0609-inflight.t'       => qr/beyond\/inflight is left out of this build: no \/proc/,
    't/0610-fdtables.t'       => qr/beyond\/fdtables is left out of this build: no \/proc/,
    't/0701-hostile-peers-streams.t' => qr/needs the STREAMS transport, which is not built/,
    't/0322-streams-sendfd-full.t' => qr/needs the STREAMS transport, which is not built/,
    't/0323-streams-unwrapped.t' => qr/the STREAMS emulation is not built/,
);
for my $t (sort keys %skip_reason) {
    my $run = run_program(argv => [$^X, "$copy/$t"], env => { HARNESS_ACTIVE => '' });
    like($run->{out}, qr/^1\.\.0 # SKIP .*$skip_reason{$t}/m, "$t skips and says why");
}
# These still pass, over sockets only: the demo, credentials (skipped
# inside, APUE_NO_CREDS), the exercise 17.5 servers without epoll, the
# benchmarks without pidfd_getfd, the hostile-peer matrix (its recv_ufd
# rows skipped).
for my $t (qw(t/0100-passfd-demo.t t/0240-credentials.t t/0505-ex17.5-server-loops.t
              t/0612-bench-smoke.t t/0700-hostile-peers.t)) {
    my $run = run_program(argv => [$^X, "$copy/$t"]);
    is($run->{status}, 0, "$t passes with every feature off")
        or diag($run->{out} =~ /^not ok.*$/mg, $run->{err});
}
my $matrix = run_program(argv => ["$copy/t/unit/hostile"]);
like($matrix->{out}, qr/^ok \d+ .*recv_ufd.*# SKIP .*credentials are left out of this build \(HAVE_CREDS=no\)/m,
     'the hostile-peer matrix skips its recv_ufd rows: APUE_NO_CREDS');
my $cred = run_program(argv => ["$copy/t/unit/credentials"]);
like($cred->{out}, qr/^1\.\.0 # SKIP credentials are left out of this build \(HAVE_CREDS=no\)/m,
     't/unit/credentials skips: APUE_NO_CREDS');
my $bench = run_program(argv => ["$copy/beyond/bench_passfd", '-n', 20, '-r', 1]);
like($bench->{out}, qr{^pidfd_getfd\+close\s+in-process\s+n/a\s+n/a$}m,
     'bench_passfd: no pidfd_getfd row figures (APUE_NO_PIDFD_GETFD)');

done_testing();
