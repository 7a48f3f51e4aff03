/*
 * send_fd_nowait.c - hand a descriptor over a STREAMS pipe without ever
 * blocking, and never the two bytes without it.  Not a function of the
 * book: the open server's root process hands each connection to its
 * worker with it, over a non-blocking channel (ch17/opend_privsep.c),
 * where send_fd's two steps could send the status byte and then find the
 * stream full at I_SENDFD.  The socket version is apue/sock/send_fd_nowait.c.
 *
 * Over our emulation (no <stropts.h> of the system's): the two bytes and
 * the descriptor go as one record, by the emulation's extra
 * stream_write_sendfd_nowait, which the receiver reads as the two
 * messages send_fd sends; a full stream is EAGAIN with nothing sent.
 *
 * On a system with real STREAMS, I_SENDFD carries no data, so the reply
 * cannot be one message.  There I_CANPUT first asks whether the other
 * end's read queue takes a message (EAGAIN, nothing sent, when it does
 * not); the write of the two bytes and I_SENDFD follow, both without
 * waiting.  The server's channel has one writer, so the room I_CANPUT saw
 * can only grow, except by the two bytes themselves: should they fill the
 * queue up to its high-water mark, I_SENDFD fails with EAGAIN after them,
 * and this returns -1 with EAGAIN; the worker's recv_fd then finds no
 * descriptor behind status 0 and reports a malformed reply (EBADMSG).
 * No queue is that close to full for want of two bytes unless the
 * reader has stopped reading.
 */
#include "apue.h"
#include "strm.h"

int send_fd_nowait(int fd, int fd_to_send)
{
	static const char buf[2] = { 0, 0 };    /* null, status 0 */

	if (fd_to_send < 0) {
		errno = EINVAL;         /* descriptors only: see send_fd */
		return -1;
	}
#ifdef APUE_STREAMS_EMULATED
	return stream_write_sendfd_nowait(fd, buf, sizeof buf, fd_to_send);
#else
	int r;

	while ((r = ioctl(fd, I_CANPUT, 0)) < 0 && errno == EINTR)
		;
	if (r < 0)
		return -1;
	if (r == 0) {
		errno = EAGAIN;         /* the other end's queue is full */
		return -1;
	}
	if (strm_write(fd, buf, sizeof buf) < 0)  /* room: no wait */
		return -1;
	while (ioctl(fd, I_SENDFD, fd_to_send) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
#endif
}
