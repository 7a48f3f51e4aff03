/*
 * strm_write.c - write a short message to a stream, whole.
 *
 * On a stream a write(2) of a few bytes is one message and is never
 * split.  SIGPIPE is held off: over the emulation with send(MSG_NOSIGNAL);
 * on a real STREAMS pipe, where send(2) is ENOTSOCK, with write(2).
 */
#include "apue.h"
#include "strm.h"
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
