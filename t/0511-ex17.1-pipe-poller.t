#!/usr/bin/perl
# Exercise 17.1: Figure 17.3 with pipes instead of datagram sockets
# (exercises/17.1/pollmsg_pipe).  A pipe keeps no boundaries, so each
# message goes behind its length; messages of every size up to 512 bytes,
# and several queued at once, come out whole and apart.  Real queues,
# pipes and threads; private keys; no queue left behind.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use MsgQueue;
use Test::More;
use IPC::SysV qw(IPC_RMID);

my $poll = program('exercises/17.1/pollmsg_pipe');
my $send = program('ch17/sendmsg');
plan skip_all => 'exercises/17.1/pollmsg_pipe or ch17/sendmsg not built: run make'
    unless -x $poll && -x $send;
my $scratch = scratch_dir();

my $r = run_program(argv => [$poll, '-h']);
like($r->{out}, qr/^usage: pollmsg_pipe \[-h\] \[-n count\] \[-k key \| -f file\]/,
     '-h prints usage');
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$poll, 'extra']);
is($r->{status}, 2, 'an operand is a usage error: exit 2');

{
    my ($file, @keys) = fresh_keys($scratch);
    my ($pid, $out, $err) = start_poller($scratch, $poll, '-n', 6, '-f', $file);
    my @start = map { scalar <$out> } 1 .. 3;
    is(join('', @start),
       join('', map { "queue $_: key " . hexkey($keys[$_]) . "\n" } 0 .. 2),
       'the same queues as ch17/pollmsg');
    my $post = sub { run_program(argv => [$send, hexkey($keys[$_[0]]), $_[1]]) };

    $post->(0, 'hello, world');
    is(scalar <$out>, "queue 0, message hello, world\n", 'a message through a pipe');
    # Three messages queued before the helper moves them: a bare pipe
    # could hand main all of them in one read; the lengths keep them apart.
    $post->(2, 'one');
    $post->(2, 'two two');
    $post->(2, 'three three three');
    is(join('', map { scalar <$out> } 1 .. 3),
       "queue 2, message one\nqueue 2, message two two\nqueue 2, message three three three\n",
       'three messages in one pipe: three lines, none run together');
    my $longest = join '', map { chr(ord('a') + $_ % 26) } 0 .. 511;
    $post->(1, $longest);
    is(scalar <$out>, "queue 1, message $longest\n", '512 bytes come out whole');
    $post->(1, 'x');
    is(scalar <$out>, "queue 1, message x\n", 'then a 1-byte message');
    my ($rest, $status) = finish_poller($pid, $out);
    is($status, 0, '-n 6: stops by itself, exit 0');
    is(slurp_file($err), '', 'nothing on stderr');
    is(scalar keys_left(@keys), 0, 'no queue with our keys is left behind');
}

{
    my ($file, @keys) = fresh_keys($scratch);
    my ($pid, $out, $err) = start_poller($scratch, $poll, '-f', $file);
    <$out> for 1 .. 3;
    kill 'INT', $pid;
    my ($rest, $status) = finish_poller($pid, $out);
    is($status, 0, 'SIGINT stops it in order: exit 0');
    is(scalar keys_left(@keys), 0, 'SIGINT: no queue left behind');
}

{
    my ($file, @keys) = fresh_keys($scratch);
    my ($pid, $out, $err) = start_poller($scratch, $poll, '-f', $file);
    <$out> for 1 .. 3;
    my $id = msgget($keys[0], 0) // die "msgget: $!";
    msgctl($id, IPC_RMID, 0) or die "msgctl: $!";
    my ($rest, $status) = finish_poller($pid, $out);
    is($status, 1, 'a queue removed from outside: exit 1');
    like(slurp_file($err), qr/\Amsgrcv error: (Identifier removed|Invalid argument)\n\z/,
         '... saying why');
    is(scalar keys_left(@keys), 0, '... and the other queues are removed');
}

done_testing();
