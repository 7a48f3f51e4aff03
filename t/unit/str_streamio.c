/*
 * str_streamio.c - the streamio(7I) requests a reader of the 2e meets, on
 * the emulation: I_CANPUT (the 2e's isastream), I_LIST and I_FIND (its
 * strlist and ptys_open), I_LOOK, I_PEEK, I_FLUSH, I_SRDOPT/I_GRDOPT with
 * the read modes RNORM, RMSGD and RMSGN, I_NREAD; the requests that are
 * not emulated fail with EINVAL on a stream and ENOTTY elsewhere.
 * STREAMS library only.
 */
#include "tap.h"
#include "plain_pipe.h"
#include <stropts.h>
#include <sys/conf.h>
#include <poll.h>

/* The 2e's isastream, in its own words: a stream answers I_CANPUT. */
static int answers_canput(int fd)
{
	return ioctl(fd, I_CANPUT, 0) != -1;
}

static int put(int fd, const char *c, int clen, const char *d, int dlen)
{
	struct strbuf pc = { .len = clen, .buf = (char *)c };
	struct strbuf pd = { .len = dlen, .buf = (char *)d };

	return putmsg(fd, &pc, &pd, 0);
}

static void canput(void)
{
	int p[2], pp[2], fl;

	if (s_pipe(p) < 0 || plain_pipe(pp) < 0)
		err_sys("pipe");
	ok(ioctl(p[1], I_CANPUT, 0) == 1, "I_CANPUT band 0 on an empty pipe: 1");
	fl = fcntl(p[1], F_GETFL);
	fcntl(p[1], F_SETFL, fl | O_NONBLOCK);
	while (write(p[1], "0123456789abcdef", 16) == 16)
		;
	fcntl(p[1], F_SETFL, fl);
	ok(ioctl(p[1], I_CANPUT, 0) == 0, "on a full one: 0 (flow controlled)");
	errno = 0;
	ok(ioctl(p[1], I_CANPUT, 1) == -1 && errno == EINVAL,
	   "band 1: EINVAL (bands are not emulated)");
	errno = 0;
	ok(ioctl(pp[0], I_CANPUT, 0) == -1 && errno == ENOTTY,
	   "on a descriptor that is no stream: ENOTTY");
	ok(answers_canput(p[0]) && !answers_canput(pp[0]) &&
	   !answers_canput(STDIN_FILENO) == !isastream(STDIN_FILENO),
	   "so the 2e's isastream (I_CANPUT) agrees with ours");
	close(p[0]);
	close(p[1]);
	close(pp[0]);
	close(pp[1]);
}

static void modules(void)
{
	int p[2];
	struct str_mlist names[4];
	struct str_list list = { .sl_nmods = 4, .sl_modlist = names };
	char look[FMNAMESZ + 1] = "";

	if (s_pipe(p) < 0)
		err_sys("s_pipe");
	ok(ioctl(p[1], I_LIST, (void *)0) == 0, "I_LIST of a pipe end: no modules");
	ok(ioctl(p[1], I_FIND, "connld") == 0, "I_FIND connld: 0 before I_PUSH");
	errno = 0;
	ok(ioctl(p[1], I_LOOK, look) == -1 && errno == EINVAL,
	   "I_LOOK with no module: EINVAL");
	if (ioctl(p[1], I_PUSH, "connld") < 0)
		err_sys("I_PUSH");
	ok(ioctl(p[1], I_LIST, (void *)0) == 1, "after I_PUSH connld: one");
	ok(ioctl(p[1], I_LIST, &list) == 0 && list.sl_nmods == 1 &&
	   strcmp(names[0].l_name, "connld") == 0, "named connld");
	ok(ioctl(p[1], I_FIND, "connld") == 1, "I_FIND connld: 1");
	ok(ioctl(p[1], I_LOOK, look) == 0 && strcmp(look, "connld") == 0,
	   "I_LOOK: connld");
	ok(ioctl(p[1], I_FIND, "ldterm") == 0, "I_FIND ldterm: 0");
	errno = 0;
	ok(ioctl(p[1], I_FIND, "") == -1 && errno == EINVAL,
	   "I_FIND of no name: EINVAL");
	errno = 0;
	ok(ioctl(p[1], I_FIND, "longer_than_fmnamesz") == -1 && errno == EINVAL,
	   "I_FIND of a name longer than FMNAMESZ: EINVAL");
	list.sl_nmods = 0;
	errno = 0;
	ok(ioctl(p[1], I_LIST, &list) == -1 && errno == EINVAL,
	   "I_LIST with sl_nmods 0: EINVAL");
	close(p[0]);
	close(p[1]);
}

