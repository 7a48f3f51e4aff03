#!/usr/bin/perl
# Figures 17.3 and 17.4: ch17/pollmsg makes three XSI message queues, a
# helper thread per queue moves each message to a datagram socket, and
# main polls the sockets; ch17/sendmsg posts a message.  Real queues, real
# socket pairs, real threads.  The keys are ftok keys of files in a
# scratch directory, private to this test, and every queue is gone at the
# end: after a normal stop, a stop signal, a queue that could not be
# made, and a queue removed under a helper's feet.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;
use IPC::SysV qw(IPC_CREAT IPC_EXCL IPC_RMID);
use MsgQueue;

my $poll = program('ch17/pollmsg');
my $send = program('ch17/sendmsg');
plan skip_all => 'ch17/pollmsg or ch17/sendmsg not built: run make'
    unless -x $poll && -x $send;

my $scratch = scratch_dir();

# --- usage -----------------------------------------------------------
my $r = run_program(argv => [$poll, '-h']);
like($r->{out}, qr/^usage: pollmsg \[-h\] \[-n count\] \[-k key \| -f file\]/,
     'pollmsg -h prints its usage');
is($r->{status}, 0, 'pollmsg -h exits 0');
$r = run_program(argv => [$poll, '-x']);
is($r->{status}, 2, 'pollmsg: a bad option exits 2');
$r = run_program(argv => [$poll, '-k', '0']);
is($r->{err}, "pollmsg: bad key: 0 (a number, not 0)\n", 'pollmsg: key 0 is refused');
$r = run_program(argv => [$send, '-h']);
like($r->{out}, qr/^usage: sendmsg \[-h\] key message/, 'sendmsg -h prints its usage');
is($r->{status}, 0, 'sendmsg -h exits 0');
$r = run_program(argv => [$send, '0x123']);
is($r->{status}, 2, 'sendmsg: a missing message exits 2');

# --- the figure at work ------------------------------------------------
{
    my ($file, @keys) = fresh_keys($scratch);
    is(scalar keys_left(@keys), 0, 'no queue has our keys before the run');
    my ($pid, $out, $err) = start_poller($scratch, $poll, '-n', 6, '-f', $file);
    my @start = map { scalar <$out> } 1 .. 3;
    is(join('', @start),
       join('', map { "queue $_: key " . hexkey($keys[$_]) . "\n" } 0 .. 2),
       'pollmsg names each queue by number and key');
    is(scalar keys_left(@keys), 3, 'the three queues exist while it runs');

    my $post = sub {
        my ($q, $text) = @_;
        return run_program(argv => [$send, hexkey($keys[$q]), $text]);
    };
    $r = $post->(0, 'hello, world');
    is($r->{status}, 0, 'sendmsg posts to queue 0');
    is(scalar <$out>, "queue 0, message hello, world\n", 'the message comes out of queue 0');
    $post->(2, 'to the third queue');
    is(scalar <$out>, "queue 2, message to the third queue\n", 'and out of queue 2');
    my $longest = 'x' x 512;
    $post->(1, $longest);
    is(scalar <$out>, "queue 1, message $longest\n",
       'a message of MAXMSZ (512) bytes comes out whole');
    $r = $post->(1, 'y' x 513);
    is($r->{err}, "sendmsg: message too long: 513 bytes (the limit is 512)\n",
       'sendmsg refuses a message longer than 512 bytes');
    is($r->{status}, 1, '... and exits 1');
    $post->(1, 'first');
    $post->(1, 'second');
    is(scalar <$out> . <$out>, "queue 1, message first\nqueue 1, message second\n",
       'two messages posted before main reads: two datagrams, two lines');
    $post->(0, 'sixth');
    my ($rest, $status) = finish_poller($pid, $out);
    is($rest, "queue 0, message sixth\n", 'the sixth message, then it stops (-n 6)');
    is($status, 0, 'pollmsg -n exits 0');
    is(slurp_file($err), '', 'nothing on stderr');
    is(scalar keys_left(@keys), 0, 'no queue with our keys is left behind');

    $r = $post->(0, 'too late');
    is($r->{err}, 'can\'t open queue key ' . hexkey($keys[0])
       . ": No such file or directory\n", 'sendmsg to a queue that is gone: a clear error');
    is($r->{status}, 1, '... and exit 1');
    $r = run_program(argv => [$send, '0x12z', 'hi']);
    is($r->{err}, "sendmsg: bad key: 0x12z (a number, not 0)\n",
       'sendmsg: a key that is not a number is refused (not IPC_PRIVATE)');
}

