#!/usr/bin/perl
# Exercise 17.1, the two extra copies: exercises/17.1/copies moves real
# messages from a real XSI message queue to main four ways and counts the
# system calls and bytes of each.  Figure 17.3 copies each message three
# times (msgrcv, write, read); a doorbell byte with the message left in
# place, or a helper that does the work itself, copies it once.  strace,
# when present, counts the same calls from outside.  No queue is left.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;
use IPC::SysV qw(IPC_STAT);

my $prog = program('exercises/17.1/copies');
plan skip_all => 'exercises/17.1/copies not built: run make' unless -x $prog;

my $legend = "calls: msgrcv, write(v) and read per message; bytes: copied between kernel\n"
           . "and process per message; copies: of the message text; extra: beyond msgrcv's.\n";
my $r = run_program(argv => [$prog, '-n', 500, '-v']);
is($r->{status}, 0, 'all four variants ran: exit 0');
is($r->{out}, <<"EOF2" . $legend, 'the table: three copies through the datagram socket of Figure 17.3, one with the message left in place');
500 messages of 512 bytes each, from one XSI message queue to main:
receiving path                         calls   bytes  copies  extra
datagram socket (Figure 17.3)              3    1536       3      2
pipe, length before each message           4    1544       3      2
pipe as a doorbell, message in place       3     514       1      0
the helper does the work                   1     512       1      0
EOF2

# -v names each queue when made and when removed; none may be left.
my @made = $r->{err} =~ /^copies: \w+: queue ID (\d+) made$/mg;
my @removed = $r->{err} =~ /^copies: \w+: queue ID (\d+) removed$/mg;
is(scalar @made, 4, 'one private queue per variant');
is_deeply(\@removed, \@made, 'each removed after its variant');
my $buf;
is(scalar(grep { defined msgctl($_, IPC_STAT, $buf) } @made), 0,
   'no queue of the run exists any more');

$r = run_program(argv => [$prog, '-n', 50, '-s', 100, 'doorbell', 'dgram']);
is($r->{out}, <<"EOF2" . $legend, 'other sizes, chosen variants, in the order asked');
50 messages of 100 bytes each, from one XSI message queue to main:
receiving path                         calls   bytes  copies  extra
pipe as a doorbell, message in place       3     102       1      0
datagram socket (Figure 17.3)              3     300       3      2
EOF2

$r = run_program(argv => [$prog, 'bogus']);
is($r->{err}, "copies: unknown variant bogus (dgram, pipe, doorbell, direct)\n",
   'an unknown variant: a clear error');
is($r->{status}, 1, '... exit 1');
$r = run_program(argv => [$prog, '-s', 513]);
is($r->{err}, "copies: bad size: 513 (8 to 512)\n", 'a size over MAXMSZ is refused');
$r = run_program(argv => [$prog, '-h']);
like($r->{out}, qr/^usage: copies /, '-h prints usage');
is($r->{status}, 0, '-h exits 0');

# From outside: strace counts each system call and what it returned.  Two
# runs, 100 and 200 messages; the difference per message cancels the
# calls every run makes (the dynamic loader, the table's lines).
SKIP: {
    my ($strace) = grep { -x } map { "$_/strace" } split /:/, $ENV{PATH} // '';
    skip 'strace is not installed', 8 unless $strace;
    skip 'an ASan build cannot run under strace', 8 if asan_build($prog);
    my $scratch = scratch_dir();
    my $traced = sub {
        my ($n, $variant) = @_;
        my $log = "$scratch/$variant.$n";
        my $t = run_program(argv => [$strace, '-f', '-qq', '-e', 'signal=none',
                                     '-e', 'trace=msgrcv,read,write,writev',
                                     '-o', $log, $prog, '-n', $n, $variant]);
        return undef if $t->{status} != 0;
        my ($calls, $bytes) = (0, 0);
        open my $fh, '<', $log or return undef;
        while (my $line = <$fh>) {
            next if $line =~ /<unfinished \.\.\.>\s*$/;
            next unless $line =~ /(?:^|\s|>)(?:msgrcv|read|write|writev)\b.*\)\s+=\s+(\d+)/
                     || $line =~ /<\.\.\. (?:msgrcv|read|write|writev) resumed>.*=\s+(\d+)/;
            $calls++;
            $bytes += $1;
        }
        return [$calls, $bytes];
    };
    my $probe = $traced->(1, 'direct');
    skip 'strace cannot trace here (ptrace refused)', 8 unless $probe && $probe->[0] > 0;
    for my $v (['dgram', 3, 1536], ['pipe', 4, 1544], ['doorbell', 3, 514], ['direct', 1, 512]) {
        my ($name, $calls, $bytes) = @$v;
        my ($a, $b) = ($traced->(100, $name), $traced->(200, $name));
        ok($a && $b, "$name: ran under strace") or next;
        is(sprintf('%.2f calls, %.2f bytes', ($b->[0] - $a->[0]) / 100, ($b->[1] - $a->[1]) / 100),
           sprintf('%.2f calls, %.2f bytes', $calls, $bytes),
           "$name: strace sees $calls calls and $bytes bytes per message, as the table says");
    }
}

done_testing();
