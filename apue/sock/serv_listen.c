/*
 * serv_listen.c - a listening UNIX domain socket with a well-known name
 * (book: 3e Figure 17.8, serv_listen).
 *
 * The book's steps, in its order: check the name's length; socket; unlink
 * the name in case it exists; fill in the address; bind; listen; on an
 * error after socket, close it keeping errno.
 *
 * Differences from the book:
 * - every failure returns -1 with errno set (the book returns -1..-4 by
 *   step); an empty name is ENOENT;
 * - the backlog is QLEN 128 (sock/unique.h), not 10, so a burst of
 *   clients is queued instead of refused;
 * - the name goes into sun_path with memcpy of its checked length.
 */
#include "apue.h"
#include "sock/unique.h"
#include <sys/socket.h>
#include <sys/un.h>

int serv_listen(const char *name)
{
	int fd, err;
	socklen_t len;
	struct sockaddr_un un;

	if (strlen(name) >= sizeof(un.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (name[0] == '\0') {
		errno = ENOENT;
		return -1;
	}

	/* create a UNIX domain stream socket */
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;
	unlink(name);                   /* in case it already exists */

	/* fill in socket address structure */
	memset(&un, 0, sizeof(un));
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path, name, strlen(name) + 1);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(name));

	/* bind the name to the descriptor */
	if (bind(fd, (struct sockaddr *)&un, len) < 0)
		goto errout;
	if (listen(fd, QLEN) < 0)       /* tell kernel we're a server */
		goto errout;
	return fd;

errout:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}
