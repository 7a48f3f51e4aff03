#!/usr/bin/perl
# Exercise 17.6: stat before unlink in serv_listen: the race removes a
# regular file swapped in after the check; a symbolic link to a socket
# passes the check and the link is what gets removed.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('exercises/17.6/stat_unlink');
plan skip_all => 'exercises/17.6/stat_unlink not built: run make' unless -x $prog;

my $scratch = scratch_dir();
my $r = run_program(argv => [$prog, $scratch]);
is($r->{status}, 0, 'exit 0');
is($r->{err}, '', 'nothing on stderr');
is($r->{out}, <<'OUT', 'both problems shown');
problem 1: the race between stat and unlink
  stat(server.socket): a socket, so serv_listen decides to unlink it
  meanwhile another process renames a regular file over server.socket
  before unlink, server.socket is a regular file
  unlink(server.socket): removed the regular file, the very thing the check was for
problem 2: stat follows symbolic links
  server.socket is a symbolic link to real.socket
  stat(server.socket): a socket, so serv_listen decides to unlink it
  lstat(server.socket) would have said: a symbolic link
  unlink(server.socket): removed the link, which is not a socket; server.socket is gone, real.socket is a socket
OUT
ok(!-e "$scratch/precious", 'the precious file is really gone');
ok(!-e "$scratch/server.socket" && !-l "$scratch/server.socket", 'nothing left under the name');

$r = run_program(argv => [$prog, "$scratch/no/such/dir"]);
isnt($r->{status}, 0, 'a missing directory is an error');
like($r->{err}, qr/can't bind/, 'with a clear message');
$r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog]);
is($r->{status}, 2, 'no directory: exit 2');

done_testing();
