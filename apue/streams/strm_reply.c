/*
 * strm_reply.c - receive one reply of the 2-byte protocol over a stream:
 * the heart of the STREAMS recv_fd and recv_ufd (book: 2e §17.4.1,
 * a getmsg loop, then I_RECVFD).
 *
 * The text and the two protocol bytes are data messages, read with
 * getmsg and fed to the shared scanner (reply.c); once the status byte is
 * in, a status of 0 means the descriptor is the next message, taken with
 * I_RECVFD.  Differences from the book: no exit on a malformed reply, a
 * data message longer than the buffer is read in pieces (MOREDATA; over
 * the emulation the buffer holds any message, see below), EINTR
 * is retried, and the errors and messages are the socket transport's, so
 * a caller sees the same behaviour over both.
 *
 * Over the emulation each message is taken whole in one call, and one
 * that carries a descriptor brings it along (stream_getmsg_recvfd): it
 * is held as "early" and
 * take_descriptor() uses it where it would have called I_RECVFD, so the
 * reply is judged exactly as on a real stream; one never asked for is
 * closed at the end (a real stream would have left it queued).
 *
 * The rule "no received descriptor leaks" lives in take_descriptor(): a
 * descriptor is handed over only by finish(); every other one is closed.
 */
#include "apue.h"
#include "report.h"
#include "strm.h"
#include <poll.h>

struct outcome {
	int fd;                 /* the descriptor to hand over, or -1 */
	uid_t uid;
	int have_uid;
	size_t trailing_msgs;   /* pieces of data after the status byte */
	const char *problem;    /* why the reply is malformed, or NULL */
	int error;              /* errno for problem */
	struct strrecvfd early; /* taken along with the data before it */
	int early_status;       /* -1 none, 0 in early, else I_RECVFD's errno */
};

static void malformed(struct outcome *o, const char *problem, int error)
{
	if (o->problem == NULL) {
		o->problem = problem;
		o->error = error;
	}
}

/* I_RECVFD, EINTR retried; a descriptor that is not wanted is closed. */
static int take_descriptor(int fd, struct outcome *o, int wanted)
{
	struct strrecvfd rfd;
	int r;

	if (o->early_status >= 0) {
		rfd = o->early;
		r = o->early_status == 0 ? 0 : (errno = o->early_status, -1);
		o->early_status = -1;
	} else {
		while ((r = ioctl(fd, I_RECVFD, &rfd)) < 0 && errno == EINTR)
			;
	}
	if (r < 0)
		return -1;
	if (!wanted || o->fd >= 0) {
		close(rfd.fd);
		return 0;
	}
	o->fd = rfd.fd;
	o->uid = rfd.uid;
	o->have_uid = rfd.uid != (uid_t)-1;
	return 0;
}

/* After an error status: is a descriptor queued right behind it?  Then
 * the reply is malformed; the descriptor is taken and closed.  I_NREAD
 * never blocks: a message with no data bytes may be a descriptor, which
 * I_RECVFD takes (or, for an empty data message, leaves with EBADMSG). */
static int descriptor_follows(int fd, struct outcome *o)
{
	int nbytes = -1;

	if (o->early_status < 0 &&
	    (ioctl(fd, I_NREAD, &nbytes) <= 0 || nbytes != 0))
		return 0;
	return take_descriptor(fd, o, 0) == 0;
}

/* A descriptor that came with the data and was never asked for. */
static void drop_early(int fd, struct outcome *o)
{
	int saved = errno;

	if (o->early_status >= 0)
		(void)take_descriptor(fd, o, 0);
	errno = saved;
}

static int finish(struct outcome *o, const struct reply *r, uid_t *uidptr,
		  const char *who)
{
	char detail[128];

	if (o->problem == NULL && r->trailing > 0) {
		snprintf(detail, sizeof detail, "%zu bytes after the status byte",
			 r->trailing);
		malformed(o, detail, EBADMSG);
	}
	if (o->problem == NULL && r->status == 0 && uidptr != NULL &&
	    !o->have_uid)
		malformed(o, "descriptor without the sender's credentials",
			  EBADMSG);
	if (o->problem != NULL || r->user_errno != 0) {
		if (o->fd >= 0)
			close(o->fd);
		if (o->problem != NULL) {
			apue_report("%s: %s%s", who,
				o->error == EBADMSG ? "malformed reply: " : "",
				o->problem);
			errno = o->error;
		} else {
			errno = r->user_errno;
		}
		return -1;
	}
	if (r->status != 0) {
		errno = 0;              /* the peer's error, not ours */
		return -r->status;
	}
	if (uidptr != NULL)
		*uidptr = o->uid;
	return o->fd;
}

static int closed_early(const struct reply *r, size_t bytes, const char *who)
{
	if (bytes > 0 || r->seen_null)
		apue_report("%s: connection closed in the middle of a reply", who);
	else
		apue_report("%s: connection closed by peer", who);
	errno = ECONNRESET;
	return -1;
}

