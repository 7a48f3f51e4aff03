/*
 * serv_listen.c - the server's end of unique connections over STREAMS
 * (book: 2e §17.2.2, "Unique Connections", serv_listen).
 *
 * The book's steps, in its order: unlink the name; creat it as the mount
 * point and close it; make a pipe; push connld on fd[1]; fattach fd[1] to
 * the name; close fd[1], which the attachment holds; return fd[0], where
 * the clients' connections arrive.
 *
 * Differences from the book:
 * - the pipe comes from s_pipe, where the book calls pipe(2) itself:
 *   s_pipe (2e §17.2) is that same pipe call on SVR4, and the one place
 *   the library makes a full-duplex pipe;
 * - each failure closes what was opened, removes the mount point it made,
 *   and returns -1 with errno set (the book returns -1..-5 by step, and
 *   leaves the file behind when the pipe, I_PUSH or fattach fails).
 */
#include "apue.h"
#include <stropts.h>

/* pipe permissions: user rw, group rw, others rw (the umask applies) */
#define FIFO_MODE (S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

int serv_listen(const char *name)
{
	int tempfd, fd[2], err;

	/* fattach needs an existing file to cover */
	unlink(name);                   /* fattach covers a fresh file */
	if ((tempfd = creat(name, FIFO_MODE)) < 0)
		return -1;
	if (close(tempfd) < 0 || s_pipe(fd) < 0)
		goto nopipe;

	/* each open of the name gets its own pipe (connld) */
	if (ioctl(fd[1], I_PUSH, "connld") < 0 || fattach(fd[1], name) < 0)
		goto errout;
	close(fd[1]);                   /* the attachment keeps its own reference */
	return fd[0];                   /* where client connections arrive */

errout:
	err = errno;
	close(fd[0]);
	close(fd[1]);
	errno = err;
nopipe:
	err = errno;
	unlink(name);
	errno = err;
	return -1;
}
