#!/usr/bin/perl
# beyond/creds: SO_PEERCRED names a socketpair's creator and an accepted
# connection's client, with its effective ids; SCM_CREDENTIALS carries the
# sender's pid and real ids (shown apart by a sender whose differ);
# a claim to be pid 1 is accepted from root (CAP_SYS_ADMIN) and refused
# with EPERM from an unprivileged user; SO_PEERPIDFD and SCM_PIDFD name
# the child where the kernel has them.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('beyond/creds');
plan skip_all => not_built('beyond/creds') unless -x $prog;

sub common_checks {
    my ($r, $who) = @_;
    is($r->{status}, 0, "$who: exit 0");
    like($r->{out}, qr/^SO_PEERCRED on a socketpair: names the process that called socketpair \(this one\): yes$/m,
         "$who: SO_PEERCRED on a socketpair is the creator");
    like($r->{out}, qr/^SO_PEERCRED on an accepted connection: pid is the child's: yes; uid, gid are its effective ones: yes$/m,
         "$who: SO_PEERCRED on an accepted connection is the client");
    like($r->{out}, qr/^SCM_CREDENTIALS, nothing claimed: pid is the child's: yes; uid, gid are its real ones: yes$/m,
         "$who: SCM_CREDENTIALS carries the sender's pid and ids");
    for my $what ('SO_PEERPIDFD', 'SCM_PIDFD') {
        like($r->{out}, qr/^\Q$what\E: (a pidfd for the child: yes|not (in this kernel|known on this system).*)$/m,
             "$who: $what names the child, or is reported missing");
    }
    unlike($r->{out}, qr/: no\b/, "$who: no check answered no");
}

my $r = run_program(argv => [$prog]);
common_checks($r, 'as ' . ($> == 0 ? 'root' : 'this user'));
if ($> == 0) {
    like($r->{out}, qr/^SCM_CREDENTIALS, claiming pid 1: accepted .* sees pid 1$/m,
         'root may claim another pid');
    like($r->{out}, qr/^a sender with real uid 65534 and effective uid 0 .*:\n  SO_PEERCRED: uid 0, gid 0 \(the effective ids at connect\)\n  SCM_CREDENTIALS, nothing claimed: uid 65534, gid 65534 \(the real ids\)\n\z/m,
         'real uid 65534, effective 0: SO_PEERCRED says 0, SCM_CREDENTIALS 65534');
} else {
    like($r->{out}, qr/^SCM_CREDENTIALS, claiming pid 1: refused: Operation not permitted$/m,
         'an unprivileged sender may not claim another pid');
}

SKIP: {
    skip 'needs root and setpriv to run as an unprivileged user', 9
        unless $> == 0 && -x '/usr/bin/setpriv';
    $r = run_program(argv => ['setpriv', '--reuid=65534', '--regid=65534',
                              '--clear-groups', $prog]);
    skip "cannot run as uid 65534: $r->{err}", 9 if $r->{status} == 126 || $r->{status} == 127;
    common_checks($r, 'as uid 65534');
    like($r->{out}, qr/^SCM_CREDENTIALS, claiming pid 1: refused: Operation not permitted$/m,
         'uid 65534 may not claim another pid');
    like($r->{out}, qr/^  not shown: only root can make such a sender\n\z/m,
         'uid 65534 cannot make a sender whose real and effective ids differ');
}

$r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog, 'x']);
is($r->{status}, 2, 'bad usage: exit 2');

done_testing();
