/*
 * s_pipe.c - the 2nd edition's name for fd_pipe (book: 2e §17.3,
 * the sockets s_pipe; fd_pipe is 3e Figure 17.2).
 */
#include "apue.h"

int s_pipe(int fd[2])
{
	return fd_pipe(fd);
}
