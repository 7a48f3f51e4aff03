/*
 * serv_accept_cred.c - serv_accept_peer over STREAMS: the client's IDs as
 * the system reports them in struct strrecvfd when I_RECVFD takes the pipe
 * connld made for it (2e section 17.2.2).  The kernel vouches for them (the
 * emulation's connld reads them with SO_PEERCRED), so the client cannot
 * choose them.  EINTR is retried.
 */
#include "apue.h"
#include <stropts.h>

int serv_accept_peer(int listenfd, uid_t *uidptr, gid_t *gidptr)
{
	struct strrecvfd recvfd;

	while (ioctl(listenfd, I_RECVFD, &recvfd) < 0)
		if (errno != EINTR)
			return -1;
	if (recvfd.uid == (uid_t)-1) {  /* no IDs: nobody vouches for them */
		close(recvfd.fd);
		errno = EPERM;
		return -1;
	}
	if (uidptr != NULL)
		*uidptr = recvfd.uid;
	if (gidptr != NULL)
		*gidptr = recvfd.gid;
	return recvfd.fd;
}
