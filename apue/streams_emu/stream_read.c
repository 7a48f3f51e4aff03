/*
 * stream_read.c - read(2) of an emulated stream, in the stream head's
 * default read modes (streamio(7I), I_SRDOPT): byte-stream (RNORM) and
 * normal protocol (RPROTNORM).  STREAMS builds send every read(2) here
 * when its descriptor is a stream (io_wrap.c).
 *
 * RNORM: the read ends when the count is met, when no more data is
 * queued, or at a zero-length message; what is left of a message stays
 * queued for the next read (a SOCK_SEQPACKET read would discard it).  A
 * zero-length message met first is removed and the read returns 0; met
 * after some data, it stays for the next read.  RPROTNORM: a message with
 * a control part, or a passed descriptor, at the head fails the read with
 * EBADMSG and stays queued.  The data written before a descriptor in one
 * M_PASSFP record (stream_write_sendfd) is read like any data; the
 * descriptor after it ends the read.
 *
 * Only offsets are kept (headstate.c), so a message is removed from the
 * socket only once it has been wholly read.
 */
#include "emu.h"
#include <errno.h>
#include <string.h>

/* Take up to room bytes of the data message (or M_PASSFP prefix) h.
 * Returns the bytes copied, *ends when the read must stop after them, or
 * -1 with errno when nothing may be counted (the offset could not be
 * kept: ENOSR). */
static ssize_t take_data(int fd, struct head_msg *h, char *dst, size_t room,
			 int *ends)
{
	struct head_state st;
	size_t left, n;

	headstate_get(fd, h, &st);
	left = (size_t)h->data_len - st.data_off;
	n = left < room ? left : room;
	memcpy(dst, h->data + st.data_off, n);
	st.data_off += n;
	*ends = n < left || h->kind == HEAD_PASSFP;
	if (n == left && h->kind == HEAD_DATA) {
		headstate_clear(fd);            /* wholly read: remove it */
		if (head_consume(fd, NULL, NULL, NULL) < 0)
			return -1;
		return (ssize_t)n;
	}
	if (n == left)
		st.data_done = 1;       /* the descriptor is next: I_RECVFD */
	if (headstate_put(fd, h, &st) < 0)
		return -1;
	return (ssize_t)n;
}

/* Bytes of the head message that read(2) may still take: -1 when none
 * (a control part, or a descriptor with no data left before it). */
static long readable(int fd, const struct head_msg *h)
{
	struct head_state st;

	if (h->kind == HEAD_DATA)
		return h->data_len;     /* offsets are looked up in take_data */
	if (h->kind != HEAD_PASSFP || h->data_len <= 0)
		return -1;
	headstate_get(fd, h, &st);
	return st.data_done ? -1 : h->data_len;
}

ssize_t stream_read(int fd, void *buf, size_t nbytes)
{
	char *dst = buf;
	size_t got = 0;
	int ends = 0;

	if (nbytes == 0)
		return 0;
	if (held_any(fd)) {
		errno = EBADMSG;        /* a descriptor is next (getmsg.c) */
		return -1;
	}
	while (got < nbytes && !ends) {
		struct head_msg h;
		ssize_t n;
		long len;

		/* Block only for the first message, as read(2) does. */
		if (head_peek(fd, &h, got > 0) < 0)
			return got > 0 ? (ssize_t)got : -1;
		if (h.kind == HEAD_HANGUP)
			break;
		len = readable(fd, &h);
		if (len < 0) {
			head_release(&h);
			if (got > 0)
				break;
			errno = EBADMSG;
			return -1;
		}
		if (len == 0) {                 /* a zero-length message */
			head_release(&h);
			if (got > 0)
				break;
			headstate_clear(fd);
			return head_consume(fd, NULL, NULL, NULL) < 0 ? -1 : 0;
		}
		n = take_data(fd, &h, dst + got, nbytes - got, &ends);
		head_release(&h);
		if (n < 0)
			return got > 0 ? (ssize_t)got : -1;
		got += (size_t)n;
	}
	return (ssize_t)got;
}
