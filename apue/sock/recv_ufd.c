/*
 * recv_ufd.c - receive a descriptor and the sender's user ID over a UNIX
 * domain socket (book: 3e Figure 17.16).
 *
 * Differences: the credentials may come before or after the descriptor
 * and are found by type, not position; a reply with a descriptor but no
 * credentials is an error, never a descriptor with a made-up uid.
 */
#include "apue.h"
#include "sock.h"

int recv_ufd(int fd, uid_t *uidptr,
	     ssize_t (*userfunc)(int, const void *, size_t))
{
	uid_t ignored;

	return sock_recv_reply(fd, uidptr != NULL ? uidptr : &ignored,
			       userfunc, "recv_ufd");
}
