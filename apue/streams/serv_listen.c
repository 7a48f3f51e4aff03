/*
 * serv_listen.c - the server's end of unique connections over STREAMS
 * (book: 2e section 17.2.2, "Unique Connections": a pipe, connld pushed on
 * one end, that end attached to name with fattach).
 *
 * Differences: each failure closes what was opened and returns -1 with
 * errno set (the book returns -1..-5 by step); a name that cannot be a
 * UNIX socket path here (the emulation needs one) is ENAMETOOLONG.  Over
 * the emulation the name is created by stream_fattach_create at the
 * moment the stream is attached (a socket, answered by a helper process;
 * NOTES.md, "STREAMS").
 */
#include "apue.h"
#include <stropts.h>

/* The book's FIFO_MODE: read and write for user, group and other, so any
 * user may connect (the umask still applies, as in the book). */
#define FIFO_MODE (S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

/* Attach fd to name, then close fd: the attachment holds the stream.
 * The book creates the file first, then attaches; under the emulation the
 * name appears only once the stream is attached and fd closed, so a
 * client (or a test) that sees the name can connect at once. */
static int attach_and_close(int fd, const char *name)
{
#ifdef APUE_STREAMS_EMULATED
	return stream_fattach_create(fd, name, FIFO_MODE);
#else
	int r = fattach(fd, name), error = errno;

	close(fd);
	errno = error;
	return r;
#endif
}

int serv_listen(const char *name)
{
	int tempfd, fd[2], error;

	unlink(name);                   /* in case it already exists */
#ifndef APUE_STREAMS_EMULATED
	if ((tempfd = creat(name, FIFO_MODE)) < 0)
		return -1;
	close(tempfd);
#else
	(void)tempfd;
#endif
	if (s_pipe(fd) < 0)
		return -1;
	if (ioctl(fd[1], I_PUSH, "connld") < 0) {
		error = errno;
		close(fd[0]);
		close(fd[1]);
		errno = error;
		return -1;
	}
	if (attach_and_close(fd[1], name) < 0) {
		error = errno;
		close(fd[0]);
		errno = error;
		return -1;
	}
	return fd[0];
}
