/*
 * cli_conn.c - connect to a server over STREAMS (book: 2e §17.2.2,
 * "Unique Connections", cli_conn): open the name the server attached, and
 * check that a stream came back.
 *
 * Differences from the book: -1 with errno on every failure (the book
 * returns -1 or -2); a name that is not a stream is ENOSTR; an isastream
 * error is reported, not taken for "a stream".
 */
#include "apue.h"
#include <stropts.h>

int cli_conn(const char *name)
{
	int fd, r, err;

	/* the attached name: connld gives us a pipe of our own */
	if ((fd = open(name, O_RDWR)) < 0)
		return -1;
	if ((r = isastream(fd)) <= 0) {
		err = r == 0 ? ENOSTR : errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}
