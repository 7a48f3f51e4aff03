#!/usr/bin/perl
# make install into a scratch DESTDIR (default PREFIX, /usr/local), then
# only what was installed: a program built outside the tree through
# pkg-config (apue, and apue-streams with the STREAMS build's link-time
# wraps) passes a real descriptor; the installed version 1 client finds
# its server; a version 2 server and client talk over a private socket;
# every manual page renders with man -l and lints clean; make uninstall
# leaves no file behind.  PREFIX moves it all.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use ApueTest;
use OpenServer;
use File::Find;
use Test::More;

my $top = top_dir();
sub have {
    my ($tool) = @_;
    return grep { -x "$_/$tool" } split /:/, $ENV{PATH} // '';
}
plan skip_all => 'apue/libapue.a not built: run make' unless -f "$top/apue/libapue.a";
plan skip_all => 'pkg-config is not installed' unless have('pkg-config');
plan skip_all => 'man is not installed' unless have('man');
# A minimized system may have a man that only says so: try a tiny page.
{
    my $probe = scratch_dir() . '/probe.1';
    open my $p, '>', $probe or die "$probe: $!";
    print {$p} ".TH PROBE 1\n.SH NAME\nprobe \\- a page\n";
    close $p;
    my $r = run_program(argv => ['man', '-l', $probe],
                        env => { MANPAGER => 'cat', MANWIDTH => 80 });
    plan skip_all => 'man cannot render a page here: ' . ($r->{err} || $r->{out})
        unless $r->{status} == 0 && $r->{out} =~ /probe - a page/;
}

my $streams = -f "$top/apue/libapue_streams.a";
# Our <stropts.h> and the emulation's library are installed exactly when
# the emulation is built; the book's STREAMS functions never hold it.
my $emulated = $streams && -f "$top/apue/libstreams_emu.a";

