/*
 * serv_listen.c - a listening UNIX domain socket with a well-known name
 * (book: 3e Figure 17.8; 2e §17.3, the sockets serv_listen).
 *
 * Differences: every failure returns -1 with errno set (the book returns
 * -1..-4 by step), the name is checked before any descriptor exists, and
 * the backlog is QLEN 128 instead of 10 so a burst of clients is queued.
 */
#include "apue.h"
#include "sock/unique.h"
#include <sys/socket.h>
#include <sys/un.h>

int serv_listen(const char *name)
{
	struct sockaddr_un un;
	size_t namelen = strlen(name);
	socklen_t len;
	int fd, saved, bound;

	if (namelen >= sizeof un.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (namelen == 0) {
		errno = ENOENT;
		return -1;
	}
	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path, name, namelen + 1);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + namelen);

	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;
	unlink(name);                   /* in case it already exists */
	bound = bind(fd, (struct sockaddr *)&un, len) == 0;
	if (!bound || listen(fd, QLEN) < 0) {
		saved = errno;
		close(fd);
		if (bound)
			unlink(name);   /* a name with no listener behind it */
		errno = saved;
		return -1;
	}
	return fd;
}
