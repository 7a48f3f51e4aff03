/*
 * fd_pipe.c - the 3rd edition's name (3e Figure 17.2, fd_pipe) for the
 * full-duplex pipe, here the STREAMS pipe of s_pipe.
 */
#include "apue.h"

int fd_pipe(int fd[2])
{
	return s_pipe(fd);
}
