/* servlisten.c - stand-in (our own code): an empty file, a pipe, connld
 * pushed on one end, that end attached to the file. */
#include "apue.h"
#include <stropts.h>

int serv_listen(const char *name)
{
	int fd[2], tmp;

	unlink(name);
	if ((tmp = creat(name, 0666)) < 0)
		return -1;
	close(tmp);
	if (pipe(fd) < 0)
		return -2;
	if (ioctl(fd[1], I_PUSH, "connld") < 0 || fattach(fd[1], name) < 0) {
		close(fd[0]);
		close(fd[1]);
		return -3;
	}
	close(fd[1]);
	return fd[0];
}
