/*
 * recv_fd.c - receive a descriptor over a UNIX domain socket
 * (book: 3e Figure 17.14; 2e §17.4.2).  The work is done by
 * sock_recv_reply (sock_reply.c), which recv_ufd shares.
 */
#include "apue.h"
#include "sock.h"

int recv_fd(int fd, ssize_t (*userfunc)(int, const void *, size_t))
{
	return sock_recv_reply(fd, NULL, userfunc, "recv_fd");
}
