#!/usr/bin/perl
# The STREAMS probe (apue/probe/streams.c): the build takes the system's
# STREAMS only when a pipe is a stream, carries a message with putmsg and
# getmsg, and passes a descriptor with I_SENDFD; otherwise it builds the
# emulation.  Shown with stand-in <stropts.h> headers and libraries made
# here: one whose functions fail with ENOSYS (as glibc before 2.30), one
# whose isastream says 0, one that works; and with musl's real header,
# which declares the interface but has no getmsg or putmsg to link with.
# Each build is in a copy of the tree.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use ApueTest;
use TreeCopy;
use Test::More;

my $cc = $ENV{CC} // 'cc';
plan skip_all => "no C compiler '$cc'" unless system("command -v $cc >/dev/null 2>&1") == 0;

my $scratch = scratch_dir();
my $top = top_dir();

# ---- the stand-ins ---------------------------------------------------------
my $header = <<'H';
#ifndef STANDIN_STROPTS_H
#define STANDIN_STROPTS_H
#include <sys/types.h>
#include <sys/ioctl.h>
struct strbuf { int maxlen; int len; char *buf; };
struct strrecvfd { int fd; uid_t uid; gid_t gid; char fill[8]; };
#define RS_HIPRI 0x01
#define I_RECVFD (('S' << 8) | 016)
#define I_SENDFD (('S' << 8) | 021)
int isastream(int fd);
int getmsg(int fd, struct strbuf *ctl, struct strbuf *data, int *flagsp);
int putmsg(int fd, const struct strbuf *ctl, const struct strbuf *data, int flags);
int fattach(int fd, const char *path);
int fdetach(const char *path);
int standin_ioctl(int fd, unsigned long request, ...);
#define ioctl standin_ioctl
#endif
H

# Every function fails with ENOSYS; isastream says 0 in the second.
my $enosys = <<'C';
#include <errno.h>
#include <stropts.h>
int isastream(int fd) { (void)fd; ISASTREAM }
int getmsg(int fd, struct strbuf *c, struct strbuf *d, int *f)
{ (void)fd; (void)c; (void)d; (void)f; errno = ENOSYS; return -1; }
int putmsg(int fd, const struct strbuf *c, const struct strbuf *d, int f)
{ (void)fd; (void)c; (void)d; (void)f; errno = ENOSYS; return -1; }
int fattach(int fd, const char *p) { (void)fd; (void)p; errno = ENOSYS; return -1; }
int fdetach(const char *p) { (void)p; errno = ENOSYS; return -1; }
int standin_ioctl(int fd, unsigned long r, ...) { (void)fd; (void)r; errno = ENOSYS; return -1; }
C

# STREAMS that work, as far as the probe looks: pipe(2) replaced by a
# SOCK_SEQPACKET pair; putmsg/getmsg move one data part; I_SENDFD/I_RECVFD
# pass a descriptor with SCM_RIGHTS.
my $working = <<'C';
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stropts.h>
int pipe(int fd[2]) { return socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fd); }
int isastream(int fd) { int t; socklen_t n = sizeof t;
  return getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &n) == 0 && t == SOCK_SEQPACKET; }
int putmsg(int fd, const struct strbuf *c, const struct strbuf *d, int f)
{ (void)c; (void)f; return write(fd, d->buf, (size_t)d->len) == d->len ? 0 : -1; }
int getmsg(int fd, struct strbuf *c, struct strbuf *d, int *f)
{ ssize_t n = read(fd, d->buf, (size_t)d->maxlen); (void)c; (void)f;
  if (n < 0) return -1; d->len = (int)n; return 0; }
int fattach(int fd, const char *p) { (void)fd; (void)p; errno = ENOSYS; return -1; }
int fdetach(const char *p) { (void)p; errno = ENOSYS; return -1; }
union control { struct cmsghdr align; unsigned char space[CMSG_SPACE(sizeof(int))]; };
int standin_ioctl(int fd, unsigned long r, ...)
{
  union control u; char byte = 0; struct iovec iov = { &byte, 1 };
  struct msghdr m; struct cmsghdr *c; va_list ap; void *arg;
  va_start(ap, r); arg = va_arg(ap, void *); va_end(ap);
  memset(&m, 0, sizeof m); memset(&u, 0, sizeof u);
  m.msg_iov = &iov; m.msg_iovlen = 1; m.msg_control = u.space; m.msg_controllen = sizeof u.space;
  if (r == I_SENDFD) {
    int sent = (int)(long)arg;
    c = CMSG_FIRSTHDR(&m); c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof sent); memcpy(CMSG_DATA(c), &sent, sizeof sent);
    return sendmsg(fd, &m, 0) == 1 ? 0 : -1;
  }
  if (r == I_RECVFD) {
    struct strrecvfd *rf = arg;
    if (recvmsg(fd, &m, 0) != 1 || (c = CMSG_FIRSTHDR(&m)) == NULL) return -1;
    memcpy(&rf->fd, CMSG_DATA(c), sizeof rf->fd); rf->uid = getuid(); rf->gid = getgid();
    return 0;
  }
  errno = EINVAL; return -1;
}
C

