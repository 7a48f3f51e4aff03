/*
 * strm.h - internals of the STREAMS transport: the helpers the book's
 * STREAMS functions call beside the book's code.  They use only the SVR4
 * interface of <stropts.h> (getmsg, ioctl I_RECVFD and I_NREAD), so they
 * run unchanged on a system with real STREAMS and over our emulation.
 */
#ifndef APUE_STRM_H
#define APUE_STRM_H

#include <sys/types.h>
#include <stropts.h>
#include "reply.h"

/* The biggest parts of a message a stream head makes by default (Solaris:
 * strmsgsz 64 KB, strctlsz 1 KB): recv_fd's buffers hold any message
 * whole, so one getmsg takes each piece of a reply. */
#define STRMSGSZ 65536
#define STRCTLSZ 1024

/* Write all n bytes as one message; EINTR retried, no SIGPIPE.  0 or -1. */
int strm_write(int fd, const void *buf, size_t n);

/* ioctl(fd, I_SENDFD, fd_to_send) for send_fd, EINTR retried.  I_SENDFD
 * never blocks: it fails with EAGAIN while the receiving stream head is
 * full.  On a blocking stream that is waited for with poll(POLLOUT) and
 * I_SENDFD tried again, as often as it takes; on an O_NONBLOCK stream it
 * is EAGAIN.  0 or -1 with errno. */
int strm_sendfd(int fd, int fd_to_send);

/* Before send_fd's two bytes on an O_NONBLOCK stream: 0 if poll says a
 * write would not block (POLLOUT), else -1 with EAGAIN, so that a full
 * stream refuses the reply before its status byte goes.  (The two bytes
 * may still fill the stream head; strm_sendfd is then EAGAIN with the
 * bytes sent.  Over our emulation, with one writer, they cannot: POLLOUT
 * there means room for a quarter of the send buffer at least.)  A
 * blocking stream: 0 at once.  0 or -1 with errno. */
int strm_room_nonblock(int fd);

/* getmsg for recv_fd: the next data message's bytes into buf (size
 * bytes), EINTR retried.  What does not belong in a reply before its status
 * byte is noted in *a and skipped: a descriptor (taken with I_RECVFD and
 * closed), a control part, a message too long for any stream; empty
 * messages are skipped.  *more gets getmsg's MOREDATA.  Data bytes, 0 at
 * hangup, -1 with errno on a local error. */
ssize_t strm_get_data(int fd, char *buf, size_t size, struct arrived *a,
		      int *more);

/* After the status byte: read the rest of the message that carried it
 * (*more from strm_get_data), counted as trailing bytes.  0 or -1. */
int strm_finish_message(int fd, char *buf, size_t size, struct reply *r,
			struct arrived *a, int more);

/* ioctl(I_RECVFD) for a status 0 reply, EINTR retried: the descriptor
 * and the sender's uid go to *a.  A reply with no descriptor behind it is
 * noted in *a (EMFILE when it arrived but could not be installed).  0, or
 * -1 with errno on a local error. */
int strm_take_fd(int fd, struct arrived *a);

/* For a reply that gets no descriptor (an error status, or a malformed
 * reply): if a descriptor is queued right behind it, take it into *a,
 * where the verdict closes it.  Never blocks (I_NREAD first). */
void strm_take_fd_behind(int fd, struct arrived *a);

#endif
