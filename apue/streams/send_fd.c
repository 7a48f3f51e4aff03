/*
 * send_fd.c - pass a descriptor over a STREAMS pipe (book: 2e §17.4.1,
 * the STREAMS send_fd).
 *
 * The book's steps, in its order: the two bytes {0, status} go as one
 * data message with write; then, for a descriptor, ioctl(I_SENDFD).
 *
 * Differences from the book:
 * - a status the byte cannot carry (fd_to_send below -255) is EINVAL
 *   (the book sends the low byte, or 1 when that byte is 0);
 * - the bytes are written by strm_write: EINTR retried, and a vanished
 *   reader is EPIPE, not a fatal SIGPIPE; I_SENDFD retries EINTR;
 * - over our emulation (no <stropts.h> of the system's), the bytes and the
 *   descriptor go as one message, in one system call instead of two: the
 *   receiver still sees the data message first, then the descriptor.
 *   This is the one line of the book's STREAMS functions that knows the
 *   emulation, and it stays for two reasons (apue/streams/README.md):
 *   sent as two records, a streamed descriptor costs two to three times
 *   what it costs over a socket; and a write that leaves the receiver's
 *   queue full makes the I_SENDFD right after it fail with EAGAIN
 *   (I_SENDFD never blocks), so once a sender runs ahead of its receiver
 *   the book's two steps fail with the status byte already sent.
 */
#include "apue.h"
#include "strm.h"

int send_fd(int fd, int fd_to_send)
{
	char buf[2];            /* the two bytes: null, then status */

	buf[0] = 0;             /* recv_fd scans for this null */
	if (fd_to_send < 0) {
		if (fd_to_send < -255) {
			errno = EINVAL;         /* the status byte cannot say it */
			return -1;
		}
		buf[1] = (char)-fd_to_send;     /* -errcode: 1..255 */
	} else {
		buf[1] = 0;                     /* status 0: a descriptor follows */
	}

#ifdef APUE_STREAMS_EMULATED
	if (fd_to_send >= 0)
		return stream_write_sendfd(fd, buf, 2, fd_to_send);
#endif
	if (strm_write(fd, buf, 2) < 0)
		return -1;

	if (fd_to_send >= 0)
		while (ioctl(fd, I_SENDFD, fd_to_send) < 0)
			if (errno != EINTR)
				return -1;
	return 0;
}
