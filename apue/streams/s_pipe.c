/*
 * s_pipe.c - a full-duplex pipe, STREAMS version (book: 2e §17.2,
 * "STREAMS-Based Pipes", s_pipe): on SVR4, pipe(2) already returns a
 * full-duplex STREAMS pipe, so s_pipe is a call to pipe.  As in the book;
 * no differences (over our emulation, pipe(2) of a STREAMS build makes a
 * stream pipe: apue/streams/README.md).
 */
#include "apue.h"

int s_pipe(int fd[2])
{
	return pipe(fd);
}
