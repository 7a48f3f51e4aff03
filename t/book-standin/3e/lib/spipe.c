/* spipe.c - stand-in (our own code): a full-duplex pipe, by the 3e's
 * name, fd_pipe; s_pipe, the 2e's name, for the stand-in programs both
 * editions share. */
#include "apue.h"
#include <sys/socket.h>

int fd_pipe(int fd[2])
{
	return socketpair(AF_UNIX, SOCK_STREAM, 0, fd);
}

int s_pipe(int fd[2])
{
	return fd_pipe(fd);
}
