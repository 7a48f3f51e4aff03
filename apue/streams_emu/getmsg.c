/*
 * getmsg.c - getmsg(2) and getpmsg(2), emulated: read the next message
 * from a stream, its control part into ctlptr and its data part into
 * dataptr.
 *
 * The strbuf rules: len -1 means the message has no such part, 0 a part
 * that is present and empty; a NULL strbuf or maxlen -1 leaves that part
 * queued; a part longer than maxlen is returned in pieces, with MORECTL
 * or MOREDATA, the rest waiting for the next call.  Hangup returns 0 with
 * both lengths 0.  A passed descriptor at the head is EBADMSG and stays
 * queued for I_RECVFD.  Only band 0 and no high-priority messages: see
 * apue/streams_emu/README.md, "Semantics not reproduced".
 *
 * With room for any message (a data part of STREAM_MSGSZ, a control part
 * of STREAM_CTLSZ) and nothing half read, getmsg takes the head message
 * whole in one recvmsg, with no look first (take_message).  When that
 * message is the data written before a descriptor together with it (the
 * record stream_write_sendfd makes), the descriptor comes in the same
 * call: it is held (held_put) as if still queued, and I_RECVFD hands it
 * over without another system call.  So recv_fd's getmsg and I_RECVFD cost
 * one recvmsg, as on a socket.
 *
 * stream_getmsg_recvfd is getmsg followed by I_RECVFD in one step.
 */
#include "emu.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Hand over what fits of one part; return 1 when some of it remains. */
static int give_part(struct strbuf *sb, const char *part, long part_len,
		     size_t *off, int *done)
{
	size_t left, n;

	if (part_len < 0 || *done) {
		if (sb != NULL && sb->maxlen >= 0)
			sb->len = -1;
		return 0;
	}
	left = (size_t)part_len - *off;
	if (sb == NULL || sb->maxlen < 0)
		return left > 0;        /* not asked for: stays queued */
	n = left < (size_t)sb->maxlen ? left : (size_t)sb->maxlen;
	if (n > 0)
		memcpy(sb->buf, part + *off, n);
	sb->len = (int)n;
	*off += n;
	if (*off == (size_t)part_len)
		*done = 1;
	return !*done;
}

static int nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl >= 0 && (fl & O_NONBLOCK);
}

/* getmsg; with taken != NULL, also the descriptor of an M_PASSFP message
 * whose data this call finishes (see stream_getmsg_recvfd). */
static int get_message(int fd, struct strbuf *ctlptr, struct strbuf *dataptr,
		       int *flagsp, struct strrecvfd *r, int *taken)
{
	struct head_msg h;
	struct head_state st;
	int more = 0;

	if (flagsp == NULL || (*flagsp != 0 && *flagsp != RS_HIPRI)) {
		errno = EINVAL;
		return -1;
	}
	if (*flagsp == RS_HIPRI) {
		/* No message is ever high priority here, so none would come:
		 * say so at once instead of blocking forever. */
		errno = nonblocking(fd) ? EAGAIN : EINVAL;
		return -1;
	}
	if (held_any(fd)) {
		errno = EBADMSG;        /* a descriptor is next: I_RECVFD */
		return -1;
	}
	if (head_peek(fd, &h, 0) < 0)
		return -1;
	if (h.kind == HEAD_HANGUP) {
		if (ctlptr != NULL && ctlptr->maxlen >= 0)
			ctlptr->len = 0;
		if (dataptr != NULL && dataptr->maxlen >= 0)
			dataptr->len = 0;
		*flagsp = 0;
		return 0;
	}
	headstate_get(fd, &h, &st);
	if (h.kind == HEAD_PASSFP && (h.data_len == 0 || st.data_done)) {
		head_release(&h);       /* the descriptor is next: I_RECVFD */
		errno = EBADMSG;
		return -1;
	}
	if (h.kind == HEAD_PASSFP)
		st.ctl_done = 1;        /* the prefix is plain data */
	if (give_part(ctlptr, h.ctl, h.ctl_len, &st.ctl_off, &st.ctl_done))
		more |= MORECTL;
	if (give_part(dataptr, h.data, h.data_len, &st.data_off, &st.data_done))
		more |= MOREDATA;
	if (h.ctl_len < 0)
		st.ctl_done = 1;
	if (h.data_len < 0)
		st.data_done = 1;
	*flagsp = 0;

	if (st.ctl_done && st.data_done && h.kind != HEAD_PASSFP) {
		/* Wholly read: take it off the queue. */
		headstate_clear(fd);
		head_release(&h);
		return head_consume(fd, NULL, NULL, NULL) < 0 ? -1 : 0;
	}
	if (h.kind == HEAD_PASSFP && st.data_done && taken != NULL) {
		/* The data is all out: the descriptor is next, take it. */
		headstate_clear(fd);
		head_release(&h);
		if (passfp_take(fd, &h.wire, 1, r) == 0)
			*taken = 0;
		else if (errno == EMFILE)
			*taken = EMFILE;
		else
			return -1;      /* ENOMSG: what was handed over is void */
		return more;
	}
	if (headstate_put(fd, &h, &st) < 0) {
		head_release(&h);
		return -1;      /* nothing counts as read; all stays queued */
	}
	head_release(&h);
	return more;
}

/* Copy one part of a message taken whole; a part longer than the room
 * is cut (the message is gone: see stream_getmsg_recvfd). */
