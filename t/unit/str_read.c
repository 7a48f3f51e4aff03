/*
 * str_read.c - read(2) of a stream, in the stream head's default read
 * modes (streamio(7I)): byte-stream (RNORM) and normal protocol
 * (RPROTNORM).  The rest of a long message stays for the next read;
 * reads cross message boundaries; a zero-length message ends a read; a
 * control part or a passed descriptor at the head is EBADMSG and stays
 * queued; hangup reads 0.  Other descriptors read as always, and so does
 * a read compiled with _FORTIFY_SOURCE.  write(2) of a stream makes
 * messages of 64 KB at most (strmsgsz), and putmsg refuses longer parts.
 * STREAMS library only.
 */
#include "tap.h"
#include "plain_pipe.h"
#include "peer.h"
#include "str_read_chk.h"
#include <fcntl.h>
#include <signal.h>
#include <stropts.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#ifndef STREAM_MSGSZ
#define STREAM_MSGSZ 65536      /* strmsgsz, Solaris's default */
#define STREAM_CTLSZ 1024       /* strctlsz */
#endif

#define BIG 12000               /* one message, longer than any read below */

static char big[BIG];

static void fill_big(void)
{
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i * 7 % 26);
}

static void put_data(int fd, const char *s, int len)
{
	struct strbuf d = { .len = len, .buf = (char *)s };

	if (putmsg(fd, NULL, &d, 0) < 0)
		err_sys("putmsg");
}

static void put_proto(int fd, const char *ctl, const char *data)
{
	struct strbuf c = { .len = (int)strlen(ctl), .buf = (char *)ctl };
	struct strbuf d = { .len = (int)strlen(data), .buf = (char *)data };

	if (putmsg(fd, &c, &d, 0) < 0)
		err_sys("putmsg");
}

static void write_all(int fd, const void *buf, size_t n)
{
	if (write(fd, buf, n) != (ssize_t)n)
		err_sys("write");
}

/* read(2) into buf, which is zeroed first (n bytes), errno kept. */
static ssize_t rd(int fd, char *buf, size_t n)
{
	memset(buf, 0, n);
	return read(fd, buf, n);
}

