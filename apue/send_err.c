/*
 * send_err.c - report an error instead of a descriptor
 * (book: 3e §17.4, Figure 17.12).
 * Shared by both transports: the text goes by writen(), the status by the
 * transport's send_fd().
 *
 * Differences: an errcode the status byte cannot carry fails before any
 * text is sent, and on a socket the text goes with MSG_NOSIGNAL, so a
 * vanished peer is EPIPE, not a fatal SIGPIPE.
 */
#include "apue.h"
#include <sys/socket.h>

/* Write all of text; on a socket without raising SIGPIPE. */
/* Text goes in pieces of at most 64 KB: over a stream each send is one
 * message, and no message may be longer (strmsgsz); over a socket the
 * pieces simply follow one another. */
#define TEXT_PIECE 65536

static int write_text(int fd, const char *text, size_t n)
{
	while (n > 0) {
		ssize_t put = send(fd, text, n < TEXT_PIECE ? n : TEXT_PIECE,
				   MSG_NOSIGNAL);

		if (put < 0 && errno == ENOTSOCK)       /* a real STREAMS pipe */
			return writen(fd, text, n) == (ssize_t)n ? 0 : -1;
		if (put < 0 && errno == EINTR)
			continue;
		if (put < 0)
			return -1;
		text += put;
		n -= (size_t)put;
	}
	return 0;
}

int send_err(int fd, int errcode, const char *msg)
{
	size_t n = strlen(msg);

	if (errcode < -255) {           /* check before any byte is sent */
		errno = EINVAL;
		return -1;
	}
	if (write_text(fd, msg, n) < 0)
		return -1;
	if (errcode >= 0)
		errcode = -1;           /* must be negative */
	return send_fd(fd, errcode);
}
