/* senderr.c - stand-in (our own code): the error text, then send_fd of
 * the failure status (never 0). */
#include "apue.h"

int send_err(int fd, int status, const char *msg)
{
	size_t n = strlen(msg);

	if (n > 0 && writen(fd, msg, n) != (ssize_t)n)
		return -1;
	if (status >= 0)
		status = -1;
	return send_fd(fd, status) < 0 ? -1 : 0;
}
