/*
 * serv_accept.c - wait for a client over STREAMS (book: 2e section
 * 17.2.2): connld has made a new pipe for the client and sent one end up
 * the attached pipe; I_RECVFD takes it, with the opener's effective user
 * ID in strrecvfd.uid.  EINTR is retried.
 */
#include "apue.h"
#include <stropts.h>

int serv_accept(int listenfd, uid_t *uidptr)
{
	struct strrecvfd recvfd;

	while (ioctl(listenfd, I_RECVFD, &recvfd) < 0)
		if (errno != EINTR)
			return -1;
	if (uidptr != NULL)
		*uidptr = recvfd.uid;
	return recvfd.fd;
}
