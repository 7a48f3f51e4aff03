/*
 * send_fd.c - pass a descriptor over a STREAMS pipe (book: 2e §17.4.1,
 * the STREAMS send_fd): write the two protocol bytes, then I_SENDFD.
 *
 * Differences: a status the byte cannot carry (below -255) is EINVAL
 * instead of being truncated; the bytes are written without SIGPIPE.
 * Over the emulation, the bytes and the descriptor go as one message
 * (stream_write_sendfd), one system call instead of two; the receiver
 * still sees the data message first, then the descriptor.
 */
#include "apue.h"
#include "strm.h"

int send_fd(int fd, int fd_to_send)
{
	char bytes[2] = { 0, 0 };

	if (fd_to_send < 0) {
		if (fd_to_send < -255) {
			errno = EINVAL;
			return -1;
		}
		bytes[1] = (char)(unsigned char)-fd_to_send;
		return strm_write(fd, bytes, sizeof bytes);
	}
#ifdef APUE_STREAMS_EMULATED
	return stream_write_sendfd(fd, bytes, sizeof bytes, fd_to_send);
#else
	if (strm_write(fd, bytes, sizeof bytes) < 0)
		return -1;
	while (ioctl(fd, I_SENDFD, fd_to_send) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
#endif
}