static void put_part(struct strbuf *sb, const char *part, long part_len)
{
	size_t n;

	if (sb == NULL || sb->maxlen < 0)
		return;
	if (part_len < 0) {
		sb->len = -1;
		return;
	}
	n = (size_t)part_len < (size_t)sb->maxlen ? (size_t)part_len :
						    (size_t)sb->maxlen;
	memmove(sb->buf, part, n);
	sb->len = (int)n;
}

/* stream_getmsg_recvfd's one-call path: the head message removed whole
 * into dataptr's buffer, its descriptor (if any) into *r. */
static int take_whole(int fd, struct strbuf *ctlptr, struct strbuf *dataptr,
		      struct strrecvfd *r, int *taken)
{
	struct head_msg h;
	struct wire_creds creds = { 0 };
	int got;

	if (head_take(fd, dataptr->buf, (size_t)dataptr->maxlen, &h, &got,
		      &creds) < 0)
		return -1;
	if (h.kind == HEAD_HANGUP) {
		if (ctlptr != NULL && ctlptr->maxlen >= 0)
			ctlptr->len = 0;
		dataptr->len = 0;
		return 0;
	}
	/* The control part before the data: copy it out first, then move
	 * the data to the front of the buffer it was received into. */
	put_part(ctlptr, h.ctl, h.ctl_len);
	put_part(dataptr, h.data, h.data_len);
	if (h.kind == HEAD_PASSFP) {
		if (got < 0) {
			*taken = EMFILE;        /* the kernel could not install it */
		} else {
			r->fd = got;
			passfp_ids(r, &creds, &h.wire);
			*taken = 0;
		}
	}
	return 0;
}

/* getmsg's one-call path: room for any part of any message our writers
 * make, ordinary priority, and no message half read. */
static int room_for_any(int fd, const struct strbuf *ctlptr,
			const struct strbuf *dataptr, const int *flagsp)
{
	return flagsp != NULL && *flagsp == 0 && ctlptr != NULL &&
	       dataptr != NULL && ctlptr->maxlen >= STREAM_CTLSZ &&
	       dataptr->maxlen >= STREAM_MSGSZ && !headstate_any(fd) &&
	       !held_any(fd);
}

/* Take the head message whole; an M_PASSFP message's descriptor is held
 * for I_RECVFD.  A record too long for its parts is EMSGSIZE and lost
 * (only a sender that crafts its own records makes one). */
static int take_message(int fd, struct strbuf *ctlptr, struct strbuf *dataptr,
			int *flagsp)
{
	char room[STREAM_MSG_ROOM];
	struct head_msg h;
	struct wire_creds creds = { 0 };
	struct strrecvfd r;
	int got;

	if (head_take(fd, room, sizeof room, &h, &got, &creds) < 0)
		return -1;
	*flagsp = 0;
	if (h.kind == HEAD_HANGUP) {
		ctlptr->len = 0;
		dataptr->len = 0;
		return 0;
	}
	if (h.ctl_len > ctlptr->maxlen || h.data_len > dataptr->maxlen) {
		if (got >= 0)
			close(got);
		errno = EMSGSIZE;
		return -1;
	}
	put_part(ctlptr, h.ctl, h.ctl_len);
	put_part(dataptr, h.data, h.data_len);
	if (h.kind != HEAD_PASSFP)
		return 0;
	if (got >= 0) {
		r.fd = got;
		passfp_ids(&r, &creds, &h.wire);
	}
	if (held_put(fd, got >= 0 ? &r : NULL, got >= 0 ? 0 : EMFILE) < 0) {
		if (got >= 0)
			close(got);
		return -1;
	}
	if (h.data_len <= 0) {
		errno = EBADMSG;        /* a descriptor alone: I_RECVFD's */
		return -1;
	}
	return 0;
}

int getmsg(int fd, struct strbuf *ctlptr, struct strbuf *dataptr,
	   int *flagsp)
{
	int r;

	if (room_for_any(fd, ctlptr, dataptr, flagsp))
		r = take_message(fd, ctlptr, dataptr, flagsp);
	else
		r = get_message(fd, ctlptr, dataptr, flagsp, NULL, NULL);
	if (r < 0 && errno == ENOSTR)
		stream_not_linked_notice(fd);
	return r;
}

int stream_getmsg_recvfd(int fd, struct strbuf *ctlptr,
			 struct strbuf *dataptr, int *flagsp,
			 struct strrecvfd *r, int *taken)
{
	if (r == NULL || taken == NULL) {
		errno = EFAULT;
		return -1;
	}
	*taken = -1;
	if (held_any(fd)) {
		errno = EBADMSG;        /* a descriptor is next: I_RECVFD */
		return -1;
	}
	if (flagsp != NULL && *flagsp == 0 && dataptr != NULL &&
	    ctlptr != NULL && ctlptr->maxlen >= 0 &&
	    dataptr->maxlen >= STREAM_MSG_ROOM && !headstate_any(fd))
		return take_whole(fd, ctlptr, dataptr, r, taken);
	return get_message(fd, ctlptr, dataptr, flagsp, r, taken);
}

int getpmsg(int fd, struct strbuf *ctlptr, struct strbuf *dataptr,
	    int *bandp, int *flagsp)
{
	int flags;
	int r;

	if (bandp == NULL || flagsp == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (*flagsp == MSG_HIPRI) {
		flags = RS_HIPRI;
	} else if (*flagsp == MSG_ANY || (*flagsp == MSG_BAND && *bandp == 0)) {
		flags = 0;
	} else {
		errno = EINVAL;         /* bands above 0 are not emulated */
		return -1;
	}
	r = getmsg(fd, ctlptr, dataptr, &flags);
	if (r >= 0) {
		*bandp = 0;
		*flagsp = MSG_BAND;
	}
	return r;
}
