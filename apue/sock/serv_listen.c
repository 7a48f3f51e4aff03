/*
 * serv_listen.c - a listening UNIX domain socket with a well-known name
 * (book: 3e Figure 17.8, serv_listen; 2e §17.3, the sockets serv_listen).
 *
 * The book's steps, in its order: check the name's length; socket; remove
 * an old file of that name; fill in the address; bind; listen; on an
 * error after socket, close it and keep the error.
 *
 * Differences from the book:
 * - every failure returns -1 with errno set (the book returns -1..-4 by
 *   step); an empty name is ENOENT;
 * - the backlog is QLEN 128 (sock/unique.h), not 10, so a burst of
 *   clients does not find the queue full: on Linux a connect to a full
 *   queue then waits (EAGAIN if non-blocking), on the BSDs it is refused
 *   (beyond/backlog shows it);
 * - the name goes into sun_path with memcpy of its checked length;
 * - when listen fails after bind, the name is removed again, so no file
 *   is left that nobody listens behind.
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
	int fd, err, bound = 0;

	if (namelen >= sizeof un.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (namelen == 0) {
		errno = ENOENT;
		return -1;
	}

	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;
	unlink(name);                   /* a stale socket file would make bind fail */

	memset(&un, 0, sizeof un);      /* the address: family and path name */
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path, name, namelen + 1);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + namelen);

	if (bind(fd, (struct sockaddr *)&un, len) < 0)
		goto errout;
	bound = 1;
	if (listen(fd, QLEN) < 0)       /* from here on, connects are queued */
		goto errout;
	return fd;

errout:
	err = errno;
	close(fd);
	if (bound)
		unlink(name);           /* a name with no listener behind it */
	errno = err;
	return -1;
}
