/*
 * strm_write.c - send_fd's two steps made safe (strm.h): strm_write
 * writes a short message whole, strm_sendfd does I_SENDFD, waiting for
 * room on a blocking stream, and strm_room_nonblock keeps an O_NONBLOCK
 * send_fd from sending its status byte to a full stream.
 *
 * On a stream a write(2) of a few bytes is one message and is never
 * split.  SIGPIPE is held off: over the emulation with send(MSG_NOSIGNAL);
 * on a real STREAMS pipe, where send(2) is ENOTSOCK, with write(2).
 * Only the SVR4 interface and poll(2) are used.
 */
#include "apue.h"
#include "strm.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>

int strm_write(int fd, const void *buf, size_t n)
{
	ssize_t put;

#ifdef MSG_NOSIGNAL
	do
		put = send(fd, buf, n, MSG_NOSIGNAL);
	while (put < 0 && errno == EINTR);
	if (put < 0 && errno == ENOTSOCK)
		put = writen(fd, buf, n);
#else
	put = writen(fd, buf, n);
#endif
	if (put < 0)
		return -1;
	if ((size_t)put != n) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/* Is fd O_NONBLOCK?  1, 0, or -1 with errno. */
static int nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : (fl & O_NONBLOCK) != 0;
}

/* Wait until a write to fd would not block.  0 or -1 with errno. */
static int wait_for_room(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	while (poll(&p, 1, -1) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

int strm_sendfd(int fd, int fd_to_send)
{
	int nb;

	for (;;) {
		if (ioctl(fd, I_SENDFD, fd_to_send) == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -1;
		if ((nb = nonblocking(fd)) != 0) {
			if (nb > 0)
				errno = EAGAIN;
			return -1;
		}
		if (wait_for_room(fd) < 0)      /* the stream head is full */
			return -1;
	}
}

int strm_room_nonblock(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	int nb = nonblocking(fd), r;

	if (nb <= 0)
		return nb;
	while ((r = poll(&p, 1, 0)) < 0)
		if (errno != EINTR)
			return -1;
	if (r == 0 || (p.revents & POLLOUT) == 0) {
		errno = EAGAIN;
		return -1;
	}
	return 0;
}
