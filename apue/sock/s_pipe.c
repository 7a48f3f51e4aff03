/*
 * s_pipe.c - the 2nd edition's name for fd_pipe (book: 2e Figure 17.13,
 * the sockets version).
 */
#include "apue.h"

int s_pipe(int fd[2])
{
	return fd_pipe(fd);
}
