/*
 * cli_conn.c - connect to a server over STREAMS (book: 2e section 17.2.2):
 * open the name the server attached, and check that a stream came back.
 *
 * Difference: open(2) cannot reach an attached name under the emulation,
 * so it uses stream_open there (NOTES.md, "STREAMS").  -1 with errno on
 * failure; a name that is not a stream is ENOSTR.
 */
#include "apue.h"
#include <stropts.h>

int cli_conn(const char *name)
{
	int fd, r;

#ifdef APUE_STREAMS_EMULATED
	fd = stream_open(name, O_RDWR);
#else
	fd = open(name, O_RDWR);
#endif
	if (fd < 0)
		return -1;
	if ((r = isastream(fd)) <= 0) {
		int error = r == 0 ? ENOSTR : errno;

		close(fd);
		errno = error;
		return -1;
	}
	return fd;
}
