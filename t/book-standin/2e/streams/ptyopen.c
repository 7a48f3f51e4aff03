/* ptyopen.c - stand-in (our own code): the SVR4 pty slave, with ldterm
 * pushed unless I_FIND finds it there already. */
#include "apue.h"
#include <stropts.h>

int ptys_open(char *name)
{
	int fd, found;

	fd = open(name, O_RDWR);
	if (fd < 0)
		return -1;
	if ((found = ioctl(fd, I_FIND, "ldterm")) < 0 ||
	    (found == 0 && (ioctl(fd, I_PUSH, "ptem") < 0 ||
			    ioctl(fd, I_PUSH, "ldterm") < 0))) {
		close(fd);
		return -2;
	}
	return fd;
}
