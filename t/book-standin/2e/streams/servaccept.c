/* servaccept.c - stand-in (our own code): I_RECVFD takes the new pipe,
 * with the opener's effective uid. */
#include "apue.h"
#include <stropts.h>

int serv_accept(int listenfd, uid_t *uidptr)
{
	struct strrecvfd r;

	if (ioctl(listenfd, I_RECVFD, &r) < 0)
		return -1;
	if (uidptr != NULL)
		*uidptr = r.uid;
	return r.fd;
}
