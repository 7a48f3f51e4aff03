/*
 * stream_pipe.c - a STREAMS-based pipe, emulated, and stream_probe, the
 * test behind isastream(3C) (isastream.c).
 *
 * SVR4's pipe(2) returns two connected stream heads; here they are the
 * two ends of an AF_UNIX SOCK_SEQPACKET pair, each with SO_PASSCRED so
 * that credentials come with every message (see emu.h).
 */
#include "emu.h"
#include <errno.h>
#include <unistd.h>

int stream_make_head(int fd)
{
	const int on = 1;

	return setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
}

int stream_pipe(int fd[2])
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		return -1;
	if (stream_make_head(sv[0]) < 0 || stream_make_head(sv[1]) < 0) {
		int error = errno;

		close(sv[0]);
		close(sv[1]);
		errno = error;
		return -1;
	}
	fd[0] = sv[0];
	fd[1] = sv[1];
	return 0;
}

int stream_probe(int fd)
{
	int type, domain;
	socklen_t len = sizeof type;

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0) {
		if (errno == ENOTSOCK)
			return 0;
		return -1;              /* EBADF */
	}
	if (type != SOCK_SEQPACKET)
		return 0;
	len = sizeof domain;
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0)
		return -1;
	return domain == AF_UNIX;
}
