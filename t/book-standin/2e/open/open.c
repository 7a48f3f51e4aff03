/* open.c - stand-in (our own code): version 2 of csopen connects to the
 * running server once, then sends each request. */
#include "open.h"
#include <sys/uio.h>

int csopen(char *name, int oflag)
{
	static int csfd = -1;
	char flags[16];
	struct iovec iov[3];
	size_t len;

	if (csfd < 0 && (csfd = cli_conn(CS_OPEN)) < 0) {
		err_ret("cli_conn error");
		return -1;
	}
	sprintf(flags, " %d", oflag);
	iov[0].iov_base = CL_OPEN " ";
	iov[0].iov_len = strlen(CL_OPEN) + 1;
	iov[1].iov_base = name;
	iov[1].iov_len = strlen(name);
	iov[2].iov_base = flags;
	iov[2].iov_len = strlen(flags) + 1;
	len = iov[0].iov_len + iov[1].iov_len + iov[2].iov_len;
	if (writev(csfd, iov, 3) != (ssize_t)len) {
		err_ret("writev error");
		return -1;
	}
	return recv_fd(csfd, write);
}
