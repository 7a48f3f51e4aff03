#!/usr/bin/perl
# beyond/ctrunc: descriptors that do not fit, in the control buffer or
# under RLIMIT_NOFILE, set MSG_CTRUNC; the first ones are delivered and the
# kernel closes the rest (their pipes read end-of-file).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

# Which descriptors survive truncation is the kernel's choice; this is Linux's.
plan skip_all => 'the behaviour checked here is Linux\'s' unless $^O eq 'linux';
my $prog = program('beyond/ctrunc');
plan skip_all => 'beyond/ctrunc not built: run make' unless -x $prog;

my $delivered = "delivered (its pipe is still open for writing)";
my $closed = "closed by the kernel (its pipe reads end-of-file)";
my $r = run_program(argv => [$prog]);
is($r->{status}, 0, 'exit 0');
is($r->{out}, <<"OUT", 'two delivered, three closed by the kernel, both ways');
control buffer with room for 2, 5 sent:
  msg_flags: MSG_CTRUNC
  received 2 of 5 descriptors
  descriptor 0: $delivered
  descriptor 1: $delivered
  descriptor 2: $closed
  descriptor 3: $closed
  descriptor 4: $closed
descriptor limit leaving room for 2, 5 sent:
  msg_flags: MSG_CTRUNC
  received 2 of 5 descriptors
  descriptor 0: $delivered
  descriptor 1: $delivered
  descriptor 2: $closed
  descriptor 3: $closed
  descriptor 4: $closed
OUT

$r = run_program(argv => [$prog, 3, 3]);
is($r->{out} =~ tr/\n//, 12, 'room for all: twelve lines');
unlike($r->{out}, qr/MSG_CTRUNC|closed by the kernel/, 'room for all: no truncation, nothing closed');

$r = run_program(argv => [$prog, 3, 0]);
my @closed = $r->{out} =~ /closed by the kernel/g;
is(scalar @closed, 6, 'room for none: every descriptor closed, both ways');
like($r->{out}, qr/received 0 of 3/, 'room for none: none received');

$r = run_program(argv => [$prog, 5, 6]);
like($r->{err}, qr/bad count '6'/, 'room above the count is refused');
$r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog, '-x']);
is($r->{status}, 2, 'bad option: exit 2');

done_testing();
