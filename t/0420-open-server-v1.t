#!/usr/bin/perl
# The open server, version 1 (3e Figures 17.17-17.24): ch17/open starts
# ch17/opend beside itself and copies each named file to stdout.  A
# session like the book's; the server found from any directory; access as
# nobody; usage.  Over every transport built.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use OpenServer;
use Test::More;

my @transports = transports('ch17/open');
plan skip_all => 'ch17/open not built: run make' unless @transports;

my $scratch = open_scratch(scratch_dir());
my $book = book_session($scratch);
my $nobody = nobody_session($scratch);
my $elsewhere = scratch_dir();

for my $t (@transports) {
    my $open = program('ch17/open', $t);

    my $r = run_program(argv => [$open], stdin => $book->{stdin},
                        chdir => $elsewhere);
    is($r->{out}, $book->{out}, "$t: the book's session: the files' bytes");
    is($r->{err}, $book->{err}, "$t: the book's session: the messages");
    is($r->{status}, 1, "$t: exit 1 when a file could not be copied");

    $r = run_program(argv => [$open], stdin => "$scratch/readable\n",
                     chdir => '/');
    is($r->{out}, "a readable file\n", "$t: run from /, the server is found");
    is($r->{status}, 0, "$t: exit 0 when every file was copied");

    # The server on an fd_pipe, as csopen starts it: the descriptors it
    # sends have the flags the client asked for.
    my ($steps, $flags) = flag_requests("$scratch/second");
    $r = run_program(argv => [program('t/unit/opend_client', $t), '-e',
                              program('ch17/opend', $t), @$steps]);
    is($r->{out}, $flags,
       "$t: the access mode and O_NONBLOCK asked for, no close-on-exec");

    $r = run_program(argv => [$open], stdin => '');
    is($r->{out} . $r->{err}, '', "$t: no path names, no output");
    is($r->{status}, 0, "$t: empty stdin: exit 0");

    # A last line without a newline is still a path name.
    $r = run_program(argv => [$open], stdin => "$scratch/second");
    is($r->{out}, "line one\nline two\n", "$t: last line without newline");

    # The server runs as the client: nobody gets nobody's rights.
    SKIP: {
        my $as = nobody_prefix();
        skip 'needs root and setpriv to run a client as nobody', 3
            unless $as;
        # nobody may not reach the tree (a 0700 clone): its own copies.
        my $bin = "$scratch/bin-$t";
        mkdir $bin or die "mkdir $bin: $!";
        for my $prog ('ch17/open', 'ch17/opend') {
            system('cp', program($prog, $t), $bin) == 0 or die "cp $prog: $?";
        }
        $r = run_program(argv => [@$as, "$bin/open"], stdin => $nobody->{stdin});
        is($r->{out}, $nobody->{out}, "$t: as nobody: the public file");
        is($r->{err}, $nobody->{err}, "$t: as nobody: permission denied twice");
        is($r->{status}, 1, "$t: as nobody: exit 1");
    }

    for my $prog ('ch17/open', 'ch17/opend') {
        my ($name) = $prog =~ m{([^/]+)$};
        $r = run_program(argv => [program($prog, $t), '-h']);
        like($r->{out}, qr/^usage: $name \[-h\]/, "$t: $name -h");
        is($r->{status}, 0, "$t: $name -h exits 0");
        $r = run_program(argv => [program($prog, $t), '-x']);
        like($r->{err}, qr/^usage: $name/, "$t: $name -x: usage on stderr");
        is($r->{status}, 2, "$t: $name -x exits 2");
    }
}

done_testing();
