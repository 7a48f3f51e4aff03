/*
 * stream_open.c - stream_open and stream_openat: open(2) of a name that
 * fattach covers (STREAMS builds reach them through their open(2) wraps,
 * io_wrap.c).  The name is a socket whose helper (attach_helper.c)
 * answers a connection with the stream, or, with connld pushed, with the
 * opener's end of a new pipe; then the open waits until the server has
 * taken the other end (connld.c).
 */
#include "emu.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

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
