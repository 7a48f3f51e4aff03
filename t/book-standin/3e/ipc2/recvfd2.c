/* recvfd2.c - stand-in (our own code): recv_fd that also reports the
 * sender's user ID, from its SCM_CREDENTIALS. */
#include "apue.h"
#include <sys/socket.h>
#include <sys/uio.h>

int recv_ufd(int fd, uid_t *uidptr,
	     ssize_t (*userfunc)(int, const void *, size_t))
{
	char buf[MAXLINE];
	union {
		struct cmsghdr hdr;
		char space[CMSG_SPACE(sizeof(struct ucred)) +
			   CMSG_SPACE(sizeof(int))];
	} control;
	struct ucred who;
	struct iovec iov;
	struct msghdr msg;
	struct cmsghdr *c;
	int on = 1, got = -1;
	ssize_t n, k;

	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0)
		return -1;
	for (;;) {
		memset(&msg, 0, sizeof msg);
		iov.iov_base = buf;
		iov.iov_len = sizeof buf;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control.space;
		msg.msg_controllen = sizeof control.space;
		n = recvmsg(fd, &msg, 0);
		if (n <= 0)
			return -1;
		for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			if (c->cmsg_type == SCM_RIGHTS)
				memcpy(&got, CMSG_DATA(c), sizeof got);
			if (c->cmsg_type == SCM_CREDENTIALS) {
				memcpy(&who, CMSG_DATA(c), sizeof who);
				*uidptr = who.uid;
			}
		}
		for (k = 0; k < n && buf[k] != 0; k++)
			;
		if (k > 0 && userfunc(STDERR_FILENO, buf, (size_t)k) != k)
			return -1;
		if (k + 1 < n)
			return buf[k + 1] == 0 ? got : -buf[k + 1];
	}
}
