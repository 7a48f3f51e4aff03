/*
 * serv_listen.c - the server's end of unique connections over STREAMS
 * (book: 2e §17.2.2, "Unique Connections", serv_listen).
 *
 * The book's steps, in its order: unlink the name; creat it as the mount
 * point; make a pipe (s_pipe); push connld on fd[1]; fattach fd[1] to the
 * name; close fd[1], which the attachment holds; return fd[0], where the
 * clients' connections arrive.
 *
 * Differences from the book:
 * - the mount point is made right before fattach, after the pipe and
 *   connld (the book makes it first), so that the emulation can do both
 *   in one step (below);
 * - each failure closes what was opened and returns -1 with errno set
 *   (the book returns -1..-5 by step);
 * - without real STREAMS, the mount point and the attachment are one step
 *   of the emulation (stream_fattach_create), which makes the name appear
 *   only once the stream is attached, so a client that sees the name can
 *   connect at once.
 */
#include "apue.h"
#include <stropts.h>

/* pipe permissions: user rw, group rw, others rw (the umask applies) */
#define FIFO_MODE (S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

/* Attach fd to name, then close fd: the attachment holds the stream. */
static int attach_and_close(int fd, const char *name)
{
#ifdef APUE_STREAMS_EMULATED
	return stream_fattach_create(fd, name, FIFO_MODE);
#else
	int tempfd, r, err;

	/* create a file: mount point for fattach() */
	if ((tempfd = creat(name, FIFO_MODE)) < 0)
		r = -1;
	else if (close(tempfd) < 0 || (r = fattach(fd, name)) < 0)
		r = -1;
	err = errno;
	close(fd);                      /* fattach holds this end open */
	errno = err;
	return r;
#endif
}

int serv_listen(const char *name)
{
	int fd[2], err;

	unlink(name);                   /* in case it already exists */
	if (s_pipe(fd) < 0)
		return -1;
	/* push connld & fattach() on fd[1] */
	if (ioctl(fd[1], I_PUSH, "connld") < 0) {
		err = errno;
		close(fd[0]);
		close(fd[1]);
		errno = err;
		return -1;
	}
	if (attach_and_close(fd[1], name) < 0) {
		err = errno;
		close(fd[0]);
		errno = err;
		return -1;
	}
	return fd[0];           /* where client connections arrive */
}
