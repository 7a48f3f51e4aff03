/* request.c - stand-in (our own code): one request of a version 2
 * client, answered on its connection. */
#include "opend.h"

void request(char *buf, int nread, int clifd, uid_t uid)
{
	int newfd;

	if (nread < 1 || buf[nread - 1] != 0) {
		send_err(clifd, -1, "request not null terminated\n");
		return;
	}
	log_msg("request: %s, from uid %d", buf, (int)uid);
	if (buf_args(buf, cli_args) < 0) {
		send_err(clifd, -1, errmsg);
		return;
	}
	if ((newfd = open(pathname, oflag)) < 0) {
		sprintf(errmsg, "can't open %s: %s\n", pathname, strerror(errno));
		send_err(clifd, -1, errmsg);
		return;
	}
	if (send_fd(clifd, newfd) < 0)
		log_sys("send_fd error");
	close(newfd);
}
