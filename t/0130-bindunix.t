#!/usr/bin/perl
# Figure 17.5: binding an address to a UNIX domain socket creates the
# socket file, which stays when the program ends; a second bind to the
# name fails with EADDRINUSE until the file is removed.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('ch17/bindunix');
plan skip_all => 'ch17/bindunix not built: run make' unless -x $prog;
my $scratch = scratch_dir();
# err_sys prints strerror(EADDRINUSE) as the program's C library words it.
my $in_use = musl_build($prog) ? 'Address in use' : 'Address already in use';

my $r = run_program(argv => [$prog], chdir => $scratch);
is($r->{out}, "UNIX domain socket bound\n", 'bound to foo.socket, as in the book');
is($r->{status}, 0, 'exit 0');
ok(-S "$scratch/foo.socket", 'the socket file stays in the current directory');

$r = run_program(argv => [$prog], chdir => $scratch);
is($r->{err}, "bind failed: $in_use\n",
   'a second run: bind fails, the name is taken (EADDRINUSE)');
is($r->{status}, 1, 'exit 1');
unlink "$scratch/foo.socket" or die;
$r = run_program(argv => [$prog], chdir => $scratch);
is($r->{status}, 0, 'once the file is removed, bind works again');

my $named = "$scratch/named.socket";
$r = run_program(argv => [$prog, $named]);
is($r->{out}, "UNIX domain socket bound\n", 'a name given on the command line');
ok(-S $named, '... is the socket file created');

# bind never replaces a file that is not a socket either.
open my $fh, '>', "$scratch/plain" or die;
print {$fh} "keep me\n";
close $fh;
$r = run_program(argv => [$prog, "$scratch/plain"]);
is($r->{err}, "bind failed: $in_use\n", 'a plain file by that name: EADDRINUSE');
is(do { open my $in, '<', "$scratch/plain" or die; local $/; <$in> }, "keep me\n",
   '... and the file is untouched');

my $long = "$scratch/" . ('x' x 120);
$r = run_program(argv => [$prog, $long]);
like($r->{err}, qr/^bindunix: \Q$long\E: name too long \(a UNIX domain socket name has at most \d+ bytes\)$/,
     'a name too long for sun_path: a clear error');
is($r->{status}, 1, '... exit 1');
ok(!-e $long, '... and nothing is created');

$r = run_program(argv => [$prog, '-h']);
like($r->{out}, qr/^usage: bindunix \[-h\] \[path\]/, '-h prints usage');
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog, 'a', 'b']);
is($r->{status}, 2, 'two operands: usage error, exit 2');

done_testing();
