/* request.c - stand-in (our own code): one request, answered with the
 * descriptor or the reason it could not be opened. */
#include "opend.h"

void request(char *buf, int nread, int fd)
{
	int newfd;

	if (nread < 1 || buf[nread - 1] != 0) {
		send_err(fd, -1, "request not null terminated\n");
		return;
	}
	if (buf_args(buf, cli_args) < 0) {
		send_err(fd, -1, errmsg);
		return;
	}
	if ((newfd = open(pathname, oflag)) < 0) {
		sprintf(errmsg, "can't open %s: %s\n", pathname, strerror(errno));
		send_err(fd, -1, errmsg);
		return;
	}
	if (send_fd(fd, newfd) < 0)
		err_sys("send_fd error");
	close(newfd);
}
