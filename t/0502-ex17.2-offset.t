#!/usr/bin/perl
# Exercise 17.2: after the child passes an open file, every lseek it makes
# moves the parent's offset too (one file table entry), over every
# transport built.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my @transports = transports('exercises/17.2/offset');
plan skip_all => 'exercises/17.2/offset not built: run make' unless @transports;

my $scratch = scratch_dir();
my $file = "$scratch/data";
open my $fh, '>', $file or die "$file: $!";
print {$fh} 'x' x 100;
close $fh;

for my $t (@transports) {
    my $prog = program('exercises/17.2/offset', $t);

    my $r = run_program(argv => [$prog, $file]);
    is($r->{out}, <<'OUT', "$t: the parent sees both moves, default offsets");
parent: received the descriptor, my offset is 0
child: lseek to 100
parent: my offset is now 100
child: lseek to 2000
parent: my offset is now 2000
OUT
    is($r->{status}, 0, "$t: exit 0");

    $r = run_program(argv => [$prog, $file, 7, 42]);
    like($r->{out}, qr/child: lseek to 7\nparent: my offset is now 7\nchild: lseek to 42\nparent: my offset is now 42\n\z/,
         "$t: the parent sees both moves, offsets 7 and 42");

    $r = run_program(argv => [$prog, "$scratch/missing"]);
    is($r->{out}, '', "$t: missing file: nothing on stdout");
    like($r->{err}, qr/can't open \Q$scratch\E\/missing: No such file or directory/,
         "$t: missing file: the child's message");
    is($r->{status}, 1, "$t: missing file: exit 1");

    $r = run_program(argv => [$prog, $file, 'x', '1']);
    like($r->{err}, qr/bad offset 'x'/, "$t: a bad offset is refused");
    $r = run_program(argv => [$prog, '-h']);
    is($r->{status}, 0, "$t: -h exits 0");
    $r = run_program(argv => [$prog]);
    is($r->{status}, 2, "$t: no file: usage, exit 2");
}

done_testing();
