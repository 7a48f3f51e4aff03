/*
 * s_pipe.c - the 2nd edition's name for the full-duplex pipe of 3e
 * Figure 17.2 (fd_pipe): the 2e's s_pipe over UNIX domain sockets is the
 * same socketpair call, so the sockets library gives both names.
 */
#include "apue.h"

int s_pipe(int fd[2])
{
	return fd_pipe(fd);
}
