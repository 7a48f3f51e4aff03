/*
 * fattach.c - fattach(3C), fdetach(3C) and the connld module, emulated;
 * and stream_open, the open(2) of an attached name.
 *
 * On SVR4, fattach mounts a stream over a file: open(2) of the name then
 * returns that stream, or, when connld was pushed on it, a new private
 * pipe whose other end arrives at the server as an M_PASSFP message with
 * the opener's effective IDs.  Linux cannot mount a socket over a file, so:
 *   - fattach replaces the (empty, regular) file with a listening AF_UNIX
 *     socket of the same mode (bound under a temporary name, then renamed
 *     over the file once its helper runs), and starts a small helper
 *     process that answers every connection while the stream is open;
 *   - open(2) of the name (wrapped in STREAMS builds, io_wrap.c) and
 *     stream_open connect there and receive the descriptor;
 *   - with connld pushed, the helper makes a new stream pipe per opener,
 *     sends one end up the attached stream with the opener's effective
 *     IDs (SO_PEERCRED), which I_RECVFD reports as the sender's, and
 *     passes the other end to the opener, whose open then waits until
 *     the server's I_RECVFD has taken the pipe (connld.c), and fails if
 *     the server goes away first;
 *   - fdetach stops the helper, which puts an empty file with the
 *     original mode back.  The process that attached (or a child that
 *     inherited the attachment) asks over a control socket; any other
 *     process connects to the name as a detach request, granted to the
 *     file's owner and root.  The helper also stops, and does the same,
 *     when the other end of the attached stream has been closed.
 * Every difference from the real calls is listed in apue/streams/README.md.
 */
#include "emu.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- I_PUSH: only connld is known ---- */

#define PUSHED_SLOTS 32

static struct pushed {
	int used, fd;
	dev_t dev;
	ino_t ino;
} pushed[PUSHED_SLOTS];
static atomic_flag pushed_lock = ATOMIC_FLAG_INIT;

static void lock(atomic_flag *f)
{
	while (atomic_flag_test_and_set_explicit(f, memory_order_acquire))
		;
}

static void unlock(atomic_flag *f)
{
	atomic_flag_clear_explicit(f, memory_order_release);
}

int push_module(int fd, const char *name)
{
	struct stat sb;
	int r = stream_probe(fd);
	struct pushed *free_slot = NULL;

	if (r < 0)
		return -1;
	if (r == 0) {
		errno = ENOTTY;
		return -1;
	}
	if (name == NULL || strcmp(name, "connld") != 0) {
		errno = EINVAL;         /* no such module here */
		return -1;
	}
	if (fstat(fd, &sb) < 0)
		return -1;
	lock(&pushed_lock);
	for (size_t i = 0; i < PUSHED_SLOTS; i++) {
		if (pushed[i].used && pushed[i].fd == fd)
			pushed[i].used = 0;     /* stale: the number was reused */
		if (!pushed[i].used && free_slot == NULL)
			free_slot = &pushed[i];
	}
	if (free_slot != NULL)
		*free_slot = (struct pushed){ 1, fd, sb.st_dev, sb.st_ino };
	unlock(&pushed_lock);
	if (free_slot == NULL) {
		errno = ENOSR;
		return -1;
	}
	return 0;
}

int pushed_connld(int fd)
{
	struct stat sb;
	int found = 0;

	if (fstat(fd, &sb) < 0)
		return 0;
	lock(&pushed_lock);
	for (size_t i = 0; i < PUSHED_SLOTS; i++)
		if (pushed[i].used && pushed[i].fd == fd &&
		    pushed[i].dev == sb.st_dev && pushed[i].ino == sb.st_ino)
			found = 1;
	unlock(&pushed_lock);
	return found;
}

/* ---- the helper process ---- */

struct attachment {
	int used;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int control;            /* to the helper: 'd' asks it to detach */
};

#define ATTACH_SLOTS 16
static struct attachment attached[ATTACH_SLOTS];
static atomic_flag attached_lock = ATOMIC_FLAG_INIT;

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

/* fdetach from a process other than the one that attached connects with
 * its socket bound to an abstract name that starts with this, so the
 * helper tells it from an opener before a byte is read. */
static const char detach_prefix[] = "apue-streams-fdetach.";

