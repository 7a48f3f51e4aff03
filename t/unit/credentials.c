/*
 * credentials.c - send_ufd/recv_ufd carry the sender's effective user ID
 * with the descriptor, and recv_fd copes with credentials that arrive
 * before the descriptors (a socket with SO_PASSCRED set).  Linux:
 * SCM_CREDENTIALS and SO_PASSCRED need _GNU_SOURCE.
 */
#define _GNU_SOURCE             /* struct ucred, SO_PASSCRED (Linux) */
#include "tap.h"
#include "peer.h"
#include <sys/socket.h>
#include <poll.h>

#if defined(SCM_CREDENTIALS) && !defined(APUE_NO_CREDS)

static void wait_ack(int sock)
{
	char ack;

	if (read(sock, &ack, 1) < 0)
		_exit(3);
}

static void send_with_creds(int sock, void *arg)
{
	int fd = open("/dev/null", O_RDONLY);

	(void)arg;
	if (fd < 0 || send_ufd(sock, fd) < 0)
		_exit(4);
	wait_ack(sock);
}

static void send_plain(int sock, void *arg)
{
	int fd = open("/dev/null", O_RDONLY);

	(void)arg;
	if (fd < 0 || send_fd(sock, fd) < 0)
		_exit(4);
	wait_ack(sock);
}

/* Drop to an unprivileged uid (root only), then send with credentials. */
static void send_as_nobody(int sock, void *arg)
{
	(void)arg;
	if (setgid(65534) < 0 || setuid(65534) < 0)
		_exit(5);
	send_with_creds(sock, NULL);
}

static void send_error_status(int sock, void *arg)
{
	(void)arg;
	if (send_ufd(sock, -7) < 0)
		_exit(4);
	wait_ack(sock);
}

/* Status 0 with credentials but no descriptor. */
static void send_creds_only(int sock, void *arg)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(struct ucred))];
	} control;
	struct ucred creds = { getpid(), geteuid(), getegid() };
	char bytes[2] = { 0, 0 };
	struct iovec iov = { bytes, 2 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	(void)arg;
	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_CREDENTIALS;
	cmsg->cmsg_len = CMSG_LEN(sizeof creds);
	memcpy(CMSG_DATA(cmsg), &creds, sizeof creds);
	if (sendmsg(sock, &msg, 0) != 2)
		_exit(4);
	wait_ack(sock);
}

