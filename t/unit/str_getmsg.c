/*
 * str_getmsg.c - getmsg(2) and putmsg(2) as Solaris documents them, on
 * the emulation: write(2) data read back with getmsg; the strbuf rules
 * (len -1: part absent, 0: present and empty); MORECTL and MOREDATA with
 * the rest kept for the next call; hangup (both lengths 0) told from a
 * zero-length message; EBADMSG with a descriptor at the head, which stays
 * queued; I_NREAD; band 0 of getpmsg/putpmsg; isastream; other ioctls
 * pass through.  STREAMS library only.
 */
#include "tap.h"
#include "plain_pipe.h"
#include <stropts.h>
#include <sys/ioctl.h>

static char cbuf[64], dbuf[64];
static struct strbuf ctl, dat;

/* getmsg into cbuf/dbuf with the given room (-1: NULL strbuf). */
static int get(int fd, int cmax, int dmax)
{
	int flags = 0;

	memset(cbuf, 0, sizeof cbuf);
	memset(dbuf, 0, sizeof dbuf);
	ctl = (struct strbuf){ .maxlen = cmax, .len = 99, .buf = cbuf };
	dat = (struct strbuf){ .maxlen = dmax, .len = 99, .buf = dbuf };
	return getmsg(fd, cmax < 0 ? NULL : &ctl, dmax < 0 ? NULL : &dat,
		      &flags);
}

static int put(int fd, const char *c, int clen, const char *d, int dlen)
{
	struct strbuf pc = { .len = clen, .buf = (char *)c };
	struct strbuf pd = { .len = dlen, .buf = (char *)d };

	return putmsg(fd, &pc, &pd, 0);
}

