/*
 * send_fd_nowait.c - hand a descriptor over a UNIX domain socket without
 * ever blocking, and never the two bytes without it.  Not a function of
 * the book: the open server's root process hands each connection to its
 * worker with it (ch17/opend_privsep.c).  The STREAMS version is
 * apue/streams/send_fd_nowait.c.
 *
 * One sendmsg with MSG_DONTWAIT: the two bytes {0, 0} and the descriptor
 * (SCM_RIGHTS) go together or not at all; a full socket is EAGAIN with
 * nothing sent.  (A stream socket could in principle take the first byte
 * alone; the descriptor goes with it, and the second byte is then sent
 * as send_fd sends it.  Linux never splits two bytes.)
 */
#include "apue.h"
#include "sock.h"

int send_fd_nowait(int fd, int fd_to_send)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int))];
	} control;
	struct cmsghdr *cmptr;
	struct iovec iov;
	struct msghdr msg;
	char buf[2] = { 0, 0 };         /* null, status 0 */
	ssize_t sent;

	if (fd_to_send < 0) {
		errno = EINVAL;         /* descriptors only: see send_fd */
		return -1;
	}
	memset(&msg, 0, sizeof msg);
	memset(&control, 0, sizeof control);
	iov.iov_base = buf;
	iov.iov_len = 2;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	cmptr = CMSG_FIRSTHDR(&msg);
	cmptr->cmsg_level = SOL_SOCKET;
	cmptr->cmsg_type = SCM_RIGHTS;
	cmptr->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmptr), &fd_to_send, sizeof(int));

	do
		sent = sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return -1;
	if (sent == 1) {                /* the descriptor went with byte 1 */
		iov.iov_base = buf + 1;
		iov.iov_len = 1;
		msg.msg_control = NULL;
		msg.msg_controllen = 0;
		return send_two_bytes(fd, &msg);
	}
	return 0;
}
