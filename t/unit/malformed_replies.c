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

	for (int i = 0; i < MANY; i++)
		if ((fds[i] = open("/dev/null", O_RDONLY)) < 0)
			_exit(4);
	for (const struct chunk *k = c->chunks; k->len > 0; k++) {
		if (k != c->chunks)
			wait_drained(sock);
		if (raw_send(sock, k->bytes, k->len, fds, (size_t)k->nfds) < 0)
			_exit(5);
	}
	/* Stay until the receiver is done, so EOF is not what it sees. */
	char ack;
	if (read(sock, &ack, 1) < 0)
		_exit(6);
}

static const struct crafted cases[] = {
	{ "a descriptor with status 5", { { "\0\5", 2, 1 } }, 0, -1,
	  "recv_fd: malformed reply: status 5 with a descriptor\n" },
	{ "status 0 without a descriptor", { { "\0\0", 2, 0 } }, 0, -1,
	  "recv_fd: malformed reply: status 0 but no descriptor\n" },
	{ "two descriptors in one reply", { { "\0\0", 2, 2 } }, 0, -1,
	  "recv_fd: malformed reply: 2 descriptors, expected at most 1\n" },
	{ "64 descriptors: control data truncated", { { "\0\0", 2, MANY } }, 0, -1,
	  "recv_fd: malformed reply: control data or message truncated "
	  "(descriptors that did not fit were closed)\n" },
	{ "bytes after the status byte", { { "\0\7xyz", 5, 0 } }, 0, -1,
	  "recv_fd: malformed reply: 3 bytes after the status byte\n" },
	{ "the null byte not next to last", { { "ab\0cd", 5, 0 } }, 0, -1,
	  "recv_fd: malformed reply: 1 bytes after the status byte\n" },
	{ "text, null and status in three reads",
	  { { "hello", 5, 0 }, { "\0", 1, 0 }, { "\3", 1, 0 } }, 0, -3, NULL },
	{ "null and status+descriptor in two reads",
	  { { "\0", 1, 0 }, { "\0", 1, 1 } }, 1, 0, NULL },
	{ "descriptor with the null, status later",
	  { { "\0", 1, 1 }, { "\0", 1, 0 } }, 1, 0, NULL },
	{ "descriptor with the text, before the null",
	  { { "note", 4, 1 }, { "\0\0", 2, 0 } }, 1, 0, NULL },
	{ "two descriptors in two chunks",
	  { { "\0", 1, 1 }, { "\0", 1, 1 } }, 0, -1,
	  "recv_fd: malformed reply: 2 descriptors, expected at most 1\n" },
};
#define NCASES (sizeof cases / sizeof cases[0])

int main(void)
{
	plan(4 * (int)NCASES);
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
			is_int(saved, c->message ? EBADMSG : 0, "%s: errno %s", c->what,
			       c->message ? "EBADMSG" : "0 (peer's status)");
		}
		if (writen(sock, "k", 1) != 1)
			err_sys("ack");
		close(sock);
		finish_peer(pid);
		is_int(open_fd_count(), before, "%s: descriptor count unchanged",
		       c->what);
	}
	return done_testing();
}