static int passcred(int sock)
{
	const int on = 1;

	return setsockopt(sock, SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
}

static void say_nothing(int sock, void *arg)
{
	(void)sock;
	(void)arg;
}

/* Like start_peer, but our end has SO_PASSCRED before the peer runs. */
static pid_t start_peer_passcred(int *ours, void (*fn)(int, void *))
{
	int sock[2];
	pid_t pid;

	if (fd_pipe(sock) < 0 || passcred(sock[0]) < 0)
		err_sys("fd_pipe/SO_PASSCRED");
	fflush(stdout);
	if ((pid = fork()) < 0)
		err_sys("fork");
	if (pid == 0) {
		close(sock[0]);
		fn(sock[1], NULL);
		_exit(0);
	}
	close(sock[1]);
	*ours = sock[0];
	return pid;
}

static void wait_readable(int sock)
{
	struct pollfd p = { .fd = sock, .events = POLLIN };

	while (poll(&p, 1, -1) < 0)
		if (errno != EINTR)
			err_sys("poll");
}

int main(void)
{
	int sock, fd, before;
	uid_t uid;
	pid_t pid;

	plan(19);

	before = open_fd_count();
	pid = start_peer(&sock, send_with_creds, NULL);
	uid = (uid_t)-1;
	fd = recv_ufd(sock, &uid, NULL);
	ok(fd >= 0, "recv_ufd returns the descriptor from send_ufd");
	is_int((long)uid, (long)geteuid(), "and the sender's effective uid");
	close(fd);
	(void)writen(sock, "k", 1);
	finish_peer(pid);
	close(sock);
	is_int(open_fd_count(), before, "nothing left open");

	/* A plain send_fd to a socket that already has SO_PASSCRED: Linux
	 * attaches the sender's credentials itself. */
	pid = start_peer_passcred(&sock, send_plain);
	uid = (uid_t)-1;
	fd = recv_ufd(sock, &uid, NULL);
	ok(fd >= 0 && uid == getuid(),
	   "recv_ufd after a plain send_fd to a SO_PASSCRED socket: the real uid");
	close(fd);
	(void)writen(sock, "k", 1);
	finish_peer(pid);
	close(sock);

	/* A plain send_fd made before SO_PASSCRED was set: no credentials were
	 * recorded, and recv_ufd must not make a uid up. */
	before = open_fd_count();
	pid = start_peer(&sock, send_plain, NULL);
	wait_readable(sock);
	capture_stderr();
	fd = recv_ufd(sock, &uid, NULL);
	is_int(fd, -1, "recv_ufd after a plain send_fd sent before SO_PASSCRED: -1");
	is_str(captured_stderr(), "recv_ufd: malformed reply: descriptor without "
	       "the sender's credentials\n", "with a clear message");
	(void)writen(sock, "k", 1);
	finish_peer(pid);
	close(sock);
	is_int(open_fd_count(), before, "and the descriptor closed");

	/* End of file on a SO_PASSCRED socket still carries credentials on
	 * Linux: recv_ufd must see the end, not spin. */
	pid = start_peer(&sock, say_nothing, NULL);
	capture_stderr();
	fd = recv_ufd(sock, &uid, NULL);
	ok(fd == -1 && errno == ECONNRESET, "recv_ufd when the peer closes: ECONNRESET");
	is_str(captured_stderr(), "recv_ufd: connection closed by peer\n",
	       "with a clear message");
	finish_peer(pid);
	close(sock);

	if (geteuid() == 0) {
		pid = start_peer(&sock, send_as_nobody, NULL);
		uid = 0;
		fd = recv_ufd(sock, &uid, NULL);
		ok(fd >= 0, "a sender that dropped to uid 65534 still sends");
		is_int((long)uid, 65534, "and recv_ufd reports uid 65534");
		close(fd);
		(void)writen(sock, "k", 1);
		is_int(finish_peer(pid), 0, "the unprivileged sender exited cleanly");
		close(sock);
	} else {
		skip(3, "not root: cannot switch to uid 65534");
	}

	pid = start_peer(&sock, send_error_status, NULL);
	uid = 4242;
	errno = -1;
	fd = recv_ufd(sock, &uid, NULL);
	ok(fd == -7 && errno == 0, "recv_ufd passes the sender's status 7 on");
	is_int((long)uid, 4242, "and leaves *uidptr alone");
	(void)writen(sock, "k", 1);
	finish_peer(pid);
	close(sock);

	/* The credentials message arrives before SCM_RIGHTS: recv_fd skips it. */
	before = open_fd_count();
	pid = start_peer(&sock, send_with_creds, NULL);
	ok(passcred(sock) == 0, "SO_PASSCRED set on the receiving socket");
	fd = recv_fd(sock, NULL);
	ok(fd >= 0, "recv_fd takes the descriptor behind a credentials message");
	close(fd);
	(void)writen(sock, "k", 1);
	finish_peer(pid);
	close(sock);
	is_int(open_fd_count(), before, "nothing left open");

	pid = start_peer(&sock, send_creds_only, NULL);
	capture_stderr();
	fd = recv_ufd(sock, &uid, NULL);
	is_int(fd, -1, "credentials but no descriptor with status 0: -1");
	is_str(captured_stderr(),
	       "recv_ufd: malformed reply: status 0 but no descriptor\n",
	       "with a clear message");
	(void)writen(sock, "k", 1);
	finish_peer(pid);
	close(sock);
	return done_testing();
}

#elif defined(APUE_NO_CREDS)

int main(void)
{
	skip_all("credentials are left out of this build (HAVE_CREDS=no)");
}

#else /* no SCM_CREDENTIALS */

int main(void)
{
	skip_all("no SCM_CREDENTIALS on this system");
}

#endif
