/* open.c - stand-in (our own code): version 2 of csopen connects to the
 * running server once, then sends each request, "open <name> <oflag>"
 * and a null byte, in one write. */
#include "open.h"

int csopen(char *name, int oflag)
{
	static int conn = -1;
	char req[MAXLINE];
	int n;

	if (conn < 0) {
		conn = cli_conn(CS_OPEN);
		if (conn < 0) {
			err_ret("can't connect to %s", CS_OPEN);
			return -1;
		}
	}
	n = snprintf(req, sizeof req, "%s %s %d", CL_OPEN, name, oflag);
	if (n < 0 || n >= (int)sizeof req) {
		err_msg("name too long: %s", name);
		return -1;
	}
	if (write(conn, req, (size_t)n + 1) != n + 1) {
		err_ret("can't send the request");
		return -1;
	}
	return recv_fd(conn, write);
}
