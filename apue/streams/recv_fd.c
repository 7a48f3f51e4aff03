/*
 * recv_fd.c - receive a descriptor over a STREAMS pipe (book: 2e §17.4.1,
 * the STREAMS recv_fd).  The work is done by strm_recv_reply
 * (strm_reply.c), which recv_ufd shares.
 */
#include "apue.h"
#include "strm.h"

int recv_fd(int fd, ssize_t (*userfunc)(int, const void *, size_t))
{
	return strm_recv_reply(fd, NULL, userfunc, "recv_fd");
}
