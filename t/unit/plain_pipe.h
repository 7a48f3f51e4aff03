/*
 * plain_pipe.h - the system's pipe, for tests that need a descriptor that
 * is not a stream.  A STREAMS build links pipe(2) to the emulation's
 * stream pipe, as SVR4's pipe(2) is one (apue/streams_emu/io_wrap.c).
 */
#ifndef PLAIN_PIPE_H
#define PLAIN_PIPE_H

int plain_pipe(int fd[2]);

#endif
