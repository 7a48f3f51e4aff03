/* servaccept.c - stand-in (our own code): accept, and the client's uid
 * from the owner of the name it bound. */
#include "apue.h"
#include <sys/socket.h>
#include <sys/un.h>

int serv_accept(int listenfd, uid_t *uidptr)
{
	struct sockaddr_un un;
	socklen_t len = sizeof un;
	struct stat st;
	int fd;

	memset(&un, 0, sizeof un);
	if ((fd = accept(listenfd, (struct sockaddr *)&un, &len)) < 0)
		return -1;
	if (un.sun_path[0] == '\0' || stat(un.sun_path, &st) < 0 ||
	    !S_ISSOCK(st.st_mode)) {
		close(fd);
		return -2;
	}
	if (uidptr != NULL)
		*uidptr = st.st_uid;
	unlink(un.sun_path);
	return fd;
}