/* getmsg returned 0 with both lengths 0: hangup, or a message whose
 * control and data parts are both empty (putmsg can send one).  It was
 * hangup only if poll says the stream would not block (POLLHUP or
 * POLLIN) and yet no message is queued (I_NREAD). */
static int hung_up(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int nbytes;
	int r;

	while ((r = poll(&p, 1, 0)) < 0 && errno == EINTR)
		;
	if (r == 0)
		return 0;               /* nothing to read: the stream is up */
	return r < 0 || ioctl(fd, I_NREAD, &nbytes) <= 0;
}

/* getmsg; over the emulation, a descriptor that follows the data of the
 * message comes in the same step, into o->early. */
static int next_message(int fd, struct strbuf *ctl, struct strbuf *dat,
			int *flags, struct outcome *o)
{
#ifdef APUE_STREAMS_EMULATED
	return stream_getmsg_recvfd(fd, ctl, dat, flags, &o->early,
				    &o->early_status);
#else
	(void)o;
	return getmsg(fd, ctl, dat, flags);
#endif
}

/* Read data messages until the status byte is in (and the rest of the
 * message that carried it).  0, 1 at hangup, -1 on a local error. */
/* Room for one data message: over the emulation, room for any message
 * it takes whole (stream_getmsg_recvfd); on a real stream, MAXLINE, the
 * rest of a longer message coming with MOREDATA. */
#ifdef APUE_STREAMS_EMULATED
#define MESSAGE_ROOM STREAM_MSG_ROOM
#else
#define MESSAGE_ROOM MAXLINE
#endif

/* The scanner is fed MAXLINE bytes at a time, as recv_fd always read. */
static void feed(struct reply *r, const char *buf, size_t n,
		 reply_userfunc *userfunc)
{
	for (size_t off = 0; off < n; off += MAXLINE)
		reply_feed(r, buf + off, n - off < MAXLINE ? n - off : MAXLINE,
			   userfunc);
}

static int read_text(int fd, struct reply *r, size_t *bytes,
		     struct outcome *o, reply_userfunc *userfunc)
{
	char buf[MESSAGE_ROOM];
	char ctlbuf[64];
	int more = 0;

	while (!r->done || (more & MOREDATA)) {
		struct strbuf ctl = { .maxlen = sizeof ctlbuf, .buf = ctlbuf };
		struct strbuf dat = { .maxlen = sizeof buf, .buf = buf };
		int flags = 0;

		more = next_message(fd, &ctl, &dat, &flags, o);
		if (more < 0 && errno == EINTR)
			continue;
		if (more < 0 && errno == EBADMSG) {
			/* A descriptor before the status byte: not ours to
			 * keep.  Take it off the queue and close it. */
			if (take_descriptor(fd, o, 0) < 0)
				return -1;
			malformed(o, "a descriptor came before the status byte",
				  EBADMSG);
			continue;
		}
		if (more < 0 && errno == EMSGSIZE) {
			/* A crafted record longer than any message, taken and
			 * lost: malformed, but read on to the status byte,
			 * as the looking path would, to stay in step. */
			malformed(o, "a record longer than any message",
				  EBADMSG);
			continue;
		}
		if (more < 0)
			return -1;
		if (ctl.len == 0 && dat.len == 0 && more == 0 && hung_up(fd))
			return 1;               /* hangup */
		if (ctl.len >= 0 || (more & MORECTL))
			malformed(o, "a message with a control part", EBADMSG);
		if (dat.len > 0) {
			*bytes += (size_t)dat.len;
			feed(r, buf, (size_t)dat.len, userfunc);
		}
		if (o->early_status >= 0 && !r->done) {
			/* What the next getmsg would refuse (EBADMSG). */
			if (take_descriptor(fd, o, 0) < 0)
				return -1;
			malformed(o, "a descriptor came before the status byte",
				  EBADMSG);
		}
	}
	return 0;
}

int strm_recv_reply(int fd, uid_t *uidptr, reply_userfunc *userfunc,
		    const char *who)
{
	struct outcome o = { .fd = -1, .early_status = -1 };
	struct reply r;
	size_t bytes = 0;
	char detail[64];
	int got;

	reply_init(&r);
	got = read_text(fd, &r, &bytes, &o, userfunc);
	if (got != 0) {
		drop_early(fd, &o);
		return got < 0 ? -1 : closed_early(&r, bytes, who);
	}
	if (r.status != 0 && o.problem == NULL && r.trailing == 0 &&
	    descriptor_follows(fd, &o)) {
		snprintf(detail, sizeof detail, "status %d with a descriptor",
			 r.status);
		malformed(&o, detail, EBADMSG);
	}
	if (r.status == 0 && o.problem == NULL && r.trailing == 0 &&
	    take_descriptor(fd, &o, 1) < 0) {
		if (errno == EMFILE)
			malformed(&o, "no descriptor arrived: this process may "
				  "be out of descriptors (EMFILE)", EMFILE);
		else if (errno == ENXIO || errno == EBADMSG)
			malformed(&o, "status 0 but no descriptor", EBADMSG);
		else
			return -1;
	}
	drop_early(fd, &o);
	return finish(&o, &r, uidptr, who);
}
