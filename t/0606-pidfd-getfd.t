#!/usr/bin/perl
# beyond/getfd: pidfd_getfd takes a copy of another process's descriptor:
# the same open file description (the offset is shared), close-on-exec
# set; a number with nothing open is EBADF.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('beyond/getfd');
plan skip_all => not_built('beyond/getfd') unless -x $prog;

my $scratch = scratch_dir();
open my $fh, '>', "$scratch/data" or die;
print {$fh} "0123456789\n";
close $fh;

my $r = run_program(argv => [$prog, "$scratch/data"]);
plan skip_all => "kernel: $r->{out}" if $r->{status} == 77;
is($r->{status}, 0, 'exit 0');
like($r->{out}, qr/\Achild has \Q$scratch\E\/data open as descriptor (\d+)
pidfd_getfd\(pidfd, \1\): parent now has it as descriptor \d+
  close-on-exec: set
  offsets: parent 0, child 0
  parent reads 4 bytes: parent 4, child 4
pidfd_getfd\(pidfd, 999\), nothing open there: Bad file descriptor\n\z/,
     'a copy of the child\'s descriptor, sharing its offset');

$r = run_program(argv => [$prog, "$scratch/missing"]);
like($r->{err}, qr/could not open/, 'a missing file is reported');
isnt($r->{status}, 0, 'with a failure status');
$r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog]);
is($r->{status}, 2, 'no file: exit 2');

done_testing();
