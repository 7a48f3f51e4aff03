#!/usr/bin/perl
# The fork demo, over every transport built: the child opens a file and
# passes the descriptor; the parent prints buf=<contents>.  A file the
# child cannot open comes back as the child's message and exit status 1.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $top = top_dir();
my @transports = transports('ch17/passfd');
plan skip_all => 'ch17/passfd not built: run make' unless @transports;

my $scratch = scratch_dir();
my $expected_txt = do {
    open my $fh, '<', "$top/ch17/test.txt" or die "test.txt: $!";
    local $/;
    <$fh>;
};

for my $t (@transports) {
    my $prog = program('ch17/passfd', $t);

    my $r = run_program(argv => [$prog], chdir => "$top/ch17");
    is($r->{out}, "buf=$expected_txt", "$t: test.txt passed from child to parent");
    is($r->{err}, '', "$t: nothing on stderr");
    is($r->{status}, 0, "$t: exit 0");

    # A file whose last line has no newline still ends the output cleanly.
    my $file = "$scratch/no-newline";
    open my $fh, '>', $file or die;
    print {$fh} "first line\nsecond line";
    close $fh;
    $r = run_program(argv => [$prog, $file]);
    is($r->{out}, "buf=first line\nsecond line\n", "$t: named file, no final newline");
    is($r->{status}, 0, "$t: exit 0 for a named file");

    # An empty file is passed too.
    open $fh, '>', "$scratch/empty" or die;
    close $fh;
    $r = run_program(argv => [$prog, "$scratch/empty"]);
    is($r->{out}, "buf=\n", "$t: empty file");

    # The child cannot open: send_err carries its message to the parent.
    $r = run_program(argv => [$prog, "$scratch/missing.txt"]);
    is($r->{out}, '', "$t: missing file: nothing on stdout");
    is($r->{err}, "can't open $scratch/missing.txt: No such file or directory\n",
       "$t: missing file: the child's message, printed by the parent");
    is($r->{status}, 1, "$t: missing file: exit 1");

    # Run from elsewhere: the test.txt beside the program is found.
    for my $dir ('/', $scratch) {
        $r = run_program(argv => [$prog], chdir => $dir);
        is($r->{out}, "buf=$expected_txt", "$t: run from $dir: test.txt found");
        is($r->{status}, 0, "$t: run from $dir: exit 0");
    }

    # A copy of the program with no test.txt beside it: the current
    # directory's, as in the book.
    my $alone = scratch_dir();
    system('cp', $prog, "$alone/passfd") == 0 or die "cp $prog: $?";
    $r = run_program(argv => ["$alone/passfd"], chdir => $alone);
    is($r->{err}, "can't open test.txt: No such file or directory\n",
       "$t: no test.txt beside the program or in the current directory");
    is($r->{status}, 1, "$t: exit 1 without test.txt");
    open $fh, '>', "$alone/test.txt" or die;
    print {$fh} "one directory up\n";
    close $fh;
    unlink "$alone/passfd";
    mkdir "$alone/bin" or die;
    system('cp', $prog, "$alone/bin/passfd") == 0 or die "cp $prog: $?";
    $r = run_program(argv => ["$alone/bin/passfd"], chdir => $scratch);
    is($r->{out}, "buf=one directory up\n",
       "$t: test.txt one directory up (the STREAMS build's place) found");

    $r = run_program(argv => [$prog, '-h']);
    like($r->{out}, qr/^usage: passfd \[-h\] \[file\]/, "$t: -h prints usage");
    is($r->{status}, 0, "$t: -h exits 0");

    $r = run_program(argv => [$prog, 'a', 'b']);
    like($r->{err}, qr/^usage:/, "$t: two arguments: usage on stderr");
    is($r->{status}, 2, "$t: two arguments: exit 2");
}

done_testing();
