/*
 * plain_pipe.c - see plain_pipe.h.  pipe2 is Linux's (and the BSDs'), so
 * _GNU_SOURCE here only; elsewhere pipe(2) is not wrapped anyway.
 */
#ifdef __linux__
#define _GNU_SOURCE
#endif
#include "plain_pipe.h"
#include <unistd.h>

int plain_pipe(int fd[2])
{
#ifdef __linux__
	return pipe2(fd, 0);
#else
	return pipe(fd);
#endif
}
