/*
 * send_err.c - report an error instead of a descriptor, with the
 * send_fd/recv_fd protocol (book: 3e Figure 17.12, send_err).  Shared by
 * both transports: the text is written, the status goes by the
 * transport's send_fd.
 *
 * The book's steps, in its order: write the message, if any; make
 * errcode negative (-1 when it is not); send it as the status with
 * send_fd.
 *
 * Differences from the book:
 * - an errcode the status byte cannot carry (below -255) is EINVAL,
 *   before any byte is sent;
 * - the text goes by send(MSG_NOSIGNAL) where the descriptor is a socket,
 *   so a vanished peer is EPIPE, not a fatal SIGPIPE (writen on a real
 *   STREAMS pipe), and in pieces of at most 64 KB: over a stream each
 *   piece is one message, and no message may be longer.
 */
#include "apue.h"
#include <sys/socket.h>

#define TEXT_PIECE 65536

/* writen for the message: all of text, without SIGPIPE.  0 or -1. */
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
	size_t n;

	if (errcode < -255) {
		errno = EINVAL;         /* the status byte cannot say it */
		return -1;
	}
	if ((n = strlen(msg)) > 0)
		if (write_text(fd, msg, n) < 0) /* the text recv_fd hands to userfunc */
			return -1;

	if (errcode >= 0)
		errcode = -1;           /* the status byte carries -errcode: keep it < 0 */

	if (send_fd(fd, errcode) < 0)
		return -1;
	return 0;
}