# A stand-in in $scratch/$name: stropts.h and libstropts.a.
sub standin {
    my ($name, $source) = @_;
    my $dir = "$scratch/$name";
    mkdir $dir or die "$dir: $!";
    for (["$dir/stropts.h", $header], ["$dir/stropts.c", $source]) {
        open my $fh, '>', $_->[0] or die "$_->[0]: $!";
        print {$fh} $_->[1];
        close $fh;
    }
    my $r = run_program(argv => ['sh', '-c',
        "$cc -std=c11 -D_POSIX_C_SOURCE=200809L -I'$dir' -c -o '$dir/stropts.o' '$dir/stropts.c' " .
        "&& ar rcs '$dir/libstropts.a' '$dir/stropts.o'"]);
    die "building the stand-in $name: $r->{err}" if $r->{status} != 0;
    return ("CFLAGS=-O2 -g -I$dir", "LDLIBS=-L$dir -lstropts");
}

# What the probe says with these flags, as make passes them.
sub probe {
    my ($cc_used, @flags) = @_;
    my %v = map { /^(\w+)=(.*)$/s } @flags;
    my $r = run_program(argv => ['sh', "$top/apue/probe/run.sh", 'streams'],
                        env => { CC => $cc_used,
                                 CFLAGS => "-std=c11 -D_POSIX_C_SOURCE=200809L " . ($v{CFLAGS} // ''),
                                 LDFLAGS => '', LDLIBS => $v{LDLIBS} // '' });
    chomp(my $line = $r->{out});
    return $line;
}

$enosys =~ s/ISASTREAM/errno = ENOSYS; return -1;/;
my @enosys = standin('enosys', $enosys);
(my $zero = $enosys) =~ s/errno = ENOSYS; return -1; \}\nint getmsg/return 0; }\nint getmsg/;
my @zero = standin('zero', $zero);
my @works = standin('works', $working);

# ---- the probe alone -------------------------------------------------------
is(probe($cc, @enosys), 'no isastream(pipe): Function not implemented',
   'functions that fail with ENOSYS: no STREAMS');
is(probe($cc, @zero), 'no isastream(pipe) is 0: a pipe is no stream',
   'isastream says 0 for a pipe: no STREAMS');
is(probe($cc, @works), 'yes STREAMS pipes of the system',
   'STREAMS that pass a message and a descriptor: yes');

# ---- make, in a copy of the tree -------------------------------------------
my $copy = copy_tree(scratch_dir());
my $r = make_in($copy, "CC=$cc", @works, '-n', 'all');
is(verdict($r), "STREAMS: the system's own (STREAMS pipes of the system)",
   'make takes STREAMS that work as the system\'s');
unlike($r->{out}, qr{streams_emu/|libstreams_emu},
       'the system\'s STREAMS: the emulation and its library are not built');
like($r->{out}, qr{apue/libapue_streams\.a}, 'the book\'s STREAMS functions are');

# With the ENOSYS stand-in on the include path and linked in, the build
# still chooses, compiles and uses the emulation.
my @streams_targets = ('ch17/streams/passfd', 't/unit/str_sendfd');
$r = make_in($copy, "CC=$cc", @enosys, @streams_targets);
is($r->{status}, 0, 'ENOSYS stand-in: the STREAMS programs build') or diag($r->{err});
is(verdict($r), "STREAMS: the emulation in apue/streams_emu (the system's STREAMS: "
   . 'isastream(pipe): Function not implemented)',
   'ENOSYS stand-in: make says the emulation, and why');
ok(-f "$copy/apue/libstreams_emu.a",
   'ENOSYS stand-in: the emulation is its own library, apue/libstreams_emu.a');
check_streams_build($copy, 'ENOSYS stand-in');

# ---- musl ------------------------------------------------------------------
SKIP: {
    skip 'musl-gcc is not installed (Debian: musl-tools)', 5
        unless system('command -v musl-gcc >/dev/null 2>&1') == 0;
    my $h = run_program(argv => ['sh', '-c', "printf '#include <stropts.h>\\n' | musl-gcc -E -x c - >/dev/null"]);
    is($h->{status}, 0, 'musl has a <stropts.h>');
    $r = make_in($copy, 'CC=musl-gcc', @streams_targets);
    is($r->{status}, 0, 'musl: the STREAMS programs build') or diag($r->{err});
    like(verdict($r), qr/^STREAMS: the emulation in apue\/streams_emu \(the system's STREAMS: does not (?:link|compile): .*(?:putmsg|getmsg)/,
         'musl: make says the emulation: no getmsg or putmsg');
    check_streams_build($copy, 'musl');
}

# The line in which make gives its STREAMS verdict.
sub verdict {
    my ($r) = @_;
    my ($line) = $r->{out} =~ /^(STREAMS: .*)$/m;
    return $line // "(no STREAMS line; make said: $r->{err})";
}

# The STREAMS fork demo and the I_SENDFD tests, over the emulation.
sub check_streams_build {
    my ($dir, $what) = @_;
    my $demo = run_program(argv => ["$dir/ch17/streams/passfd"], chdir => "$dir/ch17");
    like($demo->{out}, qr/^buf=/m, "$what: ch17/streams/passfd passes the file")
        or diag($demo->{err});
    my $unit = run_program(argv => ["$dir/t/unit/str_sendfd"]);
    ok($unit->{status} == 0 && $unit->{out} =~ /^ok /m && $unit->{out} !~ /^not ok/m,
       "$what: t/unit/str_sendfd passes over the emulation") or diag($unit->{out});
}

done_testing();
