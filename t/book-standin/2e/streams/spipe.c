/* spipe.c - stand-in (our own code): on SVR4 a pipe is a stream pipe. */
#include "apue.h"

int s_pipe(int fd[2])
{
	return pipe(fd);
}
