/*
 * serv_accept.c - wait for a client over STREAMS (book: 2e §17.2.2,
 * "Unique Connections", serv_accept): connld has made a new pipe for the
 * client and sent one end up the attached pipe; I_RECVFD takes it, with
 * the opener's effective user ID in strrecvfd.uid.
 *
 * Difference from the book: a signal (EINTR) is retried; the book returns
 * -1 and leaves the retry to the caller.
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
		*uidptr = recvfd.uid;   /* the client's effective uid, from the kernel */
	return recvfd.fd;               /* this client's own pipe */
}
