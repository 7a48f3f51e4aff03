#!/usr/bin/perl
# beyond/plainint: the descriptor's number sent as data means nothing in
# the parent (EBADF) or means the parent's own file; send_fd passes the
# file itself.  Over every transport built.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my @transports = transports('beyond/plainint');
plan skip_all => 'beyond/plainint not built: run make' unless @transports;

my $scratch = scratch_dir();
for (['target', "the file the child opened\n"], ['decoy', "the parent's own file\n"]) {
    open my $fh, '>', "$scratch/$_->[0]" or die;
    print {$fh} $_->[1];
    close $fh;
}

for my $t (@transports) {
    my $prog = program('beyond/plainint', $t);
    my $r = run_program(argv => [$prog, "$scratch/target", "$scratch/decoy"]);
    is($r->{status}, 0, "$t: exit 0");
    like($r->{out}, qr/\A\Qchild sent the number 20 as data
  parent, nothing open at 20: read failed: Bad file descriptor
  parent, its own file open at 20: reads "the parent's own file"
child passed descriptor 20 with send_fd
\E  parent received it as \d+: reads "the file the child opened"\n\z/,
         "$t: EBADF, then the wrong file, then send_fd gets the right one");

    $r = run_program(argv => [$prog, '-n', 33, "$scratch/target", "$scratch/decoy"]);
    like($r->{out}, qr/nothing open at 33: read failed: Bad file descriptor/, "$t: -n 33");
    $r = run_program(argv => [$prog, '-n', 2, "$scratch/target", "$scratch/decoy"]);
    like($r->{err}, qr/bad descriptor number '2'/, "$t: -n 2 is refused");
    $r = run_program(argv => [$prog, '-h']);
    is($r->{status}, 0, "$t: -h exits 0");
    $r = run_program(argv => [$prog, "$scratch/target"]);
    is($r->{status}, 2, "$t: one file: usage, exit 2");
}

done_testing();
