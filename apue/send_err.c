/*
 * send_err.c - report an error instead of a descriptor
 * (book: 3e Figure 17.11, 2e Figure 17.12's companion).
 * Shared by both transports: the text goes by writen(), the status by the
 * transport's send_fd().
 *
 * Differences: an errcode the status byte cannot carry fails before any
 * text is sent, the whole text is written however long it is (the receiver
 * passes it on intact), and a failed write is reported, not ignored.
 */
#include "apue.h"

int send_err(int fd, int errcode, const char *msg)
{
	size_t n = strlen(msg);

	if (errcode < -255) {           /* check before any byte is sent */
		errno = EINVAL;
		return -1;
	}
	if (n > 0 && writen(fd, msg, n) != (ssize_t)n)
		return -1;
	if (errcode >= 0)
		errcode = -1;           /* must be negative */
	return send_fd(fd, errcode);
}
