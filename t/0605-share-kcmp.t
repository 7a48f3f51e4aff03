#!/usr/bin/perl
# beyond/share: a passed descriptor is the child's open file description
# (kcmp(KCMP_FILE) says same, the offset moves with the child's lseek); a
# re-open through /proc/PID/fd is another description with its own offset.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my @transports = transports('beyond/share');
plan skip_all => not_built('beyond/share') unless @transports;

my $scratch = scratch_dir();
open my $fh, '>', "$scratch/data" or die;
print {$fh} "0123456789abcdef\n";
close $fh;

for my $t (@transports) {
    my $prog = program('beyond/share', $t);
    my $r = run_program(argv => [$prog, "$scratch/data"]);
    if ($r->{status} == 77) {
        chomp(my $why = $r->{out});
        SKIP: { skip "$t: $why", 1 }
        next;
    }
    is($r->{status}, 0, "$t: exit 0");
    is($r->{out}, <<'OUT', "$t: same description and shared offset vs its own offset");
                                   passed     reopened
                                   (send_fd)  (/proc)
kcmp(KCMP_FILE) with the child's   same       different
offset at first                    0          0
offset after the child seeks to 5  5          0
after reading 3 via reopened       5          3
offset after the child seeks to 9  9          3
OUT
    $r = run_program(argv => [$prog, "$scratch/missing"]);
    isnt($r->{status}, 0, "$t: a missing file is an error");
    $r = run_program(argv => [$prog, '-h']);
    is($r->{status}, 0, "$t: -h exits 0");
    $r = run_program(argv => [$prog]);
    is($r->{status}, 2, "$t: no file: exit 2");
}

done_testing();
