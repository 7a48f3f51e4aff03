/*
 * malformed_replies.c - recv_fd over UNIX domain sockets against replies
 * crafted with raw sendmsg: each malformed one gives -1, EBADMSG and a
 * message, and leaves the descriptor count where it was; the odd but valid
 * ones (bytes dribbled across reads, the descriptor before the status)
 * still deliver the descriptor.  Linux: uses TIOCOUTQ to wait until the
 * receiver has read what was sent, so that dribbled bytes really arrive in
 * separate reads.
 */
#define _GNU_SOURCE             /* TIOCOUTQ on a socket (Linux) */
#include "tap.h"
#include "peer.h"
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>

enum { MANY = 64 };

struct chunk {
	const char *bytes;
	size_t len;
	int nfds;               /* descriptors attached to this chunk */
};

struct crafted {
	const char *what;
	struct chunk chunks[4];
	int expect_fd;          /* 1: a descriptor comes back */
	int expect;             /* else: the return value */
	const char *message;    /* expected on stderr, or NULL for none */
	int hang_up;            /* the peer exits as soon as it has sent */
	int expect_errno;       /* when message is set: EBADMSG unless this */
};

/* Wait until the receiver has read everything we sent (bounded). */
static void wait_drained(int sock)
{
	for (int tries = 0; tries < 5000; tries++) {
		int unread = 0;

		if (ioctl(sock, TIOCOUTQ, &unread) < 0 || unread == 0)
			return;
		usleep(1000);
	}
}

