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
 *   reader is EPIPE, not a fatal SIGPIPE;
 * - I_SENDFD goes through strm_sendfd (strm_write.c): EINTR retried, and
 *   on a blocking stream a full receiving stream head (I_SENDFD never
 *   blocks: EAGAIN) is waited for with poll(POLLOUT), where the book's
 *   send_fd fails with its status byte already sent; on an O_NONBLOCK
 *   stream, EAGAIN is returned before the two bytes go when the stream
 *   has no room (see strm.h).
 */
#include "apue.h"
#include "strm.h"

int send_fd(int fd, int fd_to_send)
{
	char buf[2];            /* the two bytes: null, then status */

	buf[0] = 0;             /* recv_fd scans for this null */
	if (fd_to_send < 0) {
		if (fd_to_send < -255) {
			errno = EINVAL; /* the status byte cannot say it */
			return -1;
		}
		buf[1] = (char)-fd_to_send;     /* -errcode */
	} else {
		buf[1] = 0;             /* status 0: a descriptor follows */
		if (strm_room_nonblock(fd) < 0) /* O_NONBLOCK: no room */
			return -1;
	}

	if (strm_write(fd, buf, 2) < 0)
		return -1;

	if (fd_to_send >= 0)
		return strm_sendfd(fd, fd_to_send);     /* I_SENDFD */
	return 0;
}