static int nonblocking(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -1;
	return fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

static void long_message(int p[2])
{
	char buf[BIG];
	size_t got = 0;
	ssize_t n;
	int reads = 0, nbytes = -1, ok_sizes = 1;

	write_all(p[1], big, sizeof big);
	n = read(p[0], buf, 4096);
	ok(n == 4096, "a 12000-byte message: read(4096) returns 4096 (got %zd)", n);
	got = n > 0 ? (size_t)n : 0;
	ok(ioctl(p[0], I_NREAD, &nbytes) == 1 && nbytes == BIG - 4096,
	   "I_NREAD counts the %d bytes left of it (got %d)", BIG - 4096, nbytes);
	while (got < sizeof big && (n = read(p[0], buf + got, 4096)) > 0) {
		got += (size_t)n;
		reads++;
		if (n != 4096 && got != sizeof big)
			ok_sizes = 0;
	}
	ok(got == sizeof big && reads == 2 && ok_sizes &&
	   memcmp(buf, big, sizeof big) == 0,
	   "the rest comes in two more reads, every byte in order");
	nonblocking(p[0], 1);
	errno = 0;
	n = read(p[0], buf, sizeof buf);
	ok(n == -1 && errno == EAGAIN,
	   "then the stream is empty (non-blocking read: EAGAIN)");
	nonblocking(p[0], 0);
}

static void across_messages(int p[2])
{
	char buf[100];
	struct strbuf d = { .maxlen = sizeof buf, .buf = buf };
	int flags = 0;
	ssize_t n;

	write_all(p[1], "abc", 3);
	write_all(p[1], "defg", 4);
	n = rd(p[0], buf, sizeof buf);
	is_str(buf, "abcdefg", "one read takes two messages (byte-stream mode)");
	ok(n == 7, "and returns 7");

	write_all(p[1], "0123456789", 10);
	write_all(p[1], "XY", 2);
	n = rd(p[0], buf, 4);
	ok(n == 4 && memcmp(buf, "0123", 4) == 0, "read(4) of a 10-byte message");
	n = rd(p[0], buf, sizeof buf);
	ok(n == 8 && strcmp(buf, "456789XY") == 0,
	   "the next read gets its rest and the next message: %s", buf);

	write_all(p[1], "0123456789", 10);
	n = rd(p[0], buf, 3);
	memset(buf, 0, sizeof buf);
	ok(n == 3 && getmsg(p[0], NULL, &d, &flags) == 0 && d.len == 7 &&
	   strcmp(buf, "3456789") == 0,
	   "getmsg after a short read returns the rest of that message");
}

static void zero_length(int p[2])
{
	char buf[100];
	ssize_t n;

	write_all(p[1], "ab", 2);
	put_data(p[1], "", 0);
	write_all(p[1], "cd", 2);
	n = rd(p[0], buf, sizeof buf);
	ok(n == 2 && strcmp(buf, "ab") == 0,
	   "data, then a zero-length message: the read stops before it");
	n = rd(p[0], buf, sizeof buf);
	ok(n == 0, "the next read returns 0 and removes it");
	n = rd(p[0], buf, sizeof buf);
	ok(n == 2 && strcmp(buf, "cd") == 0, "and the data behind it follows");
}

static void control_part(int p[2])
{
	char buf[100], cbuf[16], dbuf[16];
	struct strbuf c = { .maxlen = sizeof cbuf, .buf = cbuf };
	struct strbuf d = { .maxlen = sizeof dbuf, .buf = dbuf };
	int flags = 0;
	ssize_t n;

	put_proto(p[1], "CTL", "data");
	errno = 0;
	n = rd(p[0], buf, sizeof buf);
	ok(n == -1 && errno == EBADMSG,
	   "a message with a control part at the head: EBADMSG");
	ok(getmsg(p[0], &c, &d, &flags) == 0 && c.len == 3 && d.len == 4 &&
	   memcmp(cbuf, "CTL", 3) == 0 && memcmp(dbuf, "data", 4) == 0,
	   "and it stays queued, whole, for getmsg");

	write_all(p[1], "xy", 2);
	put_proto(p[1], "CTL", "");
	n = rd(p[0], buf, sizeof buf);
	ok(n == 2 && strcmp(buf, "xy") == 0,
	   "data before a control message: the read returns the data");
	errno = 0;
	ok(rd(p[0], buf, sizeof buf) == -1 && errno == EBADMSG,
	   "and the next read fails with EBADMSG");
	ok(getmsg(p[0], &c, &d, &flags) == 0 && c.len == 3,
	   "the control message is still there");
}

static int same_file(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void descriptors(int p[2])
{
	char buf[100];
	struct strrecvfd r;
	int file, before;
	ssize_t n;

	if ((file = open("/dev/null", O_RDONLY)) < 0)
		err_sys("open /dev/null");
	before = open_fd_count();

	write_all(p[1], "hi", 2);
	if (ioctl(p[1], I_SENDFD, file) < 0)
		err_sys("I_SENDFD");
	n = rd(p[0], buf, sizeof buf);
	ok(n == 2 && strcmp(buf, "hi") == 0,
	   "data, then a passed descriptor: the read returns the data");
	errno = 0;
	n = rd(p[0], buf, sizeof buf);
	ok(n == -1 && errno == EBADMSG,
	   "a passed descriptor at the head: read fails with EBADMSG");
	ok(open_fd_count() == before, "and no descriptor appeared");
	ok(ioctl(p[0], I_RECVFD, &r) == 0 && same_file(r.fd, file),
	   "I_RECVFD then takes the descriptor");
	close(r.fd);

	/* send_fd: the two protocol bytes and the descriptor. */
	if (send_fd(p[1], file) < 0)
		err_sys("send_fd");
	n = rd(p[0], buf, sizeof buf);
	ok(n == 2 && buf[0] == 0 && buf[1] == 0,
	   "after send_fd, read returns the two protocol bytes only");
	errno = 0;
	ok(rd(p[0], buf, sizeof buf) == -1 && errno == EBADMSG,
	   "the descriptor behind them is EBADMSG for read");
	ok(ioctl(p[0], I_RECVFD, &r) == 0 && same_file(r.fd, file),
	   "and I_RECVFD's to take");
	close(r.fd);
	ok(open_fd_count() == before, "descriptor count unchanged");
	close(file);
}

static void other_descriptors(void)
{
	char path[] = "/tmp/str_read.XXXXXX";
	char buf[100];
	int fd, pp[2], sv[2];
	ssize_t n;

	if ((fd = mkstemp(path)) < 0)
		err_sys("mkstemp");
	unlink(path);
	write_all(fd, "file bytes", 10);
	lseek(fd, 0, SEEK_SET);
	n = rd(fd, buf, 4);
	ok(n == 4 && memcmp(buf, "file", 4) == 0 &&
	   lseek(fd, 0, SEEK_CUR) == 4, "a regular file reads as ever");
	close(fd);

	if (plain_pipe(pp) < 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
		err_sys("pipe/socketpair");
	write_all(pp[1], "pipe", 4);
	n = rd(pp[0], buf, sizeof buf);
	ok(n == 4 && strcmp(buf, "pipe") == 0, "so does a pipe");
	write_all(sv[1], "0123456789", 10);
	n = rd(sv[0], buf, 4);
	nonblocking(sv[0], 1);
	errno = 0;
	ok(n == 4 && rd(sv[0], buf, sizeof buf) == -1 && errno == EAGAIN,
	   "and a datagram socket still drops the rest of a datagram");
	close(pp[0]);
	close(pp[1]);
	close(sv[0]);
	close(sv[1]);
}

static void blocking_and_readn(int p[2])
{
	char buf[100];
	pid_t pid;
	int status;
	ssize_t n;

	write_all(p[1], "abc", 3);
	write_all(p[1], "def", 3);
	write_all(p[1], "ghi", 3);
	memset(buf, 0, sizeof buf);
	ok(readn(p[0], buf, 9) == 9 && strcmp(buf, "abcdefghi") == 0,
	   "readn across three messages");

	if ((pid = fork()) < 0)
		err_sys("fork");
	if (pid == 0) {
		struct timespec t = { 0, 100 * 1000 * 1000 };

		nanosleep(&t, NULL);
		write_all(p[1], "late", 4);
		_exit(0);
	}
	n = rd(p[0], buf, sizeof buf);
	ok(n == 4 && strcmp(buf, "late") == 0,
	   "a read of an empty stream waits for the next message");
	waitpid(pid, &status, 0);
}

static void fortified(int p[2])
{
	char buf[BIG];
	size_t got = 0;
	ssize_t n;

	if (!fortified_read_checked()) {
		skip(1, "built without optimisation, so without _FORTIFY_SOURCE");
		return;
	}
	write_all(p[1], big, sizeof big);
	while (got < sizeof big &&
	       (n = fortified_read(p[0], buf + got, FORTIFIED_READ_MAX)) > 0)
		got += (size_t)n;
	ok(got == sizeof big && memcmp(buf, big, sizeof big) == 0,
	   "a fortified read (__read_chk) also keeps the rest of a message");
}

/* write(2) of 200000 bytes: messages of STREAM_MSGSZ (64 KB) at most, as
 * a stream head splits a write longer than strmsgsz.  A child writes, as
 * the messages need not all fit the stream at once. */
static void long_write(int p[2])
{
	static char out[200000], in[STREAM_MSGSZ + 1];
	struct strbuf d = { .maxlen = sizeof in, .buf = in };
	size_t sizes[8], nsizes = 0, total = 0;
	int flags = 0, status, same = 1;
	pid_t pid;

	for (size_t i = 0; i < sizeof out; i++)
		out[i] = (char)(i % 251);
	fflush(stdout);
	if ((pid = fork()) < 0)
		err_sys("fork");
	if (pid == 0)
		_exit(write(p[1], out, sizeof out) == (ssize_t)sizeof out ? 0 : 1);
	while (total < sizeof out && nsizes < 8 &&
	       getmsg(p[0], NULL, &d, &flags) == 0 && d.len > 0) {
		if (memcmp(in, out + total, (size_t)d.len) != 0)
			same = 0;
		sizes[nsizes++] = (size_t)d.len;
		total += (size_t)d.len;
	}
	ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0, "write(2) of 200000 bytes returns 200000");
	ok(nsizes == 4 && sizes[0] == STREAM_MSGSZ && sizes[1] == STREAM_MSGSZ &&
	   sizes[2] == STREAM_MSGSZ && sizes[3] == sizeof out - 3 * STREAM_MSGSZ &&
	   same, "and makes messages of 65536, 65536, 65536 and 3392 bytes, "
	   "every byte in order");
}

/* putmsg: parts longer than strmsgsz (data) or strctlsz (control) are
 * ERANGE, as on Solaris; at the limit they go. */
static void putmsg_limits(int p[2])
{
	static char data[STREAM_MSGSZ + 1], in[STREAM_MSGSZ];
	char ctl[STREAM_CTLSZ + 1] = { 0 };
	struct strbuf c = { .len = STREAM_CTLSZ + 1, .buf = ctl };
	struct strbuf d = { .len = STREAM_MSGSZ + 1, .buf = data };
	struct strbuf back = { .maxlen = sizeof in, .buf = in };
	int flags = 0;

	errno = 0;
	ok(putmsg(p[1], NULL, &d, 0) == -1 && errno == ERANGE,
	   "putmsg of 65537 data bytes: ERANGE");
	errno = 0;
	ok(putmsg(p[1], &c, NULL, 0) == -1 && errno == ERANGE,
	   "putmsg of a 1025-byte control part: ERANGE");
	d.len = STREAM_MSGSZ;
	ok(putmsg(p[1], NULL, &d, 0) == 0 &&
	   getmsg(p[0], NULL, &back, &flags) == 0 && back.len == STREAM_MSGSZ,
	   "65536 data bytes go, as one message");
}

static void hangup(int p[2])
{
	char buf[100];
	ssize_t n;

	write_all(p[1], "last", 4);
	close(p[1]);
	n = rd(p[0], buf, sizeof buf);
	ok(n == 4 && strcmp(buf, "last") == 0, "the last message before hangup");
	ok(rd(p[0], buf, sizeof buf) == 0 && rd(p[0], buf, sizeof buf) == 0,
	   "then hangup: read returns 0, and again 0");
	close(p[0]);
}

int main(void)
{
	int p[2], before;

	plan(39);
	signal(SIGPIPE, SIG_IGN);
	fill_big();
	if (s_pipe(p) < 0)
		err_sys("s_pipe");
	before = open_fd_count();
	long_message(p);
	across_messages(p);
	zero_length(p);
	control_part(p);
	descriptors(p);
	blocking_and_readn(p);
	fortified(p);
	long_write(p);
	putmsg_limits(p);
	ok(open_fd_count() == before, "no descriptor leaked by any of it");
	other_descriptors();
	hangup(p);
	return done_testing();
}
