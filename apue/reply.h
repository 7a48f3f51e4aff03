/*
 * reply.h - what both transports' recv_fd and recv_ufd share (internal to
 * the library): the scan of a reply and the verdict on it.
 *
 * A reply is: text, a null byte, a status byte (see apue.h).  Each recv_fd
 * keeps the book's loop: read a piece, scan it, pass the text to userfunc,
 * and once the status byte is in, return the descriptor or -status.  The
 * duties the book leaves out are here, each in one place:
 *   reply_scan      the book's scan, which also accepts the null and the
 *                   status bytes arriving in separate reads;
 *   reply_text      userfunc's failure is remembered, not returned at
 *                   once, so the reply is still read to its end;
 *   reply_keep_fd   the first descriptor is held, every other one closed;
 *   reply_verdict   the held descriptor is handed over only when the reply
 *                   is well-formed; otherwise it is closed and the problem
 *                   reported (one line on stderr, errno set);
 *   reply_peer_closed, reply_failed   the other two ways out, which close
 *                   the held descriptor too.
 */
#ifndef APUE_REPLY_H
#define APUE_REPLY_H

#include "apue.h"

typedef ssize_t reply_userfunc(int, const void *, size_t);

/* Where the scan of one reply stands. */
struct reply {
	size_t bytes;           /* bytes scanned so far */
	int seen_null;          /* the null byte has arrived */
	int status;             /* -1 until the status byte arrives, then 0..255 */
	size_t trailing;        /* bytes that came after the status byte */
};

void reply_init(struct reply *r);

/* Scan n more bytes of the reply.  Returns how many of them, from the
 * start of buf, are text for userfunc.  Sets r->status when the status
 * byte is among them; bytes after it are counted in r->trailing (a
 * malformed reply). */
size_t reply_scan(struct reply *r, const char *buf, size_t n);

/* What one reply has brought besides its bytes. */
struct arrived {
	int fd;                 /* the one descriptor we may hand over, or -1 */
	size_t extra;           /* descriptors beyond the first (closed) */
	int truncated;          /* the kernel cut the control data */
	int bad_rights;         /* a descriptor list of odd length */
	int have_uid;           /* the sender's credentials came with fd */
	uid_t uid;
	int user_errno;         /* userfunc's first failure, or 0 */
	const char *problem;    /* why the reply is malformed, first found */
	int error;              /* errno for problem */
	char detail[128];       /* room for a problem with numbers in it */
};

void arrived_init(struct arrived *a);

/* Pass n bytes of text to userfunc (if not NULL); remember a failure. */
void reply_text(struct arrived *a, reply_userfunc *userfunc,
		const char *text, size_t n);

/* Hold fd if no descriptor is held yet; otherwise close it at once. */
void reply_keep_fd(struct arrived *a, int fd);

/* Note why the reply is malformed (the first problem wins); error is the
 * errno the caller will see: EBADMSG, or EMFILE when we ran out. */
void reply_malformed(struct arrived *a, int error, const char *fmt, ...)
	APUE_PRINTF(3, 4);

/* The status byte is in: the held descriptor (storing the sender's uid in
 * *uidptr when uidptr is not NULL, which also demands credentials), or
 * -status with errno 0, or -1 with errno set after closing it. */
int reply_verdict(struct arrived *a, const struct reply *r, uid_t *uidptr,
		  const char *who);

/* The peer closed before the status byte: ECONNRESET, held fd closed. */
int reply_peer_closed(struct arrived *a, const struct reply *r,
		      const char *who);

/* A local error (errno set by the failed call): -1, held fd closed. */
int reply_failed(struct arrived *a);

#endif
