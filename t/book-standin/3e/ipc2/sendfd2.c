/* sendfd2.c - stand-in (our own code): send_fd with the sender's
 * credentials (SCM_CREDENTIALS) beside the descriptor. */
#include "apue.h"
#include <sys/socket.h>
#include <sys/uio.h>

int send_fd(int fd, int fd_to_send)
{
	char bytes[2];
	union {
		struct cmsghdr hdr;
		char space[CMSG_SPACE(sizeof(struct ucred)) +
			   CMSG_SPACE(sizeof(int))];
	} control;
	struct ucred me;
	struct iovec iov;
	struct msghdr msg;
	struct cmsghdr *c;

	memset(&msg, 0, sizeof msg);
	memset(&control, 0, sizeof control);
	bytes[0] = 0;
	bytes[1] = (char)(fd_to_send < 0 ? (-fd_to_send ? -fd_to_send : 1) : 0);
	iov.iov_base = bytes;
	iov.iov_len = 2;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = CMSG_SPACE(sizeof(struct ucred));
	me.pid = getpid();
	me.uid = geteuid();
	me.gid = getegid();
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof me);
	memcpy(CMSG_DATA(c), &me, sizeof me);
	if (fd_to_send >= 0) {
		msg.msg_controllen = sizeof control.space;
		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd_to_send, sizeof(int));
	}
	return sendmsg(fd, &msg, 0) == 2 ? 0 : -1;
}