static int is_detach_request(const struct sockaddr_un *peer, socklen_t len)
{
	size_t n = sizeof detach_prefix - 1;

	return len >= offsetof(struct sockaddr_un, sun_path) + 1 + n &&
	       peer->sun_path[0] == '\0' &&
	       memcmp(peer->sun_path + 1, detach_prefix, n) == 0;
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
static _Noreturn void end_forked_child(int status)
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

/* What the helper tells fattach over the control socket before fattach
 * returns: its pid (from the intermediate child, so that fattach can
 * stop a helper that never answers), then whether it is ready (0) or the
 * errno of the step that failed.  Each is one send of 8 bytes, which a
 * UNIX stream socket queues whole (two writers never interleave within
 * one), and fattach reads 8 bytes at a time with MSG_WAITALL, in
 * whatever order the two come.  (Not SOCK_SEQPACKET: the emulation would
 * take the control socket for a stream.) */
struct helper_report {
	int kind;               /* 'p': value is the pid; 'r': ready or errno;
				 * an int, so the record has no padding */
	int value;
};

static void report(int control, int kind, int value)
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

/* In the grandchild: keep listener, stream and control as 0, 1 and 2,
 * close everything else, leave the caller's session, and tell fattach
 * that the helper is ready, or why not. */
static _Noreturn void start_helper(int listener, int stream, int control,
				   const char *path, mode_t mode, int connld,
				   const struct stat *bound, uid_t owner)
{
	int keep[3] = { listener, stream, control };

	close_all_but(keep);
	if (move_to_low(keep) < 0) {
		report(keep[HELPER_CONTROL], 'r', errno);
		end_forked_child(1);
	}
	setsid();
	report(HELPER_CONTROL, 'r', 0);
	helper(path, mode, connld, bound, owner);
}

/* The socket is bound under a temporary name next to path and renamed
 * over it only when everything is in place, so whoever sees the name can
 * connect, and the file is never missing. */
static int temp_name(char *buf, size_t size, const char *path)
{
	int n = snprintf(buf, size, "%s.%ld.fattach", path, (long)getpid());

	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int attach(int fd, const char *path, mode_t mode, uid_t owner,
		  int take_fd);

/* How long fattach waits for its helper to say it is ready. */
#define HELPER_READY_MS 10000

/* Read one report into r; 1, or 0 at end of file (the helper is gone),
 * or -1 with errno (ETIMEDOUT once the deadline has passed). */
static int next_report(int control, const struct timespec *deadline,
		       struct helper_report *r)
{
	struct pollfd p = { .fd = control, .events = POLLIN };
	struct timespec now;
	ssize_t n;
	long ms;
	int ready;

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (deadline->tv_sec - now.tv_sec) * 1000L +
		     (deadline->tv_nsec - now.tv_nsec) / 1000000L;
		ready = poll(&p, 1, ms < 0 ? 0 : (int)ms);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0)
			return -1;
		if (ready == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		n = recv(control, r, sizeof *r, MSG_WAITALL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (n == (ssize_t)sizeof *r)
			return 1;
	}
}

/* Wait (at most HELPER_READY_MS) until the helper has said that it is
 * ready and the intermediate child has given its pid.  A helper that
 * could not set itself up has said why and exits: wait until it has
 * closed the control socket, so that it is gone when fattach returns;
 * one that never answers is killed (it still holds the control socket,
 * so the pid is still its own).  -1 with the helper's errno. */
static int await_helper(int control)
{
	struct helper_report r;
	struct timespec deadline;
	pid_t helper_pid = -1;
	int error = -1, got, why;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += HELPER_READY_MS / 1000;
	while ((got = next_report(control, &deadline, &r)) == 1) {
		if (r.kind == 'p')
			helper_pid = (pid_t)r.value;
		else if (r.kind == 'r')
			error = r.value;
		if (error == 0 && helper_pid > 0)
			return 0;
		if (error > 0)
			break;
	}
	why = got == 0 ? EAGAIN : got < 0 ? errno : error;
	/* the helper is not serving: see it gone */
	while (got == 1)
		got = next_report(control, &deadline, &r);
	if (got < 0 && helper_pid > 0)
		kill(helper_pid, SIGKILL);
	errno = why;
	return -1;
}

/* What fattach and stream_fattach_create both check first. */
static int check_attach_args(int fd, const char *path)
{
	char tmp[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int r;

	if ((r = stream_probe(fd)) <= 0) {
		if (r == 0)
			errno = EINVAL;
		return -1;
	}
	if (path == NULL) {
		errno = EFAULT;
		return -1;
	}
	if (strlen(path) >= sizeof attached[0].path ||
	    temp_name(tmp, sizeof tmp, path) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int fattach(int fd, const char *path)
{
	struct stat sb;

	if (check_attach_args(fd, path) < 0)
		return -1;
	if (stat(path, &sb) < 0)
		return -1;
	if (sb.st_uid != geteuid() && geteuid() != 0) {
		errno = EPERM;
		return -1;
	}
	if (S_ISSOCK(sb.st_mode)) {
		errno = EBUSY;          /* attached already */
		return -1;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size != 0) {
		errno = EINVAL;         /* only empty files: apue/streams/README.md */
		return -1;
	}
	return attach(fd, path, sb.st_mode & 07777, sb.st_uid, 0);
}

int stream_fattach_create(int fd, const char *path, mode_t mode)
{
	mode_t mask = umask(0);
	int error;

	umask(mask);
	if (check_attach_args(fd, path) < 0 || access(path, F_OK) == 0) {
		error = errno;
		if (access(path, F_OK) == 0)
			error = EEXIST;
		close(fd);
		errno = error;
		return -1;
	}
	return attach(fd, path, mode & ~mask & 07777, geteuid(), 1);
}

/* Bind, start the helper, rename the socket over path.  With take_fd,
 * fd is closed in every case, before the name appears on success. */
static int attach(int fd, const char *path, mode_t mode, uid_t owner,
		  int take_fd)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct stat bound;
	struct attachment *slot = NULL;
	int listener = -1, control[2] = { -1, -1 }, error, status;
	int bound_here = 0;
	pid_t pid;
	char c = 'd';

	if (temp_name(addr.sun_path, sizeof addr.sun_path, path) < 0) {
		if (take_fd)
			close(fd);
		return -1;
	}

	lock(&attached_lock);
	for (size_t i = 0; i < ATTACH_SLOTS && slot == NULL; i++)
		if (!attached[i].used)
			slot = &attached[i];
	if (slot != NULL)
		slot->used = 1;
	unlock(&attached_lock);
	if (slot == NULL) {
		if (take_fd)
			close(fd);
		errno = ENOSR;
		return -1;
	}

	if ((listener = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, control) < 0)
		goto failed;
	unlink(addr.sun_path);          /* left over by a crash */
	if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0)
		goto failed;
	bound_here = 1;
	if (chmod(addr.sun_path, mode) < 0 || listen(listener, SOMAXCONN) < 0 ||
	    stat(addr.sun_path, &bound) < 0)
		goto failed;
	/* Double fork: the helper is nobody's child here, so the caller's
	 * wait() never meets it. */
	if ((pid = fork()) < 0)
		goto failed;
	if (pid == 0) {
		pid_t helper_pid = fork();

		if (helper_pid == 0)
			start_helper(listener, fd, control[1], path, mode,
				     pushed_connld(fd), &bound, owner);
		if (helper_pid < 0)
			end_forked_child(errno);        /* why there is none */
		report(control[1], 'p', (int)helper_pid);
		end_forked_child(0);
	}
	status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		errno = WEXITSTATUS(status);
		goto failed;
	}
	close(listener);
	listener = -1;
	close(control[1]);
	control[1] = -1;
	if (await_helper(control[0]) < 0)
		goto failed;
	if (take_fd) {
		close(fd);              /* the helper holds the stream now */
		take_fd = 0;
	}
	if (rename(addr.sun_path, path) < 0) {
		error = errno;
		/* Stop the helper; the name it guards never became its own. */
		if (write(control[0], &c, 1) == 1)
			while (read(control[0], &c, 1) < 0 && errno == EINTR)
				;
		errno = error;
		goto failed;
	}
	strcpy(slot->path, path);
	slot->control = control[0];
	return 0;

failed:
	error = errno;
	if (take_fd)
		close(fd);
	if (bound_here)
		unlink(addr.sun_path);
	if (listener >= 0)
		close(listener);
	if (control[0] >= 0)
		close(control[0]);
	if (control[1] >= 0)
		close(control[1]);
	slot->used = 0;
	errno = error;
	return -1;
}

/* Ask the helper through the control socket of this process's own
 * attachment (or one inherited over fork).  0 when it detached for this
 * request (it answers 'k' once the file is back); -1 when it had stopped
 * for another reason, or gone (then the name is looked at, as by
 * anyone). */
static int detach_own(struct attachment *slot)
{
	char c = 'd';
	ssize_t n;
	int r = -1;

	if (send(slot->control, &c, 1, MSG_NOSIGNAL) == 1) {
		do
			n = read(slot->control, &c, 1);
		while (n < 0 && errno == EINTR);
		if (n == 1 && c == 'k')
			r = 0;
	}
	close(slot->control);
	slot->used = 0;
	return r;
}

/* A socket bound to a fresh abstract name that marks a detach request. */
static int detach_socket(void)
{
	static atomic_uint count;
	struct sockaddr_un me = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	if (s < 0)
		return -1;
	for (int tries = 0; tries < 100; tries++) {
		int n = snprintf(me.sun_path + 1, sizeof me.sun_path - 1,
				 "%s%ld.%u", detach_prefix, (long)getpid(),
				 atomic_fetch_add(&count, 1));
		socklen_t len = (socklen_t)(offsetof(struct sockaddr_un,
						     sun_path) + 1 + (size_t)n);

		if (bind(s, (struct sockaddr *)&me, len) == 0)
			return s;
		if (errno != EADDRINUSE)
			break;
	}
	close(s);
	return -1;
}

/* Any process: ask the helper that serves path.  It checks that we own
 * the file or are root, and answers once the file is back. */
static int detach_by_name(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct stat sb;
	unsigned char answer;
	ssize_t n;
	int s, error;

	if (stat(path, &sb) < 0)
		return -1;
	if (!S_ISSOCK(sb.st_mode)) {
		errno = EINVAL;         /* not attached */
		return -1;
	}
	if (strlen(path) >= sizeof addr.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(addr.sun_path, path);
	if ((s = detach_socket()) < 0)
		return -1;
	if (connect(s, (struct sockaddr *)&addr, sizeof addr) < 0) {
		error = errno;
		close(s);
		/* Nobody serves it: no attachment (a stale socket).  No
		 * write permission on it: not the owner (who may detach
		 * whatever the mode, as root may), so EPERM as fdetach(3C). */
		errno = error == ECONNREFUSED || error == EPROTOTYPE ? EINVAL :
			error == EACCES && sb.st_uid != geteuid() ? EPERM : error;
		return -1;
	}
	do
		n = recv(s, &answer, 1, 0);
	while (n < 0 && errno == EINTR);
	error = errno;
	close(s);
	if (n < 0) {
		errno = error;
		return -1;
	}
	if (n == 0 || answer != 0) {
		errno = n == 0 ? EINVAL : answer;
		return -1;
	}
	return 0;
}

int fdetach(const char *path)
{
	struct attachment *slot = NULL;

	if (path == NULL) {
		errno = EFAULT;
		return -1;
	}
	lock(&attached_lock);
	for (size_t i = 0; i < ATTACH_SLOTS && slot == NULL; i++)
		if (attached[i].used && strcmp(attached[i].path, path) == 0)
			slot = &attached[i];
	unlock(&attached_lock);
	if (slot != NULL && detach_own(slot) == 0)
		return 0;
	return detach_by_name(path);
}

/* Connect to the socket that stands for an attached name; dirfd as for
 * openat.  A name that does not fit a socket address, or is relative to
 * a directory descriptor, is reached through /proc/self/fd. */
static int connect_attached(int dirfd, const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int conn, error, byfd = -1;

	if ((dirfd == AT_FDCWD || path[0] == '/') &&
	    strlen(path) < sizeof addr.sun_path) {
		strcpy(addr.sun_path, path);
	} else {
		if ((byfd = openat(dirfd, path, O_PATH | O_CLOEXEC)) < 0)
			return -1;
		snprintf(addr.sun_path, sizeof addr.sun_path,
			 "/proc/self/fd/%d", byfd);
	}
	if ((conn = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0 ||
	    stream_make_head(conn) < 0 ||
	    connect(conn, (struct sockaddr *)&addr, sizeof addr) < 0) {
		error = errno;
		if (conn >= 0)
			close(conn);
		conn = -1;
		/* A name nobody answers: not a stream any more. */
		errno = error == ECONNREFUSED || error == ENOTSOCK ||
			error == EPROTOTYPE ? ENXIO : error;
	}
	if (byfd >= 0) {
		error = errno;
		close(byfd);
		errno = error;
	}
	return conn;
}

/* Take the helper's answer: one M_PASSFP record, whose descriptor is the
 * stream (or, with connld, the opener's end of a new pipe). */
static int take_answer(int conn, struct wire_head *wh)
{
	struct head_msg h;
	int fd;

	if (head_peek(conn, &h, 0) < 0)
		return -1;
	head_release(&h);
	if (h.kind != HEAD_PASSFP) {
		errno = EAGAIN;         /* the helper hung up: it is stopping */
		return -1;
	}
	if (head_consume(conn, &fd, NULL, wh) < 0)
		return -1;
	if (fd < 0) {
		errno = EMFILE;         /* the kernel could not install it */
		return -1;
	}
	return fd;
}

int stream_openat(int dirfd, const char *path, int oflag)
{
	struct wire_head wh;
	int conn, fd, error;

	if (path == NULL) {
		errno = EFAULT;
		return -1;
	}
	if ((conn = connect_attached(dirfd, path)) < 0)
		return -1;
	fd = take_answer(conn, &wh);
	error = errno;
	close(conn);
	if (fd < 0) {
		errno = error;
		return -1;
	}
	if (((wh.flags & WIRE_CONNLD) && connld_await(fd) < 0) ||
	    ((oflag & O_NONBLOCK) && fcntl(fd, F_SETFL, O_NONBLOCK) < 0) ||
	    ((oflag & O_CLOEXEC) && fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)) {
		error = errno;
		close(fd);
		errno = error;
		return -1;
	}
	return fd;
}

int stream_open(const char *path, int oflag)
{
	return stream_openat(AT_FDCWD, path, oflag);
}
