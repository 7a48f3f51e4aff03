/*
 * readn.c - read exactly n bytes unless EOF comes first (book: Figure 14.24).
 * Difference: EINTR is retried rather than returned.
 */
#include "apue.h"

ssize_t readn(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t left = n;

	while (left > 0) {
		ssize_t got = read(fd, p, left);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			if (left == n)
				return -1;      /* error, nothing read */
			break;                  /* error, return what we have */
		}
		if (got == 0)
			break;                  /* EOF */
		left -= (size_t)got;
		p += got;
	}
	return (ssize_t)(n - left);
}