# The sub-make gets the variables of the make that runs us (make check
# CC=clang ...), never its jobserver, and treats the flags stamp as old:
# `make install` must not rebuild the tree under the other tests' feet.
my %make_env;
$make_env{MAKEFLAGS} = $1 if ($ENV{MAKEFLAGS} // '') =~ /(?:^|\s)--\s+(.*)$/;
$make_env{MAKEFLAGS} //= '';
sub make_target {
    my (@args) = @_;
    return run_program(argv => ['make', '-C', $top, '-s', '--no-print-directory',
                                '-o', '.build-flags', @args],
                       env => \%make_env, timeout => 0);
}

sub files_under {
    my ($dir) = @_;
    my @files;
    find({ no_chdir => 1, wanted => sub { push @files, $_ unless -d $_ } }, $dir);
    return sort @files;
}

my $scratch = open_scratch(scratch_dir());
my $dest = "$scratch/dest";
my $prefix = "$dest/usr/local";
my $r = make_target('install', "DESTDIR=$dest");
is($r->{status}, 0, 'make install DESTDIR=... exits 0') or diag($r->{err});

# ---- what is where ------------------------------------------------------
ok(-f "$prefix/lib/libapue.a", 'lib/libapue.a');
ok(-f "$prefix/include/apue/apue.h", 'include/apue/apue.h');
ok(-f "$prefix/lib/pkgconfig/apue.pc", 'lib/pkgconfig/apue.pc');
my @programs = qw(open opend open2 opend2 opend2_poll);
my @names = map { "apue-$_" } @programs;
push @names, map { "apue-streams-$_" } @programs if $streams;
ok(-x "$prefix/bin/$_", "bin/$_") for @names;
SKIP: {
    skip 'no STREAMS library built', 6 unless $streams;
    ok(-f "$prefix/lib/libapue_streams.a", 'lib/libapue_streams.a');
    ok(-f "$prefix/lib/pkgconfig/apue-streams.pc", 'lib/pkgconfig/apue-streams.pc');
    is(-f "$prefix/include/apue/stropts.h" ? 1 : 0, $emulated ? 1 : 0,
       'include/apue/stropts.h exactly when the emulation is built');
    is(-f "$prefix/lib/libstreams_emu.a" ? 1 : 0, $emulated ? 1 : 0,
       'lib/libstreams_emu.a exactly when the emulation is built');
    is(index(slurp("$prefix/lib/libapue_streams.a"), 'stream_ioctl.o') >= 0 ? 1 : 0, 0,
       'lib/libapue_streams.a holds none of the emulation');
    my $pc = slurp("$prefix/lib/pkgconfig/apue-streams.pc");
    my ($libs) = $pc =~ /^Libs:\s*(.*)$/m;
    my $want = $emulated ? qr/-Wl,--wrap=pipe\b.*-lapue_streams -lstreams_emu\b/
                         : qr/-lapue_streams\b/;
    like($libs // '', $want, 'apue-streams.pc: Libs list '
         . ($emulated ? 'the wraps, then both libraries, the book\'s first'
                      : 'the STREAMS library'));
}

# ---- programs built outside the tree through pkg-config ------------------
my %pc_env = (PKG_CONFIG_LIBDIR => "$prefix/lib/pkgconfig",
              PKG_CONFIG_PATH => "$prefix/lib/pkgconfig",
              PKG_CONFIG_SYSROOT_DIR => $dest);
sub pkg_flags {
    my ($pkg) = @_;
    my $q = run_program(argv => ['pkg-config', '--cflags', '--libs', $pkg],
                        env => \%pc_env);
    return $q->{status} == 0 ? [split ' ', $q->{out}] : undef;
}
my $cc = $ENV{CC} || 'cc';
# A sanitizer build of the library needs its runtime in the program too.
my @san = asan_build("$prefix/lib/libapue.a")
    ? ('-fsanitize=address,undefined') : ();
my $outside = "$scratch/outside";
mkdir $outside or die "$outside: $!";
my $file = "$scratch/readable";
open my $fh, '>', $file or die;
print {$fh} "passed by descriptor\n";
close $fh;

my $sock_src = <<'EOF';
#include "apue.h"
#include <sys/wait.h>

/* The child opens argv[1] and sends the descriptor (or its error); the
 * parent waits for the child to end, then reads the file through it. */
int main(int argc, char *argv[])
{
	int sv[2], fd;
	pid_t pid;
	char buf[128];
	ssize_t n;

	if (argc != 2)
		err_quit("usage: passone FILE");
	if (fd_pipe(sv) < 0)
		err_sys("fd_pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(sv[0]);
		if ((fd = open(argv[1], O_RDONLY)) < 0)
			send_err(sv[1], -errno, "can't open\n");
		else if (send_fd(sv[1], fd) < 0)
			err_sys("send_fd error");
		_exit(0);
	}
	close(sv[1]);
	fd = recv_fd(sv[0], write);
	waitpid(pid, NULL, 0);
	if (fd < 0)
		err_quit("recv_fd: status %d", -fd);
	if ((n = read(fd, buf, sizeof buf - 1)) < 0)
		err_sys("read error");
	buf[n] = '\0';
	printf("got: %s", buf);
	return 0;
}
EOF

my $streams_src = <<'EOF';
#include "apue.h"
#include <stropts.h>
#include <sys/wait.h>

/* The book's 2e spelling: s_pipe, a stream, read(2) of part of a message
 * (the rest stays queued: I_NREAD), then a descriptor passed. */
int main(int argc, char *argv[])
{
	int fd[2], filefd, nread;
	pid_t pid;
	char buf[128];
	ssize_t n;

	if (argc != 2)
		err_quit("usage: passone_streams FILE");
	if (s_pipe(fd) < 0)
		err_sys("s_pipe error");
	printf("isastream: %d\n", isastream(fd[0]));
	if (write(fd[1], "0123456789", 10) != 10)
		err_sys("write error");
	if (read(fd[0], buf, 4) != 4)
		err_sys("read error");
	if (ioctl(fd[0], I_NREAD, &nread) < 0)
		err_sys("I_NREAD error");
	printf("left in the message: %d\n", nread);
	if (fcntl(fd[0], F_SETFL, O_NONBLOCK) < 0 ||
	    (n = read(fd[0], buf, sizeof buf)) != 6)
		err_sys("the rest of the message is lost");
	if (fcntl(fd[0], F_SETFL, 0) < 0)
		err_sys("fcntl error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		if ((filefd = open(argv[1], O_RDONLY)) < 0)
			send_err(fd[1], -errno, "can't open\n");
		else if (send_fd(fd[1], filefd) < 0)
			err_sys("send_fd error");
		_exit(0);
	}
	filefd = recv_fd(fd[0], write);
	waitpid(pid, NULL, 0);
	if (filefd < 0)
		err_quit("recv_fd: status %d", -filefd);
	if ((n = read(filefd, buf, sizeof buf - 1)) < 0)
		err_sys("read error");
	buf[n] = '\0';
	printf("got: %s", buf);
	return 0;
}
EOF

sub build_outside {
    my ($name, $src, $pkg) = @_;
    my $flags = pkg_flags($pkg);
    ok($flags, "pkg-config --cflags --libs $pkg") or return undef;
    ok((grep { $_ eq "-I$prefix/include/apue" } @$flags),
       "$pkg: Cflags name include/apue inside DESTDIR (sysroot)");
    open my $out, '>', "$outside/$name.c" or die;
    print {$out} $src;
    close $out;
    my $b = run_program(argv => [$cc, @san, '-o', "$outside/$name",
                                 "$outside/$name.c", @$flags]);
    is($b->{status}, 0, "$name built outside the tree with $cc and $pkg only")
        or diag($b->{err});
    return -x "$outside/$name" ? "$outside/$name" : undef;
}

my $prog = build_outside('passone', $sock_src, 'apue');
SKIP: {
    skip 'passone was not built', 4 unless $prog;
    $r = run_program(argv => [$prog, $file], chdir => '/');
    is($r->{out}, "got: passed by descriptor\n", 'apue: the descriptor outlives its sender');
    is($r->{status}, 0, 'apue: exit 0');
    $r = run_program(argv => [$prog, "$scratch/missing"]);
    is($r->{err}, "can't open\nrecv_fd: status 2\n", 'apue: send_err text and ENOENT status');
    is($r->{status}, 1, 'apue: exit 1');
}
SKIP: {
    skip 'no STREAMS library built', 6 unless $streams;
    my $sprog = build_outside('passone_streams', $streams_src, 'apue-streams');
    skip 'passone_streams was not built', 3 unless $sprog;
    $r = run_program(argv => [$sprog, $file]);
    is($r->{out}, "isastream: 1\nleft in the message: 6\n"
                . "got: passed by descriptor\n",
       'apue-streams: a stream, read(2) keeps the rest of a message, a descriptor passed');
    is($r->{err}, '', 'apue-streams: nothing on stderr');
    is($r->{status}, 0, 'apue-streams: exit 0');
}

# ---- the installed servers and clients ----------------------------------
for my $t ('', $streams ? ('streams-') : ()) {
    my $what = $t eq '' ? 'sockets' : 'streams';
    $r = run_program(argv => ["$prefix/bin/apue-${t}open"],
                     stdin => "$file\n$scratch/missing\n", chdir => '/');
    is($r->{out}, "passed by descriptor\n", "apue-${t}open finds apue-${t}opend");
    is($r->{err}, "can't open $scratch/missing: No such file or directory\n",
       "apue-${t}open: the server's error");
    for my $server ("apue-${t}opend2", "apue-${t}opend2_poll") {
        my $sock = "$scratch/$server.socket";
        my $log = "$scratch/$server.log";
        my $pid = start_server("$prefix/bin/$server", $sock, $log);
        $r = run_program(argv => ["$prefix/bin/apue-${t}open2", '-s', $sock],
                         stdin => "$file\n");
        is($r->{out}, "passed by descriptor\n", "$server serves apue-${t}open2");
        is($r->{status}, 0, "apue-${t}open2 exits 0");
        is(stop_server($pid), 128 + 15, "$server ends on SIGTERM");
    }
}

# ---- manual pages ---------------------------------------------------------
my $man = "$prefix/share/man";
my @man3 = qw(apue send_fd send_fd_nowait send_err recv_fd send_ufd recv_ufd fd_pipe s_pipe
              serv_listen serv_accept serv_accept_peer cli_conn);
push @man3, qw(getmsg getpmsg putmsg putpmsg isastream stream_pipe fattach
                  fdetach stream_open streamio) if $emulated;
my @want = ((map { "man3/$_.3apue" } @man3),
            (map { "man1/$_.1" } grep { /open$|open2$/ } @names),
            (map { "man8/$_.8" } grep { /opend/ } @names));
ok(-e "$man/$_", "page $_") for @want;
my @pages = files_under($man);
is(scalar(@pages), scalar(@want), 'no page installed beyond these');

my %man_env = (MANWIDTH => 80, MANPAGER => 'cat', PAGER => 'cat',
               MANOPT => '', LC_ALL => 'C.UTF-8');
for my $page (@pages) {
    (my $rel = $page) =~ s{^\Q$man\E/}{};
    $r = run_program(argv => ['man', '-l', $page], env => \%man_env);
    ok($r->{status} == 0 && $r->{out} =~ /^NAME\n.*\nSYNOPSIS\n/ms
       && $r->{out} =~ /\nDESCRIPTION\n/ && $r->{err} eq '',
       "man -l $rel renders") or diag($r->{err});
}
$r = run_program(argv => ['man', '-w', 'recv_fd'],
                 env => { %man_env, MANPATH => $man });
is($r->{out}, "$man/man3/recv_fd.3apue\n", 'man recv_fd finds ours with MANPATH');
$r = run_program(argv => ['man', '-l', "$man/man3/s_pipe.3apue"], env => \%man_env);
like($r->{out}, qr/^FD_PIPE\(3apue\)/, 's_pipe is the fd_pipe page');

my @sources = grep { !-l $_ } @pages;
SKIP: {
    skip 'mandoc is not installed', scalar @sources unless have('mandoc');
    for my $page (@sources) {
        $r = run_program(argv => ['mandoc', '-T', 'lint', '-W', 'warning', $page]);
        is($r->{out} . $r->{err}, '', "mandoc -T lint: $page") ;
    }
}
SKIP: {
    skip 'groff is not installed', scalar @sources unless have('groff');
    for my $page (@sources) {
        $r = run_program(argv => ['groff', '-ww', '-z', '-man', $page]);
        is($r->{out} . $r->{err}, '', "groff -ww -z -man: $page");
    }
}

# ---- make uninstall --------------------------------------------------------
$r = make_target('uninstall', "DESTDIR=$dest");
is($r->{status}, 0, 'make uninstall exits 0') or diag($r->{err});
is(join("\n", files_under($dest)), '', 'no file left under DESTDIR');

# ---- PREFIX ---------------------------------------------------------------
my $dest2 = "$scratch/dest2";
$r = make_target('install', "DESTDIR=$dest2", 'PREFIX=/opt/apue17');
is($r->{status}, 0, 'make install PREFIX=/opt/apue17');
like(slurp("$dest2/opt/apue17/lib/pkgconfig/apue.pc"), qr{^prefix=/opt/apue17$}m,
     'apue.pc: prefix=/opt/apue17');
ok(-x "$dest2/opt/apue17/bin/apue-opend2", 'PREFIX/bin/apue-opend2');
$r = make_target('uninstall', "DESTDIR=$dest2", 'PREFIX=/opt/apue17');
is(join("\n", files_under($dest2)), '', 'make uninstall PREFIX=/opt/apue17: nothing left');

done_testing();
