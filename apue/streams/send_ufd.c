/*
 * send_ufd.c - send_fd with the sender's user ID, over STREAMS (the
 * counterpart of 3e Figure 17.15, send_ufd, which sends credentials over a
 * socket).  Over STREAMS there is nothing to add: I_SENDFD always carries
 * the sender's effective user and group IDs, and I_RECVFD hands them over.
 */
#include "apue.h"

int send_ufd(int fd, int fd_to_send)
{
	return send_fd(fd, fd_to_send);
}
