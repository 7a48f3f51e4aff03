#!/usr/bin/perl
# Exercise 17.7: several descriptors in one sendmsg, in one cmsghdr and in
# several; every descriptor arrives, in order.  On Linux the receiver sees
# one cmsghdr either way (the kernel merges them); elsewhere we accept
# either layout but require every descriptor.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('exercises/17.7/several');
plan skip_all => 'exercises/17.7/several not built: run make' unless -x $prog;

my $r = run_program(argv => [$prog]);
is($r->{status}, 0, 'exit 0');
my ($way1, $way2) = split /^way 2.*\n/m, $r->{out};
like($way1, qr/^  cmsghdr 1: 3 descriptors: one two three$/m, 'way 1: one cmsghdr, in order');
like($way1, qr/received 1 cmsghdr, 3 of 3 descriptors$/m, 'way 1: all three');
like($way2, qr/received \d+ cmsghdrs?, 3 of 3 descriptors$/m, 'way 2: all three');
my @words = $way2 =~ /: ((?:one|two|three)(?: (?:one|two|three))*)$/mg;
is(join(' ', @words), 'one two three', 'way 2: in order');
if ($^O eq 'linux') {
    like($way2, qr/^  cmsghdr 1: 3 descriptors: one two three\n  received 1 cmsghdr,/m,
         'way 2 on Linux: merged into one cmsghdr');
}

$r = run_program(argv => [$prog, 8]);
like($r->{out}, qr/one two three four five six seven eight/, 'eight descriptors');
$r = run_program(argv => [$prog, 9]);
isnt($r->{status}, 0, 'nine is refused');
$r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog, '-x']);
is($r->{status}, 2, 'bad option: exit 2');

done_testing();
