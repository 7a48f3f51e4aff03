/* request.c - stand-in (our own code): one request, answered with the
 * descriptor or the reason it could not be opened. */
#include "opend.h"

void handle_request(char *buf, int nread, int conn)
{
	int opened;

	if (nread < 1 || buf[nread - 1] != 0) {
		send_err(conn, -1, "request not null terminated\n");
		return;
	}
	if (buf_args(buf, cli_args) != 0) {
		send_err(conn, -1, errmsg);
		return;
	}
	opened = open(pathname, oflag);
	if (opened < 0) {
		snprintf(errmsg, MAXLINE, "%s: %s\n", pathname, strerror(errno));
		send_err(conn, -1, errmsg);
		return;
	}
	if (send_fd(conn, opened) < 0)
		err_sys("can't pass the descriptor for %s", pathname);
	close(opened);
}
