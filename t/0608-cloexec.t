#!/usr/bin/perl
# beyond/cloexec: a descriptor received with MSG_CMSG_CLOEXEC has
# FD_CLOEXEC set and is gone after exec; one received without it survives.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('beyond/cloexec');
plan skip_all => not_built('beyond/cloexec') unless -x $prog;

my $scratch = scratch_dir();
open my $fh, '>', "$scratch/data" or die;
close $fh;

my $r = run_program(argv => [$prog, "$scratch/data"]);
is($r->{status}, 0, 'exit 0');
like($r->{out}, qr/\Areceived without MSG_CMSG_CLOEXEC as (\d+): FD_CLOEXEC clear
received with MSG_CMSG_CLOEXEC as (\d+): FD_CLOEXEC set
  after exec, descriptor \1: open
  after exec, descriptor \2: Bad file descriptor\n\z/,
     'the plain one survives exec, the MSG_CMSG_CLOEXEC one does not');

$r = run_program(argv => [$prog, "$scratch/missing"]);
like($r->{err}, qr/can't open/, 'a missing file is reported');
$r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog]);
is($r->{status}, 2, 'no file: exit 2');

done_testing();
