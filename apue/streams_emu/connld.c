/*
 * connld.c - the part of connld(4M) that makes an opener wait: "The
 * originating process is blocked until the server responds", and "if the
 * server process exits before issuing the I_RECVFD request", the open
 * fails.  Linux only.
 *
 * The fattach helper sends one end of a new pipe up the attached stream
 * (an M_PASSFP record marked WIRE_OPENER) and the other end to the opener
 * (marked WIRE_CONNLD).  Whichever call of the server takes the first
 * (I_RECVFD, or getmsg's one-step path; both go through wire.c) puts one
 * WIRE_ACCEPTED record on the pipe at once, before the server can write
 * to it; the opener's open returns when that record comes, and fails when
 * the pipe hangs up instead (a server that exits drops the pipe end still
 * queued for it).  The record is taken by the opener, so neither side of
 * the pipe ever reads it.
 */
#include "emu.h"
#include <errno.h>
#include <string.h>

void connld_accepted(int fd)
{
	struct wire_head wh = { .magic = WIRE_MAGIC, .kind = WIRE_ACCEPTED };

	/* One small record on an empty pipe: never blocks, never signals. */
	(void)send(fd, &wh, sizeof wh, MSG_DONTWAIT | MSG_NOSIGNAL);
}

int connld_await(int fd)
{
	struct wire_head wh;
	ssize_t n;

	/* A peek, so that a first record that is not ours stays queued. */
	do
		n = recv(fd, &wh, sizeof wh, MSG_PEEK);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0) {
		/* Nothing comes before the acceptance, so no record at all:
		 * the other end was closed without being taken. */
		errno = ENXIO;
		return -1;
	}
	if ((size_t)n == sizeof wh && wh.magic == WIRE_MAGIC &&
	    wh.kind == WIRE_ACCEPTED)
		(void)recv(fd, &wh, sizeof wh, MSG_DONTWAIT);
	return 0;
}
