/*
 * fattach.c - fattach(3C) and fdetach(3C), emulated, and
 * stream_fattach_create.
 *
 * On SVR4, fattach mounts a stream over a file: open(2) of the name then
 * returns that stream, or, when connld was pushed on it, a new private
 * pipe whose other end arrives at the server as an M_PASSFP message with
 * the opener's effective IDs.  Linux cannot mount a socket over a file, so:
 *   - fattach replaces the (empty, regular) file with a listening AF_UNIX
 *     socket of the same mode (bound under a temporary name, then renamed
 *     over the file once its helper runs), and starts a small helper
 *     process (attach_helper.c) that answers every connection while the
 *     stream is open;
 *   - open(2) of the name (wrapped in STREAMS builds, io_wrap.c) and
 *     stream_open connect there and receive the descriptor
 *     (stream_open.c);
 *   - fdetach stops the helper, which puts an empty file with the
 *     original mode back.  The process that attached (or a child that
 *     inherited the attachment) asks over a control socket, kept in the
 *     table of attachments below; any other process connects to the name
 *     as a detach request, granted to the file's owner and root.  The
 *     helper also stops, and does the same, when the other end of the
 *     attached stream has been closed.
 * Every difference from the real calls is listed in
 * apue/streams_emu/README.md.
 */
#include "emu.h"
#include "attach.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void lock(atomic_flag *f)
{
	while (atomic_flag_test_and_set_explicit(f, memory_order_acquire))
		;
}

static void unlock(atomic_flag *f)
{
	atomic_flag_clear_explicit(f, memory_order_release);
}

/* The names this process attached (or inherited over fork): fdetach
 * asks their helpers over the control socket. */
struct attachment {
	int used;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int control;            /* to the helper: 'd' asks it to detach */
};

#define ATTACH_SLOTS 16
static struct attachment attached[ATTACH_SLOTS];
static atomic_flag attached_lock = ATOMIC_FLAG_INIT;

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
		errno = EINVAL;         /* only empty files: apue/streams_emu/README.md */
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
		report_to_fattach(control[1], 'p', (int)helper_pid);
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
				 "%s%ld.%u", DETACH_PREFIX, (long)getpid(),
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
