/* servlisten.c - stand-in (our own code): listen on a fresh name. */
#include "apue.h"
#include <sys/socket.h>
#include <sys/un.h>

int serv_listen(const char *name)
{
	struct sockaddr_un un;
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	unlink(name);
	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	strncpy(un.sun_path, name, sizeof un.sun_path - 1);
	if (bind(fd, (struct sockaddr *)&un, sizeof un) < 0 ||
	    listen(fd, 10) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}
