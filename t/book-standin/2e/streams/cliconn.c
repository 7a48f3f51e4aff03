/* cliconn.c - stand-in (our own code): open the attached name. */
#include "apue.h"
#include <stropts.h>

int cli_conn(const char *name)
{
	int fd = open(name, O_RDWR);

	if (fd < 0)
		return -1;
	if (!isastream(fd)) {
		close(fd);
		return -2;
	}
	return fd;
}
