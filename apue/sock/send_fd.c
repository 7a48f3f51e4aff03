/*
 * send_fd.c - pass a descriptor over a UNIX domain socket
 * (book: 3e Figure 17.13).
 *
 * The book's steps, in its order: the two bytes {0, status} in one iovec;
 * with a descriptor, one SCM_RIGHTS control message carrying it; sendmsg.
 *
 * Differences from the book:
 * - the control buffer is a local union aligned for struct cmsghdr and
 *   sized with CMSG_SPACE (the book mallocs a static buffer once, sized
 *   with CMSG_LEN); the descriptor is copied in with memcpy;
 * - a status the byte cannot carry (fd_to_send below -255) is EINVAL
 *   (the book sends the low byte, or 1 when that byte is 0);
 * - sendmsg goes through send_two_bytes (sock_send.c): EINTR is retried,
 *   a partial send finished, and a vanished peer is EPIPE, not SIGPIPE.
 */
#include "apue.h"
#include "sock.h"

int send_fd(int fd, int fd_to_send)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int))];
	} control;
	struct cmsghdr *cmptr;
	struct iovec iov[1];
	struct msghdr msg;
	char buf[2];            /* the two bytes: null, then status */

	memset(&msg, 0, sizeof msg);
	iov[0].iov_base = buf;
	iov[0].iov_len = 2;
	msg.msg_iov = iov;
	msg.msg_iovlen = 1;
	msg.msg_name = NULL;
	msg.msg_namelen = 0;

	if (fd_to_send < 0) {
		if (fd_to_send < -255) {
			errno = EINVAL;         /* the status byte cannot say it */
			return -1;
		}
		msg.msg_control = NULL;
		msg.msg_controllen = 0;
		buf[1] = (char)-fd_to_send;     /* -errcode: 1..255 */
	} else {
		memset(&control, 0, sizeof control);
		msg.msg_control = control.space;
		msg.msg_controllen = sizeof control.space;
		cmptr = CMSG_FIRSTHDR(&msg);
		cmptr->cmsg_level = SOL_SOCKET;
		cmptr->cmsg_type = SCM_RIGHTS;
		cmptr->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmptr), &fd_to_send, sizeof(int)); /* the one int */
		buf[1] = 0;                     /* status 0: a descriptor follows */
	}

	buf[0] = 0;                     /* recv_fd scans for this null */
	return send_two_bytes(fd, &msg);
}
