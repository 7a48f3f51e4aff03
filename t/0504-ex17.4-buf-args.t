#!/usr/bin/perl
# Exercise 17.4: buf_args with no compile-time limit on argv.  Fields split
# at white space as in the book; 49, 50 and 51 fields (the book's MAXARGC
# of 50 takes at most 49); 100000 fields; argv[argc] is NULL; no field at
# all is an error.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my @transports = transports('exercises/17.4/args');
plan skip_all => 'exercises/17.4/args not built: run make' unless @transports;

for my $t (@transports) {
    my $prog = program('exercises/17.4/args', $t);

    my $r = run_program(argv => [$prog], stdin => "open  /etc/passwd\t0\n");
    is($r->{out}, "argc=3\n[0] open\n[1] /etc/passwd\n[2] 0\nargv[argc] is NULL\n",
       "$t: the open request's three fields");

    for my $n (49, 50, 51, 1000) {
        my @fields = map { "f$_" } 1 .. $n;
        $r = run_program(argv => [$prog], stdin => join(' ', @fields));
        my $want = "argc=$n\n"
            . join('', map { "[$_] $fields[$_]\n" } 0 .. $n - 1)
            . "argv[argc] is NULL\n";
        is($r->{out}, $want, "$t: $n fields, every one in order");
    }

    my $many = join("\n", 1 .. 100000) . "\n";
    $r = run_program(argv => [$prog, '-q'], stdin => $many);
    is($r->{out}, "argc=100000\n[99999] 100000\nargv[argc] is NULL\n",
       "$t: 100000 fields");
    is($r->{status}, 0, "$t: 100000 fields: exit 0");

    $r = run_program(argv => [$prog], stdin => " \t\n ");
    is($r->{err}, "buf_args: no fields\n", "$t: only white space: an error");
    is($r->{status}, 1, "$t: only white space: exit 1");

    $r = run_program(argv => [$prog, '-h']);
    like($r->{out}, qr/^usage: args/, "$t: -h");
    $r = run_program(argv => [$prog, '-z']);
    is($r->{status}, 2, "$t: bad option: exit 2");
}

done_testing();
