/*
 * s_pipe.c - a full-duplex pipe, STREAMS version (book: 2e §17.2,
 * "STREAMS-Based Pipes", s_pipe): on SVR4, pipe(2) already returns a
 * full-duplex STREAMS pipe, so s_pipe is a call to pipe.
 *
 * Difference from the book: without real STREAMS, pipe(2) here gives a
 * plain pipe, so the emulation's stream_pipe stands in for it.
 */
#include "apue.h"
#include <stropts.h>

int s_pipe(int fd[2])
{
#ifdef APUE_STREAMS_EMULATED
	return stream_pipe(fd);
#else
	return pipe(fd);
#endif
}
