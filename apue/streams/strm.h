/*
 * strm.h - internals of the STREAMS transport (book's functions on top of
 * <stropts.h>, real or emulated).
 */
#ifndef APUE_STRM_H
#define APUE_STRM_H

#include <sys/types.h>
#include <stropts.h>
#include "reply.h"

/* Write all n bytes as one message; EINTR retried, no SIGPIPE.  0 or -1. */
int strm_write(int fd, const void *buf, size_t n);

/* Receive one reply (see apue.h, recv_fd); with uidptr, store the
 * sender's user ID there.  who names the caller in messages. */
int strm_recv_reply(int fd, uid_t *uidptr, reply_userfunc *userfunc,
		    const char *who);

#endif
