/*
 * attach_helper.c - the helper process of an attached name (fattach.c
 * starts it): it holds the attached stream and answers every connection
 * to the name until fdetach.  An opener gets the stream, or, with connld
 * pushed, its end of a new stream pipe whose other end goes up the
 * attached stream with the opener's effective IDs (SO_PEERCRED); a detach
 * request is granted to the file's owner and root; when it stops, the
 * helper puts an empty file with the original mode back.
 */
#include "emu.h"
#include "attach.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

enum { HELPER_LISTEN = 0, HELPER_STREAM = 1, HELPER_CONTROL = 2 };

/* Send the opener's end up the attached stream.  A full stream is
 * waited for, not a reason to fail the open: the emulation's choice, so
 * that a busy server delays its clients instead of refusing them (an
 * M_PASSFP is flow controlled: I_SENDFD to a full stream head is
 * EAGAIN).  The wait ends early, and the opener is refused, when
 * the attaching process speaks on the control socket (fdetach: it may be
 * the server itself, which then reads nothing until we stop) or the
 * stream is hung up. */
static int control_open = 1;    /* the helper's: HELPER_CONTROL not at EOF */

static int send_up(const struct wire_head *wh, int fd_to_send)
{
	struct pollfd p[2] = {
		{ .fd = HELPER_STREAM, .events = POLLOUT },
		{ .fd = HELPER_CONTROL, .events = POLLIN },
	};
	char c;

	for (;;) {
		if (wire_send(HELPER_STREAM, wh, NULL, 0, NULL, 0, fd_to_send,
			      1) == 0)
			return 0;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		p[1].fd = control_open ? HELPER_CONTROL : -1;
		while (poll(p, 2, -1) < 0)
			if (errno != EINTR)
				return -1;
		if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return -1;
		if (p[1].revents == 0)
			continue;
		/* A daemon closes every descriptor, the control socket too:
		 * end of file is no request to stop.  'd' is left for the
		 * main loop to read. */
		if (recv(HELPER_CONTROL, &c, 1, MSG_PEEK) == 1)
			return -1;
		control_open = 0;
	}
}

/* Answer one opener on conn: a descriptor, or hang up on failure.  With
 * connld, the opener's end is marked WIRE_CONNLD: the opener then waits
 * until the server has taken the other end (connld.c). */
static void answer_opener(int conn, int connld)
{
	struct wire_head wh = { .magic = WIRE_MAGIC, .kind = WIRE_PASSFP };
	struct ucred opener;
	socklen_t len = sizeof opener;
	int pipefd[2];

	if (!connld) {          /* every opener shares the attached stream */
		wh.cookie = wire_cookie();
		(void)wire_send(conn, &wh, NULL, 0, NULL, 0, HELPER_STREAM, 1);
		return;
	}
	if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &opener, &len) < 0 ||
	    stream_pipe(pipefd) < 0)
		return;
	wh.flags = WIRE_OPENER;
	wh.opener_uid = (uint32_t)opener.uid;   /* effective, at connect */
	wh.opener_gid = (uint32_t)opener.gid;
	wh.cookie = wire_cookie();
	/* The server's end is closed here before the opener has its own:
	 * what the opener passes in it (a lingering TCP socket) must never
	 * be closed last by us, blocking every opener behind it. */
	if (send_up(&wh, pipefd[0]) == 0) {
		close(pipefd[0]);
		wh.flags = WIRE_CONNLD;
		wh.cookie = wire_cookie();
		(void)wire_send(conn, &wh, NULL, 0, NULL, 0, pipefd[1], 1);
	} else {
		close(pipefd[0]);
	}
	close(pipefd[1]);
}

static int is_detach_request(const struct sockaddr_un *peer, socklen_t len)
{
	size_t n = sizeof DETACH_PREFIX - 1;

	return len >= offsetof(struct sockaddr_un, sun_path) + 1 + n &&
	       peer->sun_path[0] == '\0' &&
	       memcmp(peer->sun_path + 1, DETACH_PREFIX, n) == 0;
}

/* fdetach(3C): the owner of the file, or root, may detach. */
static int may_detach(int conn, uid_t owner)
{
	struct ucred who;
	socklen_t len = sizeof who;

	return getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &who, &len) == 0 &&
	       (who.uid == 0 || who.uid == owner);
}

