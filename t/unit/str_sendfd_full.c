/*
 * str_sendfd_full.c - the STREAMS send_fd (the book's two steps: write
 * the two bytes, then I_SENDFD) when the receiving stream head is full.
 * I_SENDFD never blocks: it fails with EAGAIN there.  On a blocking
 * stream send_fd then waits for room with poll(POLLOUT) and tries again,
 * so a sender that runs ahead of its reader loses nothing; on an
 * O_NONBLOCK stream it returns EAGAIN before its two bytes go.
 *
 * The blocking case, step by step, with no timing: the stream is filled
 * with two-byte messages until a write would block, and one of them is
 * taken back: then send_fd's write goes in and leaves I_SENDFD facing a
 * full stream (the two messages are the same size).
 * poll(2) is wrapped (-Wl,--wrap=poll): when send_fd waits for room, the
 * wrap tells the reader, which then takes everything: the rest of the
 * filler, then every descriptor, checking that each is the file sent in
 * that place.  A send_fd that never waited would leave the reader
 * waiting (the test's watchdog ends it).  STREAMS library only.
 */
#include "tap.h"
#include "peer.h"
#include "plain_pipe.h"
#include <poll.h>
#include <stropts.h>
#include <sys/wait.h>

#define NFILES 8                /* descriptors go round these files */
#define NSENT  1000             /* descriptors streamed */

int __real_poll(struct pollfd *fds, nfds_t nfds, int timeout);
int __wrap_poll(struct pollfd *fds, nfds_t nfds, int timeout);

static int waits_to = -1;       /* the sender's: where a wait is told */
static int waits;               /* the sender's: how many */

/* send_fd's wait for room: one descriptor, POLLOUT, no timeout. */
int __wrap_poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	if (waits_to >= 0 && nfds == 1 && (fds[0].events & POLLOUT) &&
	    timeout < 0) {
		waits++;
		(void)!write(waits_to, "W", 1);
	}
	return __real_poll(fds, nfds, timeout);
}

static int files[NFILES];

/* NFILES unlinked files, file k holding the one byte 'a' + k. */
static void make_files(void)
{
	for (int k = 0; k < NFILES; k++) {
		char path[] = "/tmp/str_sendfd_full.XXXXXX";
		char c = (char)('a' + k);

		if ((files[k] = mkstemp(path)) < 0)
			err_sys("mkstemp");
		unlink(path);
		if (write(files[k], &c, 1) != 1)
			err_sys("write");
	}
}

/* Is fd the file sent in place i? */
static int is_file(int fd, int i)
{
	char c;

	return pread(fd, &c, 1, 0) == 1 && c == 'a' + i % NFILES;
}

/* Take n two-byte messages (the filler) with getmsg.  0 or -1. */
static int take_filler(int fd, int n)
{
	char buf[8];

	for (int i = 0; i < n; i++) {
		struct strbuf dat = { .maxlen = sizeof buf, .buf = buf };
		int flags = 0;

		if (getmsg(fd, NULL, &dat, &flags) != 0 || dat.len != 2)
			return -1;
	}
	return 0;
}

/* Fill fd's stream with two-byte messages until a write would block. */
static int fill(int fd)
{
	int fl = fcntl(fd, F_GETFL), n = 0;

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (write(fd, "zz", 2) == 2)
		n++;
	if (errno != EAGAIN)
		err_sys("filling the stream");
	fcntl(fd, F_SETFL, fl);
	return n;
}

/* The reader: once told that the sender waits, the filler messages and
 * NSENT descriptors.  Writes to result: how many
 * descriptors came in their place, then 1 if the stream was then empty
 * and hung up (no stray bytes), as two ints. */
static void reader(int fd, int nfiller, int told, int result)
{
	int res[2] = { 0, 0 }, r, flags = 0;
	char c, buf[8];
	struct strbuf ctl = { .maxlen = sizeof buf, .buf = buf };
	struct strbuf dat = { .maxlen = sizeof buf, .buf = buf };

	if (read(told, &c, 1) != 1 || take_filler(fd, nfiller) < 0)
		_exit(2);
	for (int i = 0; i < NSENT; i++) {
		if ((r = recv_fd(fd, NULL)) < 0)
			break;
		if (is_file(r, i))
			res[0]++;
		close(r);
	}
	/* The sender has closed its end once done: hangup, nothing else. */
	r = getmsg(fd, &ctl, &dat, &flags);
	res[1] = r == 0 && ctl.len <= 0 && dat.len <= 0;
	(void)!write(result, res, sizeof res);
	_exit(0);
}

static void blocking_stream(void)
{
	int p[2], told[2], result[2], nfiller, failed = 0, res[2] = { 0, 0 };
	pid_t pid;

	if (s_pipe(p) < 0 || plain_pipe(told) < 0 || plain_pipe(result) < 0)
		err_sys("pipe");
	nfiller = fill(p[1]);
	if (take_filler(p[0], 1) < 0)   /* room for one two-byte message */
		err_sys("getmsg");
	nfiller--;
	if ((pid = fork()) < 0)
		err_sys("fork");
	if (pid == 0) {
		close(p[1]);
		close(told[1]);
		close(result[0]);
		reader(p[0], nfiller, told[0], result[1]);
	}
	close(p[0]);
	close(told[0]);
	close(result[1]);

	waits_to = told[1];
	for (int i = 0; i < NSENT; i++)
		if (send_fd(p[1], files[i % NFILES]) < 0) {
			diag("send_fd %d: %s", i, strerror(errno));
			failed++;
		}
	waits_to = -1;
	close(p[1]);
	close(told[1]);

	ok(failed == 0, "blocking stream, full: each of %d send_fd returns 0",
	   NSENT);
	ok(waits > 0, "send_fd waited for room (poll POLLOUT) %s",
	   waits > 0 ? "and tried I_SENDFD again" : "never");
	ok(read(result[0], res, sizeof res) == (ssize_t)sizeof res,
	   "the reader reports");
	is_int(res[0], NSENT, "every descriptor arrives, in order, none lost");
	ok(res[1], "then the stream is empty: no stray bytes, hangup");
	is_int(finish_peer(pid), 0, "the reader exits 0");
	close(result[0]);
}

/* O_NONBLOCK: send_fd until EAGAIN, then read what went. */
static void nonblocking_stream(void)
{
	int p[2], sent = 0, r, error, good = 0, nread = -1;

	if (s_pipe(p) < 0)
		err_sys("s_pipe");
	fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
	while ((r = send_fd(p[1], files[sent % NFILES])) == 0 &&
	       sent < 100000)
		sent++;
	error = errno;
	ok(r == -1 && error == EAGAIN,
	   "O_NONBLOCK stream, full after %d: send_fd fails with EAGAIN (%s)",
	   sent, strerror(error));
	for (int i = 0; i < sent; i++) {
		if ((r = recv_fd(p[0], NULL)) < 0)
			break;
		good += is_file(r, i);
		close(r);
	}
	is_int(good, sent, "the reader gets the %d descriptors that went, "
	       "in order", sent);
	ok(ioctl(p[0], I_NREAD, &nread) == 0 && nread == 0,
	   "and then nothing: the failed send_fd sent no bytes");
	close(p[0]);
	close(p[1]);
}

int main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "-h") == 0) {
		printf("usage: %s\nTAP: send_fd on a full stream\n", argv[0]);
		return 0;
	}
	plan(9);
	make_files();
	blocking_stream();
	nonblocking_stream();
	return done_testing();
}
