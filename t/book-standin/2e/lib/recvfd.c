/* recvfd.c - stand-in (our own code): text to userfunc until the null
 * byte; the byte after it is the status; status 0 brings a descriptor. */
#include "apue.h"
#include <sys/socket.h>
#include <sys/uio.h>

int recv_fd(int fd, ssize_t (*userfunc)(int, const void *, size_t))
{
	char buf[MAXLINE];
	union {
		struct cmsghdr hdr;
		char space[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov;
	struct msghdr msg;
	struct cmsghdr *c;
	int got = -1, status = -1;
	ssize_t n, i;

	for (;;) {
		memset(&msg, 0, sizeof msg);
		iov.iov_base = buf;
		iov.iov_len = sizeof buf;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control.space;
		msg.msg_controllen = sizeof control.space;
		if ((n = recvmsg(fd, &msg, 0)) <= 0)
			return -1;
		c = CMSG_FIRSTHDR(&msg);
		if (c != NULL && c->cmsg_type == SCM_RIGHTS)
			memcpy(&got, CMSG_DATA(c), sizeof(int));
		for (i = 0; i < n; i++)
			if (buf[i] == 0) {
				if (i + 2 != n)
					return -1;
				status = buf[i + 1] & 0xff;
				n = i;
			}
		if (n > 0 && userfunc(STDERR_FILENO, buf, (size_t)n) != n)
			return -1;
		if (status >= 0)
			return status == 0 ? got : -status;
	}
}