/* One byte answers a detach request: 0, or the errno of the refusal. */
static void answer_detach(int conn, int error)
{
	unsigned char c = (unsigned char)error;

	(void)send(conn, &c, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* How a process that fattach forked ends: the intermediate child of the
 * double fork, and the helper.  Never the caller's process, which gets
 * -1 and errno from fattach.  _exit, not exit: the caller's atexit
 * handlers and unflushed stdio buffers, copied by fork, are the caller's
 * own and must not run or be written twice (t/unit/str_faults checks). */
_Noreturn void end_forked_child(int status)
{
	_exit(status);
}

/* The helper process fattach forks serves the name until fdetach.
 * owner: the file's owner, who may detach from any process (as may
 * root). */
static _Noreturn void helper(const char *path, mode_t mode, int connld,
			     const struct stat *bound, uid_t owner)
{
	struct pollfd p[3] = {
		{ .fd = HELPER_LISTEN, .events = POLLIN },
		{ .fd = HELPER_STREAM, .events = 0 },   /* POLLHUP only */
		{ .fd = HELPER_CONTROL, .events = POLLIN },
	};
	int fd, detacher = -1, asked = 0;

	signal(SIGPIPE, SIG_IGN);
	while (detacher < 0 && !asked) {
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;          /* the stream is gone: detach */
		if (p[2].revents) {
			char c = 0;

			if (read(HELPER_CONTROL, &c, 1) == 1 && c == 'd') {
				asked = 1;
				continue;
			}
			control_open = 0;       /* the attaching process is gone */
		}
		if (!control_open)
			p[2].fd = -1;
		if (p[0].revents & POLLIN) {
			struct sockaddr_un peer;
			socklen_t len = sizeof peer;

			fd = accept(HELPER_LISTEN, (struct sockaddr *)&peer,
				    &len);
			if (fd < 0)
				continue;
			if (!is_detach_request(&peer, len)) {
				answer_opener(fd, connld);
			} else if (may_detach(fd, owner)) {
				detacher = fd;  /* answered once detached */
				continue;
			} else {
				answer_detach(fd, EPERM);
			}
			close(fd);
		}
	}
	/* Put the file back, if the name is still ours. */
	{
		struct stat now;

		if (stat(path, &now) == 0 && now.st_ino == bound->st_ino &&
		    now.st_dev == bound->st_dev && unlink(path) == 0) {
			fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
			if (fd >= 0) {
				(void)fchmod(fd, mode);
				(void)fchown(fd, owner, (gid_t)-1);
				close(fd);
			}
		}
	}
	if (detacher >= 0)
		answer_detach(detacher, 0);
	if (asked)      /* the one who asked learns it was this request */
		(void)send(HELPER_CONTROL, "k", 1, MSG_NOSIGNAL);
	end_forked_child(0);
}

void report_to_fattach(int control, int kind, int value)
{
	struct helper_report r = { kind, value };

	(void)send(control, &r, sizeof r, MSG_NOSIGNAL);
}

/* Close every descriptor except the three in keep. */
static void close_all_but(const int keep[3])
{
	int sorted[3] = { keep[0], keep[1], keep[2] }, low = 0;

	for (int i = 0; i < 3; i++)
		for (int j = i + 1; j < 3; j++)
			if (sorted[j] < sorted[i]) {
				int t = sorted[i];

				sorted[i] = sorted[j];
				sorted[j] = t;
			}
	for (int i = 0; i < 3; i++) {
		for (int fd = low; fd < sorted[i]; fd++)
			close(fd);
		low = sorted[i] + 1;
	}
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	if (close_range((unsigned)low, ~0U, 0) == 0)
		return;
#endif
	for (long fd = low, max = sysconf(_SC_OPEN_MAX); fd < max && fd < 65536;
	     fd++)
		close((int)fd);
}

/* Move keep[0..2] to descriptors 0, 1 and 2, with only those three open:
 * a descriptor in the way is first moved to the lowest free one, so this
 * needs one spare descriptor at most.  -1 with errno (EMFILE) if even
 * that is not there; keep[] always says where each one is. */
static int move_to_low(int keep[3])
{
	for (int i = 0; i < 3; i++) {
		if (keep[i] == i)
			continue;
		for (int j = i + 1; j < 3; j++)
			if (keep[j] == i) {
				int moved = fcntl(i, F_DUPFD, 0);

				if (moved < 0)
					return -1;
				close(i);
				keep[j] = moved;
			}
		if (dup2(keep[i], i) < 0)
			return -1;
		close(keep[i]);
		keep[i] = i;
	}
	return 0;
}

/* In the grandchild (attach.h). */
_Noreturn void start_helper(int listener, int stream, int control,
			    const char *path, mode_t mode, int connld,
			    const struct stat *bound, uid_t owner)
{
	int keep[3] = { listener, stream, control };

	close_all_but(keep);
	if (move_to_low(keep) < 0) {
		report_to_fattach(keep[HELPER_CONTROL], 'r', errno);
		end_forked_child(1);
	}
	setsid();
	report_to_fattach(HELPER_CONTROL, 'r', 0);
	helper(path, mode, connld, bound, owner);
}
