#!/usr/bin/perl
# Exercise 17.3: a header that declares (extern) lets two files share the
# one object main.c defines; a header that defines makes every including
# file define its own, and the link fails under -fno-common.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $top = top_dir();
my $prog = program('exercises/17.3/globals');
plan skip_all => 'exercises/17.3/globals not built: run make' unless -x $prog;

my $r = run_program(argv => [$prog]);
is($r->{status}, 0, 'exit 0');
my ($main_addr) = $r->{out} =~ /^main\.c:   &oflag = (\S+)$/m;
my ($report_addr) = $r->{out} =~ /^report\.c: &oflag = (\S+)$/m;
ok(defined $main_addr && defined $report_addr, 'both files print the address');
is($report_addr, $main_addr, 'both files see the same object');
like($r->{out}, qr/^report\.c: oflag = 1, errmsg = "set in main\.c"$/m,
     'report.c sees what main.c stored');

SKIP: {
    my $cc = $ENV{CC} // 'cc';
    my $probe = run_program(argv => ['sh', '-c', "command -v $cc"]);
    skip "no C compiler '$cc' to build the broken variant", 3 if $probe->{status} != 0;
    my $scratch = scratch_dir();
    my @src = map { "$top/exercises/17.3/$_" } qw(main.c report.c);
    my @flags = ('-std=c11', '-D_POSIX_C_SOURCE=200809L', "-I$top/apue",
                 "-I$top/exercises/17.3");

    $r = run_program(argv => [$cc, @flags, '-fno-common', '-o', "$scratch/good", @src]);
    is($r->{status}, 0, 'declaring header: links under -fno-common');

    $r = run_program(argv => [$cc, @flags, '-fno-common', '-DBROKEN_HEADER_DEFINES',
                              '-o', "$scratch/broken", @src]);
    isnt($r->{status}, 0, 'defining header: the link fails under -fno-common');
    like($r->{err}, qr/multiple definition|duplicate symbol/,
         'the linker names the multiple definition');
}

$r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog, 'x']);
is($r->{status}, 2, 'bad usage exits 2');

done_testing();
