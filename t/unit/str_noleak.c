/*
 * str_noleak.c - nothing leaks over the STREAMS transport: a passed
 * descriptor that is never received is closed with the stream; getmsg's
 * EBADMSG and putmsg's control messages leave no descriptor behind; and
 * the STREAMS recv_fd closes every descriptor of a malformed reply.
 * STREAMS library only.
 */
#include "tap.h"
#include "plain_pipe.h"
#include "peer.h"
#include <stropts.h>

/* Is the write end of pipe pp still open anywhere?  Non-blocking read:
 * 0 is end of file (all write ends closed), EAGAIN means one is open. */
static int write_end_gone(int readfd)
{
	char c;

	fcntl(readfd, F_SETFL, O_NONBLOCK);
	return read(readfd, &c, 1) == 0;
}

static void fd_then_status(int sock, void *arg)
{
	(void)arg;
	if (ioctl(sock, I_SENDFD, STDIN_FILENO) < 0 ||
	    write(sock, "\0\0", 2) != 2)
		_exit(4);
}

static void status_then_junk(int sock, void *arg)
{
	(void)arg;
	if (write(sock, "text\0\0junk", 10) != 10 ||
	    ioctl(sock, I_SENDFD, STDIN_FILENO) < 0)
		_exit(4);
}

static void status_zero_no_fd(int sock, void *arg)
{
	(void)arg;
	if (write(sock, "\0\0", 2) != 2)
		_exit(4);
}

static void status_with_fd(int sock, void *arg)
{
	(void)arg;
	if (write(sock, "\0\5", 2) != 2 ||
	    ioctl(sock, I_SENDFD, STDIN_FILENO) < 0)
		_exit(4);
}

static void half_and_close(int sock, void *arg)
{
	(void)arg;
	if (write(sock, "half", 4) != 4)
		_exit(4);
}

struct bad_case {
	void (*peer)(int, void *);
	int errno_expected;
	const char *what;
	const char *message;    /* what recv_fd must say on stderr */
};

/* recv_fd with stderr caught in message[]. */
static int recv_fd_quietly(int sock, char *message, size_t size)
{
	FILE *tmp = tmpfile();
	int saved, got, error;
	ssize_t n;

	if (tmp == NULL || (saved = dup(STDERR_FILENO)) < 0 ||
	    dup2(fileno(tmp), STDERR_FILENO) < 0)
		err_sys("capture stderr");
	got = recv_fd(sock, NULL);
	error = errno;
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = pread(fileno(tmp), message, size - 1, 0);
	message[n > 0 ? n : 0] = '\0';
	fclose(tmp);
	errno = error;
	return got;
}

int main(void)
{
	static const struct bad_case cases[] = {
		{ fd_then_status, EBADMSG, "a descriptor before the status byte",
		  "recv_fd: malformed reply: a descriptor came before the status "
		  "byte\n" },
		{ status_then_junk, EBADMSG, "bytes after the status byte",
		  "recv_fd: malformed reply: 4 bytes after the status byte\n" },
		{ status_zero_no_fd, EBADMSG, "status 0 and no descriptor",
		  "recv_fd: malformed reply: status 0 but no descriptor\n" },
		{ status_with_fd, EBADMSG, "status 5 with a descriptor",
		  "recv_fd: malformed reply: status 5 with a descriptor\n" },
		{ half_and_close, ECONNRESET, "peer closes mid-reply",
		  "recv_fd: connection closed in the middle of a reply\n" },
	};
	int p[2], pp[2], before, sock, got, saved;
	struct strbuf c = { .len = 1, .buf = "c" };
	struct strbuf dat;
	char buf[16], message[256];
	int flags = 0;

	plan(6 + 4 * (int)(sizeof cases / sizeof cases[0]));
	before = open_fd_count();

	/* Never received: closed with the stream. */
	if (s_pipe(p) < 0 || plain_pipe(pp) < 0)
		err_sys("pipe");
	ok(ioctl(p[1], I_SENDFD, pp[1]) == 0, "pass a pipe's write end");
	close(pp[1]);
	ok(!write_end_gone(pp[0]), "in flight, the write end is still open");
	close(p[0]);
	close(p[1]);
	ok(write_end_gone(pp[0]),
	   "stream closed without I_RECVFD: the passed descriptor is closed");
	close(pp[0]);

	/* getmsg's EBADMSG and a control message leave nothing open. */
	if (s_pipe(p) < 0)
		err_sys("s_pipe");
	ioctl(p[1], I_SENDFD, STDIN_FILENO);
	dat = (struct strbuf){ .maxlen = sizeof buf, .buf = buf };
	ok(getmsg(p[0], NULL, &dat, &flags) == -1 && errno == EBADMSG,
	   "getmsg refuses the descriptor");
	putmsg(p[1], &c, NULL, 0);
	close(p[1]);
	close(p[0]);
	is_int(open_fd_count(), before,
	       "a refused descriptor and a control message: nothing left open");

	/* recv_fd and malformed replies. */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct bad_case *k = &cases[i];
		pid_t pid = start_peer(&sock, k->peer, NULL);

		is_int(finish_peer(pid), 0, "%s: the peer sent it", k->what);
		errno = 0;
		got = recv_fd_quietly(sock, message, sizeof message);
		saved = errno;
		ok(got == -1 && saved == k->errno_expected, "%s: -1 with %s",
		   k->what, strerror(k->errno_expected));
		is_str(message, k->message, "%s: the message says so", k->what);
		close(sock);
		is_int(open_fd_count(), before, "%s: no descriptor left open",
		       k->what);
	}
	ok(1, "recv_fd never exited on a malformed reply");
	return done_testing();
}
