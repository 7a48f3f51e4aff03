#!/usr/bin/perl
# beyond/cmsgmap: the drawing of the control buffer agrees with itself and
# with the CMSG_* arithmetic: data right after the header, CMSG_LEN =
# header + data, CMSG_SPACE = CMSG_LEN + padding, one byte drawn per byte.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('beyond/cmsgmap');
plan skip_all => 'beyond/cmsgmap not built: run make' unless -x $prog;

my $r = run_program(argv => [$prog, 0, 1, 3, 253]);
is($r->{status}, 0, 'exit 0');
my @maps = split /\n\n/, $r->{out};
is(scalar @maps, 4, 'one map per count');
my $header;
for my $map (@maps) {
    my ($n) = $map =~ /^control buffer for (\d+) descriptors?$/m;
    my ($hdr) = $map =~ /sizeof\(struct cmsghdr\) = (\d+)/;
    my ($data_off, $data_len) = $map =~ /data\s+at offset\s+(\d+) \(CMSG_DATA\), (\d+) bytes/;
    my ($pad) = $map =~ /padding\s+(\d+) bytes after the data/;
    my ($len) = $map =~ /CMSG_LEN\(\d+\)\s+= (\d+)/;
    my ($space) = $map =~ /CMSG_SPACE\(\d+\) = (\d+)/;
    $header //= $hdr;
    is($data_len, 4 * $n, "n=$n: data is n ints");
    ok($data_off >= $hdr, "n=$n: data starts after the header");
    is($len, $data_off + $data_len, "n=$n: CMSG_LEN = data offset + data");
    is($space, $len + $pad, "n=$n: CMSG_SPACE = CMSG_LEN + padding");
    is($space % 4, 0, "n=$n: CMSG_SPACE is aligned");
    like($map, qr/^\s+$space  end /m, "n=$n: the end is drawn at CMSG_SPACE");
    if ($n <= 16) {
        my $bytes = join '', $map =~ /^\s+\d+  ([LVTh0-9.]+)$/mg;
        is(length $bytes, $space, "n=$n: one character per byte");
        is(($bytes =~ tr/0-9//), $data_len, "n=$n: data bytes drawn");
        is(($bytes =~ tr/.//), $pad, "n=$n: padding bytes drawn");
    }
}

$r = run_program(argv => [$prog, '-t']);
my %len = $r->{out} =~ /^\s*(\d+)\s+(\d+)\s+\d+\s+\d+$/mg;
is($len{253} - $len{0}, 253 * 4, 'table: CMSG_LEN grows by sizeof(int) per descriptor');
is($len{0}, $header, 'table: CMSG_LEN(0) is the header');

$r = run_program(argv => [$prog, 'x']);
like($r->{err}, qr/bad count 'x'/, 'a bad count is refused');
isnt($r->{status}, 0, 'with a failure status');
$r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog, '-q']);
is($r->{status}, 2, 'bad option: exit 2');

done_testing();
