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
 *   - stream_open connects there and receives the descriptor;
 *   - with connld pushed, the helper makes a new stream pipe per opener,
 *     passes one end to the opener and sends the other up the attached
 *     stream with the opener's effective IDs (SO_PEERCRED), which
 *     I_RECVFD reports as the sender's;
 *   - fdetach (from the process that attached) stops the helper, which
 *     puts an empty file with the original mode back.  The helper also
 *     stops, and does the same, when the other end of the attached stream
 *     has been closed.
 * Every difference from the real calls is listed in NOTES.md, "STREAMS".
 */
#include "emu.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
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
	int r = isastream(fd);
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

/* Answer one opener on conn: a descriptor, or hang up on failure. */
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
	if (send_up(&wh, pipefd[0]) == 0) {
		wh.flags = 0;
		wh.cookie = wire_cookie();
		(void)wire_send(conn, &wh, NULL, 0, NULL, 0, pipefd[1], 1);
	}
	close(pipefd[0]);
	close(pipefd[1]);
}

/* The helper process fattach forks serves the name until fdetach; it and
 * the intermediate child end with _exit.  They are the library's own
 * children: the caller's process never exits here. */
static _Noreturn void helper(const char *path, mode_t mode, int connld,
			     const struct stat *bound)
{
	struct pollfd p[3] = {
		{ .fd = HELPER_LISTEN, .events = POLLIN },
		{ .fd = HELPER_STREAM, .events = 0 },   /* POLLHUP only */
		{ .fd = HELPER_CONTROL, .events = POLLIN },
	};
	int fd;

	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents & (POLLHUP | POLLERR | POLLNVAL))
			break;          /* the stream is gone: detach */
		if (p[2].revents) {
			char c = 0;

			if (read(HELPER_CONTROL, &c, 1) == 1 && c == 'd')
				break;
			control_open = 0;       /* the attaching process is gone */
		}
		if (!control_open)
			p[2].fd = -1;
		if (p[0].revents & POLLIN) {
			fd = accept(HELPER_LISTEN, NULL, NULL);
			if (fd >= 0) {
				answer_opener(fd, connld);
				close(fd);
			}
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
				close(fd);
			}
		}
	}
	_exit(0);
}

/* Close every descriptor from 3 up. */
static void close_others(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	if (close_range(3, ~0U, 0) == 0)
		return;
#endif
	for (long fd = 3, max = sysconf(_SC_OPEN_MAX); fd < max && fd < 65536;
	     fd++)
		close((int)fd);
}

/* In the grandchild: keep listener, stream and control as 0, 1 and 2,
 * close everything else, leave the caller's session. */
static _Noreturn void start_helper(int listener, int stream, int control,
				   const char *path, mode_t mode, int connld,
				   const struct stat *bound)
{
	int keep[3] = { listener, stream, control };
	int high[3];

	for (int i = 0; i < 3; i++)
		if ((high[i] = fcntl(keep[i], F_DUPFD, 64)) < 0)
			_exit(1);
	for (int i = 0; i < 3; i++)
		if (dup2(high[i], i) < 0)
			_exit(1);
	close_others();
	setsid();
	helper(path, mode, connld, bound);
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

static int attach(int fd, const char *path, mode_t mode, int take_fd);

/* What fattach and stream_fattach_create both check first. */
static int check_attach_args(int fd, const char *path)
{
	char tmp[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int r;

	if ((r = isastream(fd)) <= 0) {
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
		errno = EINVAL;         /* see NOTES.md: only empty files */
		return -1;
	}
	return attach(fd, path, sb.st_mode & 07777, 0);
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
	return attach(fd, path, mode & ~mask & 07777, 1);
}

/* Bind, start the helper, rename the socket over path.  With take_fd,
 * fd is closed in every case, before the name appears on success. */
static int attach(int fd, const char *path, mode_t mode, int take_fd)
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
		if (fork() == 0)
			start_helper(listener, fd, control[1], path, mode,
				     pushed_connld(fd), &bound);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	close(listener);
	listener = -1;
	close(control[1]);
	control[1] = -1;
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

int fdetach(const char *path)
{
	struct attachment *slot = NULL;
	char c = 'd';

	if (path == NULL) {
		errno = EFAULT;
		return -1;
	}
	lock(&attached_lock);
	for (size_t i = 0; i < ATTACH_SLOTS && slot == NULL; i++)
		if (attached[i].used && strcmp(attached[i].path, path) == 0)
			slot = &attached[i];
	unlock(&attached_lock);
	if (slot == NULL) {
		errno = EINVAL;         /* not attached by this process */
		return -1;
	}
	/* Ask the helper to go, and wait until it has: it closes its end of
	 * the control socket when it exits, after restoring the file. */
	if (write(slot->control, &c, 1) == 1)
		while (read(slot->control, &c, 1) != 0 && errno == EINTR)
			;
	close(slot->control);
	slot->used = 0;
	return 0;
}

int stream_open(const char *path, int oflag)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct strrecvfd got;
	int conn, r, error;

	if (path == NULL) {
		errno = EFAULT;
		return -1;
	}
	if (strlen(path) >= sizeof addr.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(addr.sun_path, path);
	if ((conn = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (stream_make_head(conn) < 0 ||
	    connect(conn, (struct sockaddr *)&addr, sizeof addr) < 0) {
		error = errno;
		close(conn);
		/* A name nobody answers: not a stream any more. */
		errno = error == ECONNREFUSED || error == ENOTSOCK ? ENXIO : error;
		return -1;
	}
	r = stream_ioctl(conn, I_RECVFD, &got);
	error = errno;
	close(conn);
	if (r < 0) {
		errno = error == ENXIO ? EAGAIN : error;
		return -1;
	}
	if (((oflag & O_NONBLOCK) && fcntl(got.fd, F_SETFL, O_NONBLOCK) < 0) ||
	    ((oflag & O_CLOEXEC) && fcntl(got.fd, F_SETFD, FD_CLOEXEC) < 0)) {
		error = errno;
		close(got.fd);
		errno = error;
		return -1;
	}
	return got.fd;
}
