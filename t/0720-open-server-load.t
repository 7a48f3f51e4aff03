#!/usr/bin/perl
# The open servers under load, short: beyond/opend_load with 10 clients x
# 50 requests, 2 of them misbehaving, against every version 2 server loop
# and over every transport built.  Every count is exact: 400 valid
# requests all answered right, each misbehaviour done 20 times and the bad
# requests refused with the error due, no failure of any kind, and the
# server's descriptors the same after as before.  Then the driver must
# notice a server that hands out another file with the same bytes.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my @transports = transports('beyond/opend_load');
plan skip_all => 'beyond/opend_load not built: run make' unless @transports;

my @servers = ('ch17/opend2', 'ch17/opend2_poll',
               'exercises/17.5/opend_compact', 'exercises/17.5/opend_epoll');
my @args = ('-c', 10, '-n', 50, '-b', 2);

# AddressSanitizer keeps freed memory in quarantine (up to 256 MB), so the
# server's VmRSS grows with the work it does: in a SANITIZE=1 build the
# memory check is loose (asan_build comes from ApueTest), the descriptor
# check as strict as ever.

# Can we bind-mount one file over another in a new mount namespace?
sub can_cover_file {
    my ($dir) = @_;
    for my $f ('probe.a', 'probe.b') {
        open my $fh, '>', "$dir/$f" or return 0;
        close $fh;
    }
    my $r = run_program(argv => ['unshare', '-m', 'mount', '--bind',
                                 "$dir/probe.a", "$dir/probe.b"]);
    return $r->{status} == 0;
}

# The count on the row named $name in the table.
sub row {
    my ($out, $name) = @_;
    return $out =~ /^  \Q$name\E\s+(\d+)/m ? $1 : undef;
}

# Every load run (each its own server, scratch and clients) at once: each
# mostly waits for its clients and for the server's count to settle.
# Then each one's table is checked.
my %load_run;
{
    my @runs;
    for my $t (@transports) {
        my $load = program('beyond/opend_load', $t);
        for my $server (grep { -x program($_, $t) } @servers) {
            my ($name) = $server =~ m{([^/]+)$};
            my @memory = asan_build(program($server, $t)) ? ('-m', 65536) : ();
            push @runs, ["$t $name", { argv => ['timeout', '120', $load, '-S', $name,
                                                @args, @memory] }];
        }
    }
    my @done = run_programs({ jobs => scalar @runs }, map { $_->[1] } @runs);
    $load_run{ $runs[$_][0] } = $done[$_] for 0 .. $#runs;
}

for my $t (@transports) {
    my $load = program('beyond/opend_load', $t);
    for my $server (grep { -x program($_, $t) } @servers) {
        my ($name) = $server =~ m{([^/]+)$};
        my $what = "$t $name";
        my @memory = asan_build(program($server, $t)) ? ('-m', 65536) : ();
        note("$what: an ASan build: memory growth allowed up to 64 MB") if @memory;
        my $r = $load_run{$what};
        my $out = $r->{out};
        is($r->{status}, 0, "$what: exit 0") or diag($out, $r->{err});
        like($out, qr/^opend_load: \Q$server\E|^opend_load: \S+\Q$name\E/m,
             "$what: the server named");
        like($out, qr/^warm-up: 10 clients x 10 requests: 80 of 80 valid requests answered right, 0 failures$/m,
             "$what: warm-up all right");
        is(row($out, 'sent'), 400, "$what: 400 valid requests sent");
        is(row($out, 'answered right'), 400, "$what: 400 answered right");
        is(row($out, '  the file, its bytes, its access mode'), 360,
           "$what: 360 descriptors checked");
        is(row($out, '  the error due (missing file: ENOENT)'), 40,
           "$what: 40 errors due");
        is(row($out, 'answered wrongly'), 0, "$what: none answered wrongly");
        is(row($out, 'lost (no answer)'), 0, "$what: none lost");
        like($out, qr/^  garbage request\s+20\s+20 \(EINVAL\)$/m,
             "$what: 20 garbage requests, each refused with EINVAL");
        like($out, qr/^  over-long request\s+20\s+20 \(EMSGSIZE\)$/m,
             "$what: 20 over-long requests, each refused with EMSGSIZE");
        is(row($out, $_), 20, "$what: $_: 20")
            for ('disconnect mid-request', '10 requests, answers never read',
                 'connect, send nothing, close');
        is(row($out, 'a connection held silent all along'), 2,
           "$what: 2 silent connections held");
        my @failures = $out =~ /^  ([a-z_ ,]+?)\s+(\d+)\s+(\d+)$/mg;
        is(scalar @failures, 33, "$what: 11 kinds of failure listed");
        my @nonzero;
        while (my ($kind, $good, $bad) = splice @failures, 0, 3) {
            push @nonzero, "$kind: $good $bad" if $good || $bad;
        }
        is_deeply(\@nonzero, [], "$what: no failure of any kind");
        SKIP: {
            skip 'no /proc to count descriptors', 1 unless -d "/proc/$$/fd";
            like($out, qr/^  descriptors\s+(\d+)\s+\1\s+\+0\s+\+0$/m,
                 "$what: the server's descriptors, as many after as before");
        }
        like($out, qr/^result: pass$/m, "$what: result: pass");
    }

    # A server whose files are other files with the same bytes: in its own
    # mount namespace each client's file is covered by a copy.
    SKIP: {
        my $scratch = scratch_dir();
        skip 'needs root, and unshare -m with mount --bind to cover a file '
            . 'in a mount namespace', 4
            unless $> == 0 && can_cover_file($scratch);
        my $server = program('ch17/opend2', $t);
        my $wrapper = "$scratch/other-files";
        open my $fh, '>', $wrapper or die "$wrapper: $!";
        print {$fh} <<"EOF";
#!/bin/sh
# called as: other-files -d -s SCRATCH/opend.socket
exec unshare -m sh -c '
    for f in "\${0%/*}"/client.*; do
        cp "\$f" "\$f.copy" && mount --bind "\$f.copy" "\$f" || exit 1
    done
    exec "\$@"' "\$3" '$server' "\$@"
EOF
        close $fh;
        chmod 0755, $wrapper;
        my $r = run_program(argv => [program('beyond/opend_load', $t),
                                     '-S', $wrapper, @args]);
        is($r->{status}, 1, "$t: a server handing out other files: exit 1")
            or diag($r->{out}, $r->{err});
        like($r->{out}, qr/^  descriptor of another file\s+360\s+0$/m,
             "$t: each of the 360 descriptors is seen to be another file");
        is(row($r->{out}, 'answered wrongly'), 360,
           "$t: 360 answered wrongly");
        like($r->{out}, qr/^result: FAIL$/m, "$t: result: FAIL");
    }

    my $r = run_program(argv => [$load, '-h']);
    like($r->{out}, qr/^usage: opend_load /, "$t: -h prints the usage");
    $r = run_program(argv => [$load, '-c', 0]);
    is($r->{status}, 2, "$t: -c 0 is bad usage, exit 2");
    $r = run_program(argv => [$load, '-S', 'no_such_server']);
    isnt($r->{status}, 0, "$t: an unknown server is refused");
}

done_testing();
