/*
 * recv_ufd.c - receive a descriptor and the sender's user ID over a
 * STREAMS pipe (the STREAMS counterpart of 3e Figure 17.16): the uid is
 * the one I_RECVFD reports in struct strrecvfd, no credentials message
 * needed.
 */
#include "apue.h"
#include "strm.h"

int recv_ufd(int fd, uid_t *uidptr,
	     ssize_t (*userfunc)(int, const void *, size_t))
{
	uid_t ignored;

	return strm_recv_reply(fd, uidptr != NULL ? uidptr : &ignored,
			       userfunc, "recv_ufd");
}
