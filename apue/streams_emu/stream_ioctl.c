/*
 * stream_ioctl.c - the STREAMS ioctls of streamio(7I), emulated:
 * I_SENDFD, I_RECVFD, I_NREAD and I_PUSH ("connld" only).  Any other
 * request goes to the system's ioctl unchanged.
 *
 * <stropts.h> (ours) defines ioctl as stream_ioctl, so only code that
 * includes it comes here.
 */
#include "emu.h"
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
#undef ioctl                    /* below, ioctl is the system's */

/* I_SENDFD: pass fd_to_send as an M_PASSFP message.  Never blocks. */
static int send_passfp(int fd, int fd_to_send)
{
	struct wire_head wh = { .magic = WIRE_MAGIC, .kind = WIRE_PASSFP };

	if (wire_send(fd, &wh, NULL, 0, NULL, 0, fd_to_send, 1) < 0) {
		if (errno == EPIPE || errno == ECONNRESET)
			errno = ENXIO;          /* hangup */
		else if (errno == ENOSTR)
			errno = ENOTTY;
		return -1;
	}
	return 0;
}

/* The IDs a record states for its opener are believed only from a sender
 * the kernel vouches for: root, or our own effective user (the fattach
 * helper runs as the process that attached the name). */
void passfp_ids(struct strrecvfd *r, const struct wire_creds *c,
		const struct wire_head *wh)
{
	r->uid = c->have ? c->uid : (uid_t)-1;
	r->gid = c->have ? c->gid : (gid_t)-1;
	if ((wh->flags & WIRE_OPENER) && c->have &&
	    (c->uid == 0 || c->uid == geteuid())) {
		r->uid = (uid_t)wh->opener_uid;
		r->gid = (gid_t)wh->opener_gid;
	}
}

/* Remove the head record, which a peek showed to be the M_PASSFP message
 * *seen* (kind WIRE_PASSFP), and hand its descriptor over in *r.  Between
 * the peek and this removal another reader of the stream may have taken
 * that message: then the record removed is another one.  It is accepted
 * only if it is an M_PASSFP message with no data before its descriptor
 * and data_read is 0 (nothing was returned from the message seen, so
 * taking the next one's descriptor is what I_RECVFD would have done).
 * Otherwise ENOMSG: the record removed is lost, its descriptors closed
 * (ENOMSG too when the queue is empty by now).  EMFILE when the kernel
 * could not install the descriptor.  0 or -1. */
int passfp_take(int fd, const struct wire_head *seen, int data_read,
		struct strrecvfd *r)
{
	struct wire_creds creds = { 0 };
	struct wire_head wh;
	int got;

	if (head_consume(fd, &got, &creds, &wh) < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			errno = ENOMSG;
		return -1;
	}
	if (wh.magic != WIRE_MAGIC || wh.kind != WIRE_PASSFP ||
	    (wh.cookie != seen->cookie && (data_read || wh.data_len != 0))) {
		if (got >= 0)
			close(got);
		errno = ENOMSG;
		return -1;
	}
	if (got < 0) {
		/* The kernel drops a descriptor it cannot install. */
		errno = EMFILE;
		return -1;
	}
	r->fd = got;
	passfp_ids(r, &creds, &wh);
	return 0;
}

/* I_RECVFD: take the M_PASSFP message at the head: first one that getmsg
 * took along with its data (held), else the head record. */
static int recv_passfp(int fd, struct strrecvfd *r)
{
	struct head_msg h;
	struct head_state st;
	int error;

	if (r == NULL) {
		errno = EFAULT;
		return -1;
	}
	if (held_take(fd, r, &error)) {
		if (error != 0) {
			errno = error;  /* it arrived, but could not be installed */
			return -1;
		}
		return 0;
	}
	if (head_peek(fd, &h, 0) < 0)
		return errno == ENOSTR ? (errno = ENOTTY, -1) : -1;
	if (h.kind == HEAD_HANGUP) {
		errno = ENXIO;
		return -1;
	}
	headstate_get(fd, &h, &st);
	head_release(&h);
	if (h.kind != HEAD_PASSFP || (h.data_len > 0 && !st.data_done)) {
		errno = EBADMSG;        /* data first: it stays queued */
		return -1;
	}
	headstate_clear(fd);
	return passfp_take(fd, &h.wire, h.data_len > 0, r);
}

/* I_NREAD: data bytes in the first message; returns how many messages
 * are queued, which the emulation can only say is 0 or at least 1. */
static int count_unread(int fd, int *countp)
{
	struct head_msg h;
	struct head_state st;
	long left = 0;

	if (countp == NULL) {
		errno = EFAULT;
		return -1;
	}
	if (held_any(fd)) {
		*countp = 0;            /* M_PASSFP: a message of no data */
		return 1;
	}
	if (head_peek(fd, &h, 1) < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return errno == ENOSTR ? (errno = ENOTTY, -1) : -1;
		*countp = 0;
		return 0;
	}
	if (h.kind == HEAD_HANGUP) {
		*countp = 0;
		return 0;
	}
	headstate_get(fd, &h, &st);
	if (h.data_len > 0 && !st.data_done)
		left = h.data_len - (long)st.data_off;
	head_release(&h);
	*countp = (int)left;
	return 1;
}

/* The STREAMS requests, answered here or in streamio.c; *ours is 0 for
 * any other request, which goes to the system's ioctl. */
static int streams_request(int fd, unsigned long request, va_list ap,
			   int *ours)
{
	*ours = 1;
	switch (request) {
	case I_SENDFD:
		return send_passfp(fd, va_arg(ap, int));
	case I_RECVFD:
		return recv_passfp(fd, va_arg(ap, void *));
	case I_NREAD:
		return count_unread(fd, va_arg(ap, void *));
	case I_PUSH:
		return push_module(fd, va_arg(ap, void *));
	case I_CANPUT: case I_FLUSH: case I_SRDOPT:     /* streamio.c */
		return streamio_int(fd, request, va_arg(ap, int));
	case I_LIST: case I_FIND: case I_LOOK: case I_PEEK: case I_GRDOPT:
		return streamio_ptr(fd, request, va_arg(ap, void *));
	case I_POP: case I_STR: case I_SETSIG: case I_GETSIG: case I_LINK:
	case I_UNLINK: case I_FDINSERT: case I_SWROPT: case I_GWROPT:
	case I_PLINK: case I_PUNLINK: case I_FLUSHBAND: case I_CKBAND:
	case I_GETBAND: case I_ATMARK: case I_SETCLTIME: case I_GETCLTIME:
		return streamio_refused(fd);
	default:
		/* Every other request takes a pointer or an integer that
		 * the kernel reads as unsigned long; pass it on as such. */
		*ours = 0;
		return ioctl(fd, request, va_arg(ap, void *));
	}
}

int stream_ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	int r, ours;

	va_start(ap, request);
	r = streams_request(fd, request, ap, &ours);
	va_end(ap);
	if (r < 0 && ours && errno == ENOTTY)   /* fd is no stream */
		stream_not_linked_notice(fd);
	return r;
}
