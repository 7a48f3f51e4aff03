/*
 * stream_write.c - write(2) of an emulated stream: messages of at most
 * STREAM_MSGSZ bytes, as a stream head breaks a write longer than
 * strmsgsz (64 KB by default on Solaris) into several messages.
 * STREAMS builds send every write(2) of a stream here (io_wrap.c).
 *
 * A record of SOCK_SEQPACKET is sent whole or not at all, so a write
 * that stops (EAGAIN on a non-blocking stream, a signal, hangup) after
 * some messages returns the bytes of those messages, as a pipe's write
 * does; with none sent, -1 and the error.  send(2) with no flags raises
 * SIGPIPE at hangup, as write(2) does.
 *
 * A write of 0 bytes sends no message and returns 0: an SVR4 pipe sends
 * a zero-length message only when SNDZERO is set (I_SWROPT), which is not
 * the default; putmsg with an empty data part still sends one.
 */
#include "emu.h"
#include <errno.h>

ssize_t stream_write(int fd, const void *buf, size_t nbytes)
{
	const char *p = buf;
	size_t done = 0;

	if (nbytes == 0)
		return 0;
	do {
		size_t chunk = nbytes - done < STREAM_MSGSZ ?
			       nbytes - done : STREAM_MSGSZ;
		ssize_t n = send(fd, p + done, chunk, 0);

		if (n < 0)
			return done > 0 ? (ssize_t)done : -1;
		done += (size_t)n;
	} while (done < nbytes);
	return (ssize_t)done;
}
