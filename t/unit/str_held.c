/*
 * str_held.c - getmsg with room for any message takes the message whole,
 * and the descriptor that came with its data is held for I_RECVFD: the
 * stream then behaves as one whose head message is M_PASSFP (getmsg and
 * read fail with EBADMSG, I_NREAD reports a message of no data), I_RECVFD
 * hands over the file that was sent, and nothing leaks: not when the
 * thread reads another stream first, not when the stream is closed and
 * its number taken by another stream.  STREAMS emulation only (the
 * records are made with stream_write_sendfd, as send_fd makes them).
 */
#include "tap.h"
#include <stropts.h>
#include <sys/stat.h>

/* The file the test passes: a pipe's read end, known by its inode. */
static int payload[2];

static int same_file(int fd, int as)
{
	struct stat a, b;

	return fd >= 0 && fstat(fd, &a) == 0 && fstat(as, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int open_count(void)
{
	int count = 0;

	for (int fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			count++;
	return count;
}

/* getmsg with room for any message (recv_fd's buffers). */
static char ctlbuf[1024], databuf[65536];

static int getmsg_roomy(int fd, struct strbuf *dat)
{
	struct strbuf ctl = { .maxlen = sizeof ctlbuf, .buf = ctlbuf };
	int flags = 0;

	dat->maxlen = sizeof databuf;
	dat->buf = databuf;
	dat->len = -2;
	return getmsg(fd, &ctl, dat, &flags);
}

static int nread(int fd, int *count)
{
	*count = -1;
	return ioctl(fd, I_NREAD, count);
}

/* Nothing is queued: a non-blocking I_RECVFD says EAGAIN. */
static int no_descriptor(int fd)
{
	struct strrecvfd got;
	int fl = fcntl(fd, F_GETFL), r;

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	errno = 0;
	r = ioctl(fd, I_RECVFD, &got);
	fcntl(fd, F_SETFL, fl);
	if (r == 0)
		close(got.fd);
	return r == -1 && errno == EAGAIN;
}

static void data_then_descriptor(void)
{
	struct strrecvfd got = { .fd = -1 };
	struct strbuf dat;
	char c;
	int p[2], count;

	if (stream_pipe(p) < 0 || stream_write_sendfd(p[1], "ab", 2,
						      payload[0]) < 0)
		err_sys("stream_pipe");
	ok(getmsg_roomy(p[0], &dat) == 0 && dat.len == 2 &&
	   memcmp(databuf, "ab", 2) == 0,
	   "getmsg with room for any message: the data before the descriptor");
	ok(nread(p[0], &count) == 1 && count == 0,
	   "I_NREAD: one message of no data is next (the descriptor)");
	errno = 0;
	ok(getmsg_roomy(p[0], &dat) == -1 && errno == EBADMSG,
	   "getmsg: EBADMSG, the descriptor is next");
	errno = 0;
	ok(read(p[0], &c, 1) == -1 && errno == EBADMSG,
	   "read: EBADMSG, the descriptor is next");
	ok(ioctl(p[0], I_RECVFD, &got) == 0 && same_file(got.fd, payload[0]),
	   "I_RECVFD: the file that was sent");
	is_int((long)got.uid, (long)geteuid(), "with the sender's uid");
	close(got.fd);
	ok(no_descriptor(p[0]), "and then nothing is held");
	close(p[0]);
	close(p[1]);
}

/* A descriptor with no data before it (I_SENDFD): getmsg takes and holds
 * it, and refuses it as a stream head does. */
static void descriptor_alone(void)
{
	struct strrecvfd got = { .fd = -1 };
	struct strbuf dat;
	int p[2];

	if (stream_pipe(p) < 0 || ioctl(p[1], I_SENDFD, payload[0]) < 0)
		err_sys("stream_pipe");
	errno = 0;
	ok(getmsg_roomy(p[0], &dat) == -1 && errno == EBADMSG,
	   "a descriptor alone: getmsg says EBADMSG");
	ok(ioctl(p[0], I_RECVFD, &got) == 0 && same_file(got.fd, payload[0]),
	   "I_RECVFD takes it");
	close(got.fd);
	close(p[0]);
	close(p[1]);
}

/* The thread reads another stream before I_RECVFD: the descriptor waits. */
static void another_stream_first(void)
{
	struct strrecvfd got = { .fd = -1 };
	struct strbuf dat;
	int a[2], b[2];

	if (stream_pipe(a) < 0 || stream_pipe(b) < 0 ||
	    stream_write_sendfd(a[1], "ab", 2, payload[0]) < 0 ||
	    write(b[1], "hello", 5) != 5)
		err_sys("stream_pipe");
	ok(getmsg_roomy(a[0], &dat) == 0 && dat.len == 2,
	   "stream A: the data, its descriptor held");
	ok(getmsg_roomy(b[0], &dat) == 0 && dat.len == 5,
	   "stream B read in between");
	ok(no_descriptor(b[0]), "stream B has no descriptor of A's");
	ok(ioctl(a[0], I_RECVFD, &got) == 0 && same_file(got.fd, payload[0]),
	   "stream A's I_RECVFD still gives A's file");
	close(got.fd);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

/* Stream A is closed with its descriptor held, and a new stream gets
 * A's number: the old descriptor is closed, never handed to the new. */
static void closed_with_one_held(void)
{
	struct strbuf dat;
	int a[2], b[2], q[2], before, count, fd;

	before = open_count();
	if (stream_pipe(a) < 0 || stream_pipe(b) < 0 ||
	    stream_write_sendfd(a[1], "ab", 2, payload[0]) < 0 ||
	    write(b[1], "x", 1) != 1)
		err_sys("stream_pipe");
	fd = a[0];
	ok(getmsg_roomy(fd, &dat) == 0 && dat.len == 2,
	   "stream A: the data, its descriptor held");
	ok(getmsg_roomy(b[0], &dat) == 0, "stream B read in between");
	close(a[0]);
	close(a[1]);
	if (stream_pipe(q) < 0 || (q[0] != fd && dup2(q[0], fd) < 0))
		err_sys("new stream");
	if (q[0] != fd)
		close(q[0]);
	ok(nread(fd, &count) == 0 && count == 0,
	   "a new stream with A's number: no message, nothing held");
	ok(no_descriptor(fd), "and I_RECVFD finds no descriptor");
	close(fd);
	close(q[1]);
	close(b[0]);
	close(b[1]);
	is_int(open_count(), before, "no descriptor left open");
}

int main(void)
{
	if (pipe(payload) < 0)
		err_sys("pipe");
	plan(18);
	data_then_descriptor();
	descriptor_alone();
	another_stream_first();
	closed_with_one_held();
	return done_testing();
}
