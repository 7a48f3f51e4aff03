/* recvfd.c - stand-in (our own code): getmsg for the text and status,
 * I_RECVFD for the descriptor when the status is 0. */
#include "apue.h"
#include <stropts.h>

int recv_fd(int fd, ssize_t (*userfunc)(int, const void *, size_t))
{
	char buf[MAXLINE];
	struct strbuf dat;
	struct strrecvfd r;
	int flag, n, i, status = -1, got = -1;

	for (;;) {
		dat.buf = buf;
		dat.maxlen = sizeof buf;
		flag = 0;
		if (getmsg(fd, NULL, &dat, &flag) < 0 || dat.len <= 0)
			return -1;      /* a failure, or the server hung up */
		n = dat.len;
		for (i = 0; i < n; i++)
			if (buf[i] == 0) {
				if (i + 2 != n)
					return -1;
				status = buf[i + 1] & 0xff;
				n = i;
			}
		if (status == 0) {
			if (ioctl(fd, I_RECVFD, &r) < 0)
				return -1;
			got = r.fd;
		}
		if (n > 0 && userfunc(STDERR_FILENO, buf, (size_t)n) != n)
			return -1;
		if (status >= 0)
			return status == 0 ? got : -status;
	}
}