static void send_crafted(int sock, void *arg)
{
	const struct crafted *c = arg;
	int fds[MANY];

	/* close-on-exec here, to show that the flag does not travel */
	for (int i = 0; i < MANY; i++)
		if ((fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
			_exit(4);
	for (const struct chunk *k = c->chunks; k->len > 0; k++) {
		if (k != c->chunks)
			wait_drained(sock);
		if (raw_send(sock, k->bytes, k->len, fds, (size_t)k->nfds) < 0)
			_exit(5);
	}
	if (c->hang_up)
		_exit(0);
	/* Stay until the receiver is done, so EOF is not what it sees. */
	char ack;
	if (read(sock, &ack, 1) < 0)
		_exit(6);
}

static const struct crafted cases[] = {
	{ "a descriptor with status 5", { { "\0\5", 2, 1 } }, 0, -1,
	  "recv_fd: malformed reply: status 5 with a descriptor\n", 0, 0 },
	{ "status 0 without a descriptor", { { "\0\0", 2, 0 } }, 0, -1,
	  "recv_fd: malformed reply: status 0 but no descriptor\n", 0, 0 },
	{ "two descriptors in one reply", { { "\0\0", 2, 2 } }, 0, -1,
	  "recv_fd: malformed reply: 2 descriptors, expected at most 1\n", 0, 0 },
	{ "64 descriptors: control data truncated", { { "\0\0", 2, MANY } }, 0, -1,
	  "recv_fd: malformed reply: control data truncated "
	  "(descriptors that did not fit were closed)\n", 0, 0 },
	{ "the descriptor with the null byte, then the peer exits",
	  { { "\0", 1, 1 } }, 0, -1,
	  "recv_fd: connection closed in the middle of a reply\n", 1, ECONNRESET },
	{ "the descriptor with text, then the peer exits",
	  { { "some text", 9, 1 } }, 0, -1,
	  "recv_fd: connection closed in the middle of a reply\n", 1, ECONNRESET },
	{ "text, null and status in three reads",
	  { { "hello", 5, 0 }, { "\0", 1, 0 }, { "\3", 1, 0 } }, 0, -3, NULL, 0, 0 },
	{ "null and status+descriptor in two reads",
	  { { "\0", 1, 0 }, { "\0", 1, 1 } }, 1, 0, NULL, 0, 0 },
	{ "descriptor with the null, status later",
	  { { "\0", 1, 1 }, { "\0", 1, 0 } }, 1, 0, NULL, 0, 0 },
	{ "descriptor with the text, before the null",
	  { { "note", 4, 1 }, { "\0\0", 2, 0 } }, 1, 0, NULL, 0, 0 },
	{ "two descriptors in two chunks",
	  { { "\0", 1, 1 }, { "\0", 1, 1 } }, 0, -1,
	  "recv_fd: malformed reply: 2 descriptors, expected at most 1\n", 0, 0 },
};
#define NCASES (sizeof cases / sizeof cases[0])

/* Three replies sent back to back, before the receiver reads any: each
 * recv_fd takes exactly its own, nothing after the status byte. */
static void send_three(int sock, void *arg)
{
	int fd = open("/dev/null", O_RDONLY);

	(void)arg;
	if (fd < 0 || raw_send(sock, "\0\7second\0\11", 10, NULL, 0) < 0 ||
	    raw_send(sock, "\0\0", 2, &fd, 1) < 0)
		_exit(4);
	wait_drained(sock);
}

static void replies_back_to_back(void)
{
	int sock, before = open_fd_count(), fd;
	pid_t pid = start_peer(&sock, send_three, NULL);

	collect_reset();
	is_int(recv_fd(sock, collect_text), -7, "back to back: the first reply, status 7");
	is_str(collected, "", "back to back: no text in the first");
	is_int(recv_fd(sock, collect_text), -9, "back to back: the second, status 9");
	is_str(collected, "second", "back to back: with its own text");
	fd = recv_fd(sock, collect_text);
	ok(fd >= 0, "back to back: the third, a descriptor");
	close(fd);
	close(sock);
	finish_peer(pid);
	is_int(open_fd_count(), before, "back to back: descriptor count unchanged");
}

static ssize_t failing_userfunc_impl(int fd, const void *buf, size_t n)
{
	(void)fd;
	(void)buf;
	(void)n;
	errno = EIO;
	return -1;
}

static void send_text_then_fd(int sock, void *arg)
{
	int fd = open("/dev/null", O_RDONLY);

	(void)arg;
	if (fd < 0 || raw_send(sock, "text\0\0", 6, &fd, 1) < 0)
		_exit(4);
	wait_drained(sock);
	if (raw_send(sock, "\0\0", 2, &fd, 1) < 0)
		_exit(4);
	wait_drained(sock);
}

/* A userfunc that fails: -1 with its errno, the descriptor closed, and
 * the stream still in step for the next reply. */
static void failing_userfunc(void)
{
	int sock, before = open_fd_count(), fd, saved;
	pid_t pid = start_peer(&sock, send_text_then_fd, NULL);

	fd = recv_fd(sock, failing_userfunc_impl);
	saved = errno;
	ok(fd == -1 && saved == EIO, "failing userfunc: -1 with its errno (EIO)");
	fd = recv_fd(sock, NULL);
	ok(fd >= 0, "failing userfunc: the next reply is read whole");
	close(fd);
	close(sock);
	finish_peer(pid);
	is_int(open_fd_count(), before, "failing userfunc: descriptor count unchanged");
}

static void say_nothing(int sock, void *arg)
{
	char c;

	(void)arg;
	(void)!read(sock, &c, 1);       /* until the receiver gives up */
}

/* recv_fd retries EINTR, so a timeout comes from SO_RCVTIMEO. */
static void silent_peer_with_timeout(void)
{
	struct timeval limit = { .tv_sec = 0, .tv_usec = 50000 };
	int sock, fd, saved;
	pid_t pid = start_peer(&sock, say_nothing, NULL);

	if (setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit) < 0)
		err_sys("SO_RCVTIMEO");
	fd = recv_fd(sock, NULL);
	saved = errno;
	ok(fd == -1 && (saved == EAGAIN || saved == EWOULDBLOCK),
	   "a silent peer and SO_RCVTIMEO: -1 with EAGAIN");
	close(sock);
	finish_peer(pid);
}

int main(void)
{
	plan(4 * (int)NCASES + 10);
	for (size_t i = 0; i < NCASES; i++) {
		const struct crafted *c = &cases[i];
		int sock, before, got, saved;
		const char *err;
		struct stat st;
		pid_t pid;

		before = open_fd_count();
		pid = start_peer(&sock, send_crafted, (void *)c);
		capture_stderr();
		got = recv_fd(sock, NULL);
		saved = errno;
		err = captured_stderr();
		if (c->expect_fd) {
			ok(got >= 0 && fstat(got, &st) == 0 && S_ISCHR(st.st_mode),
			   "%s: the descriptor arrives", c->what);
			is_str(err, "", "%s: no message", c->what);
			is_int(got >= 0 ? fcntl(got, F_GETFD) & FD_CLOEXEC : -1, 0,
			       "%s: not close-on-exec, as in the book", c->what);
			if (got >= 0)
				close(got);
		} else {
			is_int(got, c->expect, "%s: returns %d", c->what, c->expect);
			is_str(err, c->message ? c->message : "",
			       "%s: the message", c->what);
			int want_errno = c->message == NULL ? 0 :
					 c->expect_errno ? c->expect_errno : EBADMSG;

			is_int(saved, want_errno, "%s: errno %d (%s)", c->what,
			       want_errno, strerror(want_errno));
		}
		if (!c->hang_up && writen(sock, "k", 1) != 1)
			err_sys("ack");
		close(sock);
		finish_peer(pid);
		is_int(open_fd_count(), before, "%s: descriptor count unchanged",
		       c->what);
	}
	replies_back_to_back();
	failing_userfunc();
	silent_peer_with_timeout();
	return done_testing();
}
