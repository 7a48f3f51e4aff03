/* request.c - stand-in (our own code): one request of a version 2
 * client, answered on its connection. */
#include "opend.h"

void handle_request(char *buf, int nread, int conn, uid_t uid)
{
	int opened;

	if (nread < 1 || buf[nread - 1] != 0) {
		send_err(conn, -1, "request not null terminated\n");
		return;
	}
	log_msg("uid %d asks: %s", (int)uid, buf);
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
		log_sys("can't pass the descriptor for %s", pathname);
	close(opened);
}
