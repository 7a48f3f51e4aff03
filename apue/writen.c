/*
 * writen.c - write all n bytes (book: Figure 14.24).
 * Difference: EINTR is retried; a failure returns -1 even after a partial
 * write, since the caller cannot resume a half-sent protocol message.
 */
#include "apue.h"

ssize_t writen(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t left = n;

	while (left > 0) {
		ssize_t put = write(fd, p, left);

		if (put < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		left -= (size_t)put;
		p += put;
	}
	return (ssize_t)n;
}
