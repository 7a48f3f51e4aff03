#!/usr/bin/perl
# A STREAMS program linked with the STREAMS libraries but without the link
# flags of `pkg-config --libs apue-streams` (the emulation's wraps) gets a
# plain pipe from s_pipe; the first STREAMS call on it fails with its usual
# errno and writes one line on stderr naming the flags, whichever call comes
# first (t/unit/str_wraps.c).  Linked with the flags, the same calls on a
# plain pipe write nothing.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $top = top_dir();
plan skip_all => 'the STREAMS emulation is not built (a system with real '
    . 'STREAMS, or not Linux): there are no wraps to leave out'
    unless -x "$top/t/unit/str_unwrapped";

# Each run's TAP lines, checked here: every one ok, as many as planned,
# exit status 0.
sub run_c_test {
    my ($label, @argv) = @_;
    my $r = run_program(argv => [@argv]);
    my ($planned) = $r->{out} =~ /^1\.\.(\d+)/m;
    my @lines = $r->{out} =~ /^((?:not )?ok \d+.*)$/mg;
    for my $line (@lines) {
        my ($bad, $what) = $line =~ /^(not )?ok \d+(?: -)?\s*(.*)$/;
        ok(!$bad, "$label: $what");
    }
    is(scalar @lines, $planned // -1, "$label: as many results as planned");
    is($r->{status}, 0, "$label: exits 0") or diag($r->{err});
}

for my $first (qw(send_fd recv_fd ioctl getmsg putmsg serv_listen)) {
    run_c_test("unwrapped, $first first", "$top/t/unit/str_unwrapped", $first);
}
run_c_test('wrapped', "$top/t/unit/str_wrapped");
done_testing();
