/*
 * str_recvfd.c - I_RECVFD as streamio(7I) describes it: it fills in the
 * descriptor and the sender's effective user and group IDs; EBADMSG when
 * data is at the head (the data stays queued); EAGAIN when non-blocking
 * with nothing queued; ENXIO at hangup with nothing queued; descriptors
 * sent before the sender closed can still be received.  STREAMS only.
 */
#include "tap.h"
#include "peer.h"
#include <stropts.h>
#include <sys/wait.h>

#define NOBODY 65534

/* Child: become NOBODY in the effective IDs only (the real IDs stay 0),
 * then pass /dev/null. */
static void send_as_nobody(int sock, void *arg)
{
	int fd = open("/dev/null", O_RDONLY);

	(void)arg;
	if (fd < 0 || setegid(NOBODY) < 0 || seteuid(NOBODY) < 0)
		_exit(3);
	if (ioctl(sock, I_SENDFD, fd) < 0)
		_exit(4);
}

static void send_three_and_close(int sock, void *arg)
{
	(void)arg;
	for (int i = 0; i < 3; i++)
		if (ioctl(sock, I_SENDFD, STDIN_FILENO) < 0)
			_exit(4);
}

int main(void)
{
	int p[2], sock, before;
	struct strrecvfd got;
	struct strbuf dat;
	char buf[16];
	int flags = 0;
	pid_t pid;

	plan(14);
	before = open_fd_count();

	/* Effective IDs, not real ones. */
	if (geteuid() != 0) {
		ok(1, "# SKIP the effective-ID checks need root (to seteuid)");
		ok(1, "# SKIP the effective-ID checks need root (to seteuid)");
		ok(1, "# SKIP the effective-ID checks need root (to seteuid)");
	} else {
		pid = start_peer(&sock, send_as_nobody, NULL);
		ok(ioctl(sock, I_RECVFD, &got) == 0 && got.fd >= 0,
		   "I_RECVFD fills in the descriptor");
		is_int((long)got.uid, NOBODY,
		       "uid is the sender's effective uid (its real uid is 0)");
		is_int((long)got.gid, NOBODY,
		       "gid is the sender's effective gid (its real gid is 0)");
		close(got.fd);
		close(sock);
		finish_peer(pid);
	}

	if (s_pipe(p) < 0)
		err_sys("s_pipe");
	ok(ioctl(p[1], I_SENDFD, STDIN_FILENO) == 0 &&
	   ioctl(p[0], I_RECVFD, &got) == 0 && got.uid == geteuid() &&
	   got.gid == getegid(), "same user: uid and gid are ours");
	close(got.fd);

	/* Data at the head: EBADMSG, and the data stays. */
	if (write(p[1], "hello", 5) != 5)
		err_sys("write");
	errno = 0;
	ok(ioctl(p[0], I_RECVFD, &got) == -1 && errno == EBADMSG,
	   "data at the head: EBADMSG");
	dat.maxlen = sizeof buf;
	dat.buf = buf;
	ok(getmsg(p[0], NULL, &dat, &flags) == 0 && dat.len == 5 &&
	   memcmp(buf, "hello", 5) == 0, "and the data is still there");

	/* Non-blocking, nothing queued: EAGAIN. */
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	errno = 0;
	ok(ioctl(p[0], I_RECVFD, &got) == -1 && errno == EAGAIN,
	   "non-blocking and empty: EAGAIN");
	fcntl(p[0], F_SETFL, 0);

	/* Hangup with nothing queued: ENXIO. */
	close(p[1]);
	errno = 0;
	ok(ioctl(p[0], I_RECVFD, &got) == -1 && errno == ENXIO,
	   "hangup, nothing queued: ENXIO");
	close(p[0]);

	/* Sent before the sender went away: still received. */
	pid = start_peer(&sock, send_three_and_close, NULL);
	is_int(finish_peer(pid), 0, "the sender sent three and exited");
	for (int i = 0; i < 3; i++) {
		ok(ioctl(sock, I_RECVFD, &got) == 0,
		   "descriptor %d of 3 received after the sender closed", i + 1);
		close(got.fd);
	}
	errno = 0;
	ok(ioctl(sock, I_RECVFD, &got) == -1 && errno == ENXIO,
	   "then ENXIO");
	close(sock);
	is_int(open_fd_count(), before, "no descriptor left open");
	return done_testing();
}