int main(void)
{
	int p[2], n, band, flags;
	struct strrecvfd got;

	plan(31);
	if (s_pipe(p) < 0)
		err_sys("s_pipe");

	/* write(2) makes a data message. */
	if (write(p[1], "plain", 5) != 5)
		err_sys("write");
	ok(get(p[0], 64, 64) == 0 && ctl.len == -1 && dat.len == 5 &&
	   memcmp(dbuf, "plain", 5) == 0,
	   "write() then getmsg: data part, control part absent (-1)");

	/* putmsg with both parts. */
	put(p[1], "CTL", 3, "data", 4);
	ok(get(p[0], 64, 64) == 0 && ctl.len == 3 && dat.len == 4 &&
	   memcmp(cbuf, "CTL", 3) == 0 && memcmp(dbuf, "data", 4) == 0,
	   "putmsg control and data: both come back");
	put(p[1], "", 0, NULL, -1);
	ok(get(p[0], 64, 64) == 0 && ctl.len == 0 && dat.len == -1,
	   "empty control part: len 0; absent data part: len -1");
	put(p[1], NULL, -1, "", 0);
	ok(get(p[0], 64, 64) == 0 && ctl.len == -1 && dat.len == 0,
	   "zero-length data message: control -1, data 0");
	if (write(p[1], "", 0) != 0)
		err_sys("write 0");
	n = -1;
	ok(ioctl(p[0], I_NREAD, &n) == 0 && n == 0,
	   "write() of 0 bytes sends no message (an SVR4 pipe without SNDZERO)");
	ok(putmsg(p[1], NULL, NULL, 0) == 0, "putmsg with no parts sends nothing");

	/* MOREDATA: the rest waits for the next call. */
	if (write(p[1], "0123456789", 10) != 10)
		err_sys("write");
	n = get(p[0], 64, 4);
	ok(n == MOREDATA && dat.len == 4 && memcmp(dbuf, "0123", 4) == 0,
	   "data longer than maxlen: MOREDATA and the first 4 bytes");
	n = get(p[0], 64, 4);
	ok(n == MOREDATA && dat.len == 4 && memcmp(dbuf, "4567", 4) == 0 &&
	   ctl.len == -1, "next call: the next 4, MOREDATA again");
	n = get(p[0], 64, 4);
	ok(n == 0 && dat.len == 2 && memcmp(dbuf, "89", 2) == 0,
	   "last call: the last 2, return 0");

	/* MORECTL. */
	put(p[1], "ABCDEF", 6, "xyz", 3);
	n = get(p[0], 4, 64);
	ok(n == MORECTL && ctl.len == 4 && memcmp(cbuf, "ABCD", 4) == 0 &&
	   dat.len == 3 && memcmp(dbuf, "xyz", 3) == 0,
	   "control longer than maxlen: MORECTL, the data whole");
	n = get(p[0], 4, 64);
	ok(n == 0 && ctl.len == 2 && memcmp(cbuf, "EF", 2) == 0 && dat.len == -1,
	   "next call: the rest of the control part, no data part left");
	put(p[1], "ABCDEF", 6, "0123456789", 10);
	n = get(p[0], 2, 4);
	ok(n == (MORECTL | MOREDATA), "both too small: MORECTL|MOREDATA");
	while (n > 0)
		n = get(p[0], 2, 4);
	ok(n == 0, "and the message can be read to its end");

	/* A NULL strbuf or maxlen -1 leaves that part queued. */
	if (write(p[1], "abc", 3) != 3)
		err_sys("write");
	n = get(p[0], 64, -1);
	ok(n == MOREDATA && ctl.len == -1, "data not asked for: MOREDATA, left queued");
	ok(get(p[0], 64, 64) == 0 && dat.len == 3 && memcmp(dbuf, "abc", 3) == 0,
	   "and read by the next call");
	if (write(p[1], "abc", 3) != 3)
		err_sys("write");
	n = get(p[0], 64, 0);
	ok(n == MOREDATA && dat.len == 0, "maxlen 0 with data waiting: len 0, MOREDATA");
	get(p[0], 64, 64);

	/* A descriptor at the head: EBADMSG, and it stays for I_RECVFD. */
	ioctl(p[1], I_SENDFD, STDIN_FILENO);
	errno = 0;
	ok(get(p[0], 64, 64) == -1 && errno == EBADMSG,
	   "descriptor at the head: getmsg fails with EBADMSG");
	ok(ioctl(p[0], I_RECVFD, &got) == 0, "and it is still there for I_RECVFD");
	close(got.fd);

	/* send_fd's message: the two bytes first, then the descriptor. */
	send_fd(p[1], STDIN_FILENO);
	errno = 0;
	ok(ioctl(p[0], I_RECVFD, &got) == -1 && errno == EBADMSG,
	   "send_fd: I_RECVFD first meets the data (EBADMSG)");
	ok(get(p[0], 64, 64) == 0 && dat.len == 2 && dbuf[0] == 0 && dbuf[1] == 0,
	   "getmsg reads the two protocol bytes");
	ok(ioctl(p[0], I_RECVFD, &got) == 0, "then I_RECVFD takes the descriptor");
	close(got.fd);

	/* I_NREAD. */
	if (write(p[1], "seven!!", 7) != 7)
		err_sys("write");
	n = ioctl(p[0], I_NREAD, &band);
	ok(n >= 1 && band == 7, "I_NREAD: 7 data bytes in the first message");
	get(p[0], 64, 64);
	n = ioctl(p[0], I_NREAD, &band);
	ok(n == 0 && band == 0, "I_NREAD on an empty stream: 0 messages, 0 bytes");

	/* Other requests reach the system's ioctl. */
	if (write(p[1], "abcd", 4) != 4)
		err_sys("write");
	n = -1;
	ok(ioctl(p[0], FIONREAD, &n) == 0 && n == 4,
	   "ioctl(FIONREAD) passes through to the kernel");
	get(p[0], 64, 64);

	/* Band 0 only. */
	{
		struct strbuf pd = { .len = 2, .buf = "hi" };

		ok(putpmsg(p[1], NULL, &pd, 0, MSG_BAND) == 0,
		   "putpmsg band 0");
		band = 0;
		flags = MSG_ANY;
		dat = (struct strbuf){ .maxlen = 64, .buf = dbuf };
		ok(getpmsg(p[0], NULL, &dat, &band, &flags) == 0 && dat.len == 2 &&
		   band == 0 && flags == MSG_BAND, "getpmsg reads it from band 0");
		errno = 0;
		ok(putpmsg(p[1], NULL, &pd, 1, MSG_BAND) == -1 && errno == EINVAL,
		   "band 1: EINVAL (not emulated)");
	}

	/* isastream. */
	{
		int pp[2];

		if (plain_pipe(pp) < 0)
			err_sys("pipe");
		ok(isastream(p[0]) == 1 && isastream(pp[0]) == 0,
		   "isastream: 1 for s_pipe, 0 for pipe");
		errno = 0;
		ok(isastream(999) == -1 && errno == EBADF, "isastream(999): EBADF");
		errno = 0;
		ok(get(pp[0], 64, 64) == -1 && errno == ENOSTR,
		   "getmsg on a pipe that is not a stream: ENOSTR");
		close(pp[0]);
		close(pp[1]);
	}

	/* Hangup: 0 with both lengths 0. */
	close(p[1]);
	ok(get(p[0], 64, 64) == 0 && ctl.len == 0 && dat.len == 0,
	   "hangup: getmsg returns 0 with both lengths 0");
	close(p[0]);
	return done_testing();
}