static void peek(void)
{
	int p[2], flags = 0, nread = -1;
	char c[16], d[16];
	struct strpeek sp;
	struct strbuf dat = { .maxlen = sizeof d, .buf = d };
	struct strrecvfd r;

	if (s_pipe(p) < 0)
		err_sys("s_pipe");
	sp = (struct strpeek){ { sizeof c, -1, c }, { sizeof d, -1, d }, 0 };
	ok(ioctl(p[0], I_PEEK, &sp) == 0, "I_PEEK with nothing queued: 0, no wait");
	put(p[1], "CTL", 3, "data", 4);
	ok(ioctl(p[0], I_PEEK, &sp) == 1 && sp.ctlbuf.len == 3 &&
	   memcmp(c, "CTL", 3) == 0 && sp.databuf.len == 4 &&
	   memcmp(d, "data", 4) == 0, "I_PEEK: both parts of the head message");
	sp = (struct strpeek){ { 2, -1, c }, { 2, -1, d }, 0 };
	ok(ioctl(p[0], I_PEEK, &sp) == 1 && sp.ctlbuf.len == 2 &&
	   sp.databuf.len == 2, "maxlen 2: two bytes of each");
	sp.flags = RS_HIPRI;
	ok(ioctl(p[0], I_PEEK, &sp) == 0, "RS_HIPRI: 0 (no message is high priority)");
	ok(ioctl(p[0], I_NREAD, &nread) == 1 && nread == 4,
	   "I_NREAD: one message, 4 data bytes: the peeks took nothing");
	{
		struct strbuf ctl = { .maxlen = sizeof c, .buf = c };

		ok(getmsg(p[0], &ctl, &dat, &flags) == 0 && ctl.len == 3 &&
		   dat.len == 4, "getmsg still reads it");
	}
	if (write(p[1], "0123456789", 10) != 10)
		err_sys("write");
	dat.maxlen = 4;
	getmsg(p[0], NULL, &dat, &flags);
	sp = (struct strpeek){ { sizeof c, -1, c }, { sizeof d, -1, d }, 0 };
	ok(ioctl(p[0], I_PEEK, &sp) == 1 && sp.databuf.len == 6 &&
	   memcmp(d, "456789", 6) == 0 && sp.ctlbuf.len == -1,
	   "after a getmsg took 4 bytes: the 6 left, no control part");
	dat.maxlen = sizeof d;
	getmsg(p[0], NULL, &dat, &flags);
	ioctl(p[1], I_SENDFD, STDIN_FILENO);
	errno = 0;
	ok(ioctl(p[0], I_PEEK, &sp) == -1 && errno == EBADMSG,
	   "a passed descriptor at the head: EBADMSG");
	if (ioctl(p[0], I_RECVFD, &r) == 0)
		close(r.fd);
	close(p[0]);
	close(p[1]);
}

static void flush(void)
{
	int p[2], pp[2], nread = -1;
	struct pollfd w;

	if (s_pipe(p) < 0 || plain_pipe(pp) < 0)
		err_sys("pipe");
	if (write(p[1], "one", 3) != 3 || put(p[1], "c", 1, "two", 3) < 0 ||
	    ioctl(p[1], I_SENDFD, pp[1]) < 0)
		err_sys("queue");
	close(pp[1]);
	ok(ioctl(p[0], I_FLUSH, FLUSHR) == 0, "I_FLUSH FLUSHR");
	ok(ioctl(p[0], I_NREAD, &nread) == 0 && nread == 0,
	   "empties the read queue");
	w = (struct pollfd){ .fd = pp[0], .events = POLLIN };
	ok(poll(&w, 1, 5000) == 1 && (w.revents & POLLHUP),
	   "and closes the descriptor that was queued");
	ok(ioctl(p[1], I_FLUSH, FLUSHW) == 0 && ioctl(p[1], I_FLUSH, FLUSHRW) == 0,
	   "FLUSHW and FLUSHRW: 0");
	errno = 0;
	ok(ioctl(p[0], I_FLUSH, 0) == -1 && errno == EINVAL, "I_FLUSH 0: EINVAL");
	close(pp[0]);
	close(p[0]);
	close(p[1]);
}

