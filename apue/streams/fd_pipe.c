/*
 * fd_pipe.c - the 3rd edition's name for s_pipe, over STREAMS pipes.
 */
#include "apue.h"

int fd_pipe(int fd[2])
{
	return s_pipe(fd);
}
