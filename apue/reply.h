/*
 * reply.h - the receiving half of the 2-byte protocol, shared by both
 * transports (internal to the library).
 *
 * A reply is: text, a null byte, a status byte.  The transport reads bytes
 * however they arrive and feeds them here; the scanner hands the text to
 * the caller's userfunc and reports when the status byte has arrived.
 */
#ifndef APUE_REPLY_H
#define APUE_REPLY_H

#include <stddef.h>
#include <sys/types.h>

typedef ssize_t reply_userfunc(int, const void *, size_t);

struct reply {
	size_t bytes;           /* bytes fed so far */
	int seen_null;          /* the null byte has arrived */
	int done;               /* the status byte has arrived */
	int status;             /* 0..255, valid when done */
	size_t trailing;        /* bytes that came after the status byte */
	int user_errno;         /* first failure of userfunc, or 0 */
};

void reply_init(struct reply *r);

/* Consume n bytes.  Text goes to userfunc (unless NULL); a failure there is
 * remembered in user_errno and the reply is still read to its end, so the
 * stream stays in step.  Bytes after the status byte are counted in
 * trailing: the caller treats them as a malformed reply. */
void reply_feed(struct reply *r, const char *buf, size_t n,
		reply_userfunc *userfunc);

#endif