static void read_modes(void)
{
	int p[2], mode = -1, nread = -1;
	char buf[16] = "";

	if (s_pipe(p) < 0)
		err_sys("s_pipe");
	ok(ioctl(p[0], I_GRDOPT, &mode) == 0 && mode == (RNORM | RPROTNORM),
	   "I_GRDOPT: RNORM|RPROTNORM by default");

	ok(ioctl(p[0], I_SRDOPT, RMSGD) == 0 &&
	   ioctl(p[0], I_GRDOPT, &mode) == 0 && mode == (RMSGD | RPROTNORM),
	   "I_SRDOPT RMSGD");
	if (write(p[1], "abcdef", 6) != 6 || write(p[1], "gh", 2) != 2)
		err_sys("write");
	ok(read(p[0], buf, 4) == 4 && memcmp(buf, "abcd", 4) == 0,
	   "RMSGD: a read of 4 takes the first 4 bytes of the message");
	ok(read(p[0], buf, sizeof buf) == 2 && memcmp(buf, "gh", 2) == 0,
	   "the rest was discarded: the next read gets the next message");

	ok(ioctl(p[0], I_SRDOPT, RMSGN) == 0, "I_SRDOPT RMSGN");
	if (write(p[1], "abcdef", 6) != 6 || write(p[1], "gh", 2) != 2)
		err_sys("write");
	ok(read(p[0], buf, 4) == 4 && memcmp(buf, "abcd", 4) == 0,
	   "RMSGN: a read of 4 takes 4");
	ok(read(p[0], buf, sizeof buf) == 2 && memcmp(buf, "ef", 2) == 0,
	   "the rest stays, and a read ends at the message's end");
	ok(read(p[0], buf, sizeof buf) == 2 && memcmp(buf, "gh", 2) == 0,
	   "then the next message");

	ok(ioctl(p[0], I_SRDOPT, RNORM) == 0, "I_SRDOPT RNORM");
	if (write(p[1], "ab", 2) != 2 || write(p[1], "cd", 2) != 2)
		err_sys("write");
	ok(read(p[0], buf, sizeof buf) == 4 && memcmp(buf, "abcd", 4) == 0,
	   "RNORM: a read crosses message boundaries");
	errno = 0;
	ok(ioctl(p[0], I_SRDOPT, RPROTDAT) == -1 && errno == EINVAL,
	   "RPROTDAT: EINVAL (not emulated)");
	errno = 0;
	ok(ioctl(p[0], I_SRDOPT, RMODEMASK) == -1 && errno == EINVAL,
	   "RMSGD|RMSGN: EINVAL");

	if (write(p[1], "abc", 3) != 3 || write(p[1], "de", 2) != 2)
		err_sys("write");
	ok(ioctl(p[0], I_NREAD, &nread) >= 1 && nread == 3,
	   "I_NREAD: messages queued, the first with 3 data bytes");
	close(p[0]);
	close(p[1]);
}

static void refused(void)
{
	int p[2], pp[2];

	if (s_pipe(p) < 0 || plain_pipe(pp) < 0)
		err_sys("pipe");
	errno = 0;
	ok(ioctl(p[0], I_POP, 0) == -1 && errno == EINVAL,
	   "I_POP on a stream: EINVAL (not emulated)");
	errno = 0;
	ok(ioctl(pp[0], I_POP, 0) == -1 && errno == ENOTTY,
	   "on a descriptor that is no stream: ENOTTY");
	errno = 0;
	ok(ioctl(pp[1], I_SENDFD, STDIN_FILENO) == -1 && errno == ENOTTY,
	   "I_SENDFD on no stream: ENOTTY (ioctl(2): not a STREAMS device)");
	close(p[0]);
	close(p[1]);
	close(pp[0]);
	close(pp[1]);
}

int main(void)
{
	plan(5 + 11 + 8 + 5 + 13 + 3);
	canput();
	modules();
	peek();
	flush();
	read_modes();
	refused();
	return done_testing();
}
