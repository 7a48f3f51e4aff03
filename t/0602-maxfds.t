#!/usr/bin/perl
# beyond/maxfds: one message carries up to SCM_MAX_FD (253 on Linux)
# descriptors, every one of them the file sent; one more is EINVAL and
# nothing is sent.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('beyond/maxfds');
plan skip_all => 'beyond/maxfds not built: run make' unless -x $prog;

my $r = run_program(argv => [$prog, 1, 2, 16]);
is($r->{out}, <<'OUT', 'a few descriptors in one message all arrive');
1 descriptor in one message: sent; received 1, 1 of them the file sent
2 descriptors in one message: sent; received 2, 2 of them the file sent
16 descriptors in one message: sent; received 16, 16 of them the file sent
OUT

SKIP: {
    skip 'SCM_MAX_FD (253) is the Linux limit', 3 unless $^O eq 'linux';
    $r = run_program(argv => [$prog]);
    is($r->{status}, 0, 'exit 0');
    # musl before 1.2.4 copies at most 1024 bytes of control data in
    # sendmsg and refuses more with ENOMEM: 252 descriptors go, 253 do not.
    if (musl_build($prog) && $r->{out} =~ /^253 .*Out of memory/m) {
        is($r->{out}, <<'OUT', 'musl: 253 and 254 are ENOMEM, from the C library');
1 descriptor in one message: sent; received 1, 1 of them the file sent
253 descriptors in one message: sendmsg failed: Out of memory; nothing was sent
254 descriptors in one message: sendmsg failed: Out of memory; nothing was sent
OUT
        $r = run_program(argv => [$prog, 252]);
        is($r->{out}, "252 descriptors in one message: sent; received 252, 252 of them the file sent\n",
           'musl: 252 descriptors (1024 bytes of control data) pass');
    } else {
        is($r->{out}, <<'OUT', '253 pass, 254 is EINVAL');
1 descriptor in one message: sent; received 1, 1 of them the file sent
253 descriptors in one message: sent; received 253, 253 of them the file sent
254 descriptors in one message: sendmsg failed: Invalid argument; nothing was sent
OUT
    }
    # Nothing of the rejected message is left behind for the next receive.
    $r = run_program(argv => [$prog, 254, 1]);
    like($r->{out}, qr/^1 descriptor in one message: sent; received 1, 1 of them/m,
         'after the rejected message the next one arrives alone');
}

$r = run_program(argv => [$prog, 0]);
like($r->{err}, qr/bad count '0'/, 'a count of 0 is refused');
$r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog, '-x']);
is($r->{status}, 2, 'bad option: exit 2');

done_testing();
