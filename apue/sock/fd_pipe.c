/*
 * fd_pipe.c - a full-duplex pipe from a pair of connected UNIX domain
 * stream sockets (book: 3e Figure 17.2, fd_pipe).  As in the book; no
 * differences.
 */
#include "apue.h"
#include <sys/socket.h>

int fd_pipe(int fd[2])
{
	return socketpair(AF_UNIX, SOCK_STREAM, 0, fd);
}
