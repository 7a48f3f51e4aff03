#!/usr/bin/perl
# Smoke test of the benchmarks: with a tiny iteration count each prints
# its table in the expected shape.  The numbers are not checked: speed is
# measured by `make bench`, never by a test.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my @transports = transports('beyond/bench_passfd');
plan skip_all => 'beyond/bench_passfd not built: run make' unless @transports;

my $num = qr/(?:\d+|n\/a)/;
for my $t (@transports) {
    my $prog = program('beyond/bench_passfd', $t);
    my $r = run_program(argv => [$prog, '-n', 50, '-r', 3]);
    is($r->{status}, 0, "$t: bench_passfd exit 0");
    my @lines = split /\n/, $r->{out};
    is(scalar @lines, 10, "$t: bench_passfd: ten lines");
    like($lines[0], qr/^# \S+bench_passfd: 50 descriptors per run, 3 runs, ns per descriptor$/,
         "$t: bench_passfd: title");
    like($lines[1], qr/^method\s+mode\s+median\s+min$/, "$t: bench_passfd: column heads");
    my @rows = (['raw sendmsg/recvmsg', 'ping-pong'], ['send_fd/recv_fd', 'ping-pong'],
                ['raw sendmsg/recvmsg', 'streaming'], ['send_fd/recv_fd', 'streaming'],
                ['dup+close', 'in-process'], ['pidfd_getfd+close', 'in-process']);
    for my $i (0 .. $#rows) {
        my ($m, $mode) = @{ $rows[$i] };
        my $want = $m =~ /^pidfd/ ? $num : qr/\d+/;
        like($lines[2 + $i], qr/^\Q$m\E\s+\Q$mode\E\s+$want\s+$want$/, "$t: bench_passfd: row $m $mode");
    }
    like($lines[8], qr/^send_fd\/recv_fd vs raw\s+ping-pong\s+\d+\.\d{3}x\s+\d+\.\d{3}x$/, "$t: ratio ping-pong");
    like($lines[9], qr/^send_fd\/recv_fd vs raw\s+streaming\s+\d+\.\d{3}x\s+\d+\.\d{3}x$/, "$t: ratio streaming");
}

# make bench runs both builds through beyond/bench_transports.sh, which
# adds what a descriptor costs over STREAMS per descriptor over sockets.
SKIP: {
    skip 'the STREAMS transport is not built', 5 unless grep { $_ eq 'streams' } @transports;
    my $r = run_program(argv => ['sh', top_dir() . '/beyond/bench_transports.sh', '-n', 50, '-r', 3],
                        chdir => top_dir());
    is($r->{status}, 0, 'bench_transports.sh exit 0') or diag($r->{err});
    my @lines = split /\n/, $r->{out};
    is(scalar @lines, 23, 'bench_transports.sh: both tables, a heading, two ratios');
    like($lines[20], qr/^# STREAMS per socket cost of send_fd\/recv_fd: /, 'bench_transports.sh: heading');
    like($lines[21], qr/^STREAMS vs sockets\s+ping-pong\s+\d+\.\d{3}x\s+\d+\.\d{3}x$/,
         'bench_transports.sh: the STREAMS/sockets ratio, ping-pong');
    like($lines[22], qr/^STREAMS vs sockets\s+streaming\s+\d+\.\d{3}x\s+\d+\.\d{3}x$/,
         'bench_transports.sh: the STREAMS/sockets ratio, streaming');
}

my $batch = program('beyond/bench_batch');
SKIP: {
    skip 'beyond/bench_batch not built', 5 unless -x $batch;
    my $r = run_program(argv => [$batch, '-n', 300, '-r', 1]);
    is($r->{status}, 0, 'bench_batch exit 0');
    my @lines = split /\n/, $r->{out};
    like($lines[0], qr/^# \S+bench_batch: about 300 descriptors per run, 1 runs, median ns per descriptor$/,
         'bench_batch: title');
    like($lines[1], qr/^fds\/message\s+ping-pong\s+streaming$/, 'bench_batch: column heads');
    # musl before 1.2.4 refuses more than 1024 bytes of control data
    # (ENOMEM): its last row is the most it takes, 252, with a note.
    my @notes = grep { /^# sendmsg refuses/ } @lines[2 .. $#lines];
    my @sizes = map { /^(\d+)\s+\d+\s+\d+$/ ? $1 : 'bad' }
                grep { !/^# sendmsg refuses/ } @lines[2 .. $#lines];
    if (musl_build($batch) && @notes) {
        is("@sizes", '1 4 16 64 252', 'bench_batch: one row per batch size, musl\'s limit last');
        is($notes[0], '# sendmsg refuses 253 descriptors in one message here (ENOMEM): the last row is 252',
           'bench_batch: the note says why');
    } else {
        is("@sizes", '1 4 16 64 253', 'bench_batch: one row per batch size');
        is(scalar @notes, 0, 'bench_batch: no note: sendmsg takes 253');
    }
}

for my $p (program('beyond/bench_passfd'), $batch) {
    next unless -x $p;
    my $r = run_program(argv => [$p, '-n', 0]);
    like($r->{err}, qr/bad -n value '0'/, "$p: -n 0 is refused");
    $r = run_program(argv => [$p, '-h']);
    is($r->{status}, 0, "$p: -h exits 0");
    $r = run_program(argv => [$p, 'x']);
    is($r->{status}, 2, "$p: bad usage exits 2");
}

done_testing();
