#!/usr/bin/perl
# The book's STREAMS functions (2e section 17.2 and 17.4.1: s_pipe,
# serv_listen, serv_accept, cli_conn, send_fd, recv_fd) and their
# helpers are plain SVR4 code: each compiles against t/svr4/stropts.h,
# which declares the System V interface and nothing of our emulation, and
# none names the emulation (APUE_STREAMS_EMULATED, a stream_* call, emu.h).
# What only the emulation needs lives in apue/streams_emu/, its own library.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $cc = $ENV{CC} // 'cc';
my $top = top_dir();
plan skip_all => "no C compiler '$cc'" unless system("command -v $cc >/dev/null 2>&1") == 0;

# The book's STREAMS functions and what they call beside the book's code.
my @FILES = map { "apue/streams/$_.c" }
    qw(s_pipe fd_pipe serv_listen serv_accept cli_conn send_fd send_ufd
       recv_fd recv_ufd strm_reply strm_write);
push @FILES, qw(apue/send_err.c apue/reply.c apue/report.c);

# Not a book function, and the one file of the folder that names the
# emulation (its extra, under #ifdef APUE_STREAMS_EMULATED): the server's
# hand-over.  Its SVR4 branch must compile against the System V header.
my $NOWAIT = 'apue/streams/send_fd_nowait.c';

for my $file (@FILES) {
    my $r = run_program(argv => [$cc, '-std=c11', '-D_POSIX_C_SOURCE=200809L',
                                 '-Wall', '-Wextra', '-Wpedantic', '-Werror',
                                 "-I$top/t/svr4", "-I$top/apue", '-fsyntax-only',
                                 "$top/$file"]);
    is($r->{status}, 0, "$file compiles against the SVR4 <stropts.h> alone")
        or diag($r->{err});

    my $text = ApueTest::slurp("$top/$file");
    my @named = $text =~ /(APUE_STREAMS_EMULATED|\bstream_\w+\s*\(|"emu\.h"|\bhead_\w+\s*\()/g;
    is("@named", '', "$file names nothing of the emulation");
}

my $r = run_program(argv => [$cc, '-std=c11', '-D_POSIX_C_SOURCE=200809L',
                             '-Wall', '-Wextra', '-Wpedantic', '-Werror',
                             "-I$top/t/svr4", "-I$top/apue", '-fsyntax-only',
                             "$top/$NOWAIT"]);
is($r->{status}, 0, "$NOWAIT compiles against the SVR4 <stropts.h> alone")
    or diag($r->{err});

# The book's folder holds the book's functions and their helpers; the
# emulation lives in apue/streams_emu/, and no file here includes it.
for my $file (glob("$top/apue/streams/*.[ch]")) {
    my $text = ApueTest::slurp($file);
    my @inc = $text =~ /^#\s*include\s*([<"][^>"]+[>"])/mg;
    my @bad = grep { $_ !~ m{^(<stropts\.h>|"apue\.h"|"strm\.h"|"reply\.h"|<[a-z/]+\.h>)$} || /emu/ } @inc;
    (my $rel = $file) =~ s{^\Q$top/\E}{};
    is("@bad", '', "$rel includes only <stropts.h>, apue.h, strm.h and system headers");
}

done_testing();