# --- -k: the book's scheme, key, key+1, key+2 ---------------------------
{
    my (undef, $base) = fresh_keys($scratch);
    my @keys = map { $base + $_ } 0 .. 2;
    is(scalar keys_left(@keys), 0, '-k: no queue has our keys before');
    my ($pid, $out, $err) = start_poller($scratch, $poll, '-n', 1, '-k', hexkey($base));
    my @start = map { scalar <$out> } 1 .. 3;
    is($start[2], 'queue 2: key ' . hexkey($base + 2) . "\n", '-k: the third queue has key+2');
    run_program(argv => [$send, hexkey($base + 2), 'by number']);
    my ($rest, $status) = finish_poller($pid, $out);
    is($rest, "queue 2, message by number\n", '-k: the message arrives');
    is($status, 0, '-k: exit 0');
    is(scalar keys_left(@keys), 0, '-k: no queue left behind');
}

# --- a stop signal --------------------------------------------------------
{
    my ($file, @keys) = fresh_keys($scratch);
    my ($pid, $out, $err) = start_poller($scratch, $poll, '-f', $file);
    <$out> for 1 .. 3;
    run_program(argv => [$send, hexkey($keys[1]), 'before the signal']);
    is(scalar <$out>, "queue 1, message before the signal\n", 'running without -n');
    kill 'TERM', $pid;
    my ($rest, $status) = finish_poller($pid, $out);
    is($status, 0, 'SIGTERM stops it in order: exit 0');
    is(slurp_file($err), '', 'SIGTERM: nothing on stderr');
    is(scalar keys_left(@keys), 0, 'SIGTERM: no queue left behind');
}

# --- a step fails: the third queue cannot be made -------------------------
{
    my ($file, @keys) = fresh_keys($scratch);
    my $theirs = msgget($keys[2], IPC_CREAT | IPC_EXCL | 0600)
        // die "msgget: $!";
    $r = run_program(argv => [$poll, '-f', $file]);
    is($r->{status}, 1, 'a queue that exists already: exit 1');
    is($r->{err}, 'msgget error for queue 2 (key ' . hexkey($keys[2])
       . "): File exists\n", '... with the reason (IPC_EXCL: never shared)');
    is(scalar keys_left(@keys[0, 1]), 0,
       'the two queues it had made are removed');
    ok(queue_exists($keys[2]), 'the queue it did not make is left alone');
    msgctl($theirs, IPC_RMID, 0);
}

# --- a step fails later: a queue removed under its helper ----------------
{
    my ($file, @keys) = fresh_keys($scratch);
    my ($pid, $out, $err) = start_poller($scratch, $poll, '-f', $file);
    <$out> for 1 .. 3;
    my $id = msgget($keys[1], 0) // die "msgget: $!";
    msgctl($id, IPC_RMID, 0) or die "msgctl: $!";
    my ($rest, $status) = finish_poller($pid, $out);
    is($status, 1, 'a queue removed from outside: the helper fails, exit 1');
    # EIDRM if the helper was waiting in msgrcv, EINVAL if it got there late
    like(slurp_file($err), qr/\Amsgrcv error: (Identifier removed|Invalid argument)\n\z/,
         '... saying why (the book would end the process from the helper)');
    is(scalar keys_left(@keys), 0, 'the other two queues are removed too');
}

done_testing();
