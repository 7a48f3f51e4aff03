#!/usr/bin/perl
# The uid a request is answered with belongs to the client that sent it,
# after other clients have closed: the poll loop of 3e Figure 17.30 packs
# pollfd[] by moving the last entry into a hole but leaves client[] alone,
# so the book's loop then answers pollfd[i] with client[i].uid, another
# client's (an erratum: NOTES.md, "17.6 An open server, version 2").  Clients of
# two users (65534 and root) in one process (-B, so one loop sees both);
# the first closes, a root client arrives, then each asks for a file only
# root may read: the uid 65534 client is refused, the root client served.
# Every version 2 loop, over every transport built.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use OpenServer;
use Test::More;
use File::Copy qw(copy);
use IPC::Open2 qw(open2);

my $as = nobody_prefix();
plan skip_all => 'needs root and setpriv to run a client as uid 65534'
    unless $as;
my @servers = grep { transports($_) }
    ('ch17/opend2_poll', 'ch17/opend2', 'exercises/17.5/opend_compact',
     'exercises/17.5/opend_epoll');
plan skip_all => 'the open servers are not built: run make' unless @servers;

my $scratch = open_scratch(scratch_dir());
nobody_session($scratch);       # public (0644) and secret (0600, root's)

# A client: opend_client with its steps, as uid 65534 or root, its stdin
# and stdout ours.  Each "wait" step waits for our go-ahead.
sub client {
    my ($bin, $sock, $nobody, @steps) = @_;
    my @argv = ($nobody ? @$as : (), $bin, '-s', $sock, @steps);
    my $pid = open2(my $out, my $in, @argv);
    return { pid => $pid, out => $out, in => $in };
}

sub answer {
    my ($c) = @_;
    my $line = readline($c->{out}) // "(no answer)\n";
    chomp $line;
    return $line;
}

sub go_on {
    my ($c) = @_;
    print { $c->{in} } "go\n";
    $c->{in}->flush;
}

sub finish {
    my ($c) = @_;
    close $c->{in};
    waitpid $c->{pid}, 0;
}

my $opened = 'fd: for everyone';
for my $server (@servers) {
    my ($name) = $server =~ m{([^/]+)$};
    for my $t (transports($server)) {
        my $what = "$t $name";
        my $bin = "$scratch/opend_client-$t";
        copy(program('t/unit/opend_client', $t), $bin) or die "copy: $!";
        chmod 0755, $bin;
        my $sock = "$scratch/$t-$name.socket";
        my $log = "$scratch/$t-$name.log";
        my $pid = start_server(program($server, $t), $sock, $log, '-B', '-U');
        my @first = ("open:$scratch/public:0", 'wait');
        my @then = (@first, "open:$scratch/secret:0", 'wait');

        # Three clients, in the order of their entries: 65534, root, 65534.
        my $gone = client($bin, $sock, 1, @first);
        is(answer($gone), $opened, "$what: client 1 (uid 65534) served");
        my $root1 = client($bin, $sock, 0, @then);
        is(answer($root1), $opened, "$what: client 2 (root) served");
        my $nobody = client($bin, $sock, 1, @then);
        is(answer($nobody), $opened, "$what: client 3 (uid 65534) served");

        # The first leaves a hole; the server logs it closed.
        go_on($gone);
        finish($gone);
        ok(wait_until(sub { slurp($log) =~ /^closed: uid 65534/m }),
           "$what: client 1's close is seen");

        # A new root client takes the first free client[] entry.
        my $root2 = client($bin, $sock, 0, @then);
        is(answer($root2), $opened, "$what: client 4 (root) served");

        go_on($nobody);
        like(answer($nobody), qr/^error 13: .*Permission denied/,
             "$what: client 3 (uid 65534) is refused root's file");
        go_on($root2);
        is(answer($root2), 'fd: root only', "$what: client 4 (root) gets it");
        go_on($root1);
        is(answer($root1), 'fd: root only', "$what: client 2 (root) gets it");
        finish($_) for $nobody, $root1, $root2;

        my $text = slurp($log);
        like($text, qr{^request: uid 65534, open "\Q$scratch\E/secret" O_RDONLY: Permission denied$}m,
             "$what: the log shows a uid 65534 request for the secret refused");
        unlike($text, qr{^request: uid 65534, open "\Q$scratch\E/secret" O_RDONLY: descriptor sent$}m,
               "$what: no uid 65534 request for the secret was served");
        is(stop_server($pid), 128 + 15, "$what: still running at the end");
    }
}

done_testing();
