/*
 * reply.c - the scan of a reply and the verdict on it, shared by both
 * transports' recv_fd and recv_ufd (see reply.h).
 */
#include "reply.h"
#include "report.h"
#include <stdarg.h>

void reply_init(struct reply *r)
{
	memset(r, 0, sizeof *r);
	r->status = -1;
}

/* The book's scan, one piece at a time: text runs up to the null byte,
 * and the byte after the null is the status. */
size_t reply_scan(struct reply *r, const char *buf, size_t n)
{
	const char *ptr = buf, *end = buf + n;
	size_t ntext = 0;

	r->bytes += n;
	if (r->status >= 0) {           /* the reply was already complete */
		r->trailing += n;
		return 0;
	}
	if (!r->seen_null) {
		const char *nul = memchr(buf, '\0', n);

		if (nul == NULL)
			return n;               /* all text */
		ntext = (size_t)(nul - buf);
		r->seen_null = 1;
		ptr = nul + 1;
	}
	if (ptr < end) {
		r->status = *ptr++ & 0xFF;      /* 0..255, whatever char's sign */
		r->trailing = (size_t)(end - ptr);
	}
	return ntext;
}

void arrived_init(struct arrived *a)
{
	memset(a, 0, sizeof *a);
	a->fd = -1;
}

void reply_text(struct arrived *a, reply_userfunc *userfunc,
		const char *text, size_t n)
{
	if (n == 0 || userfunc == NULL || a->user_errno != 0)
		return;
	errno = 0;
	if (userfunc(STDERR_FILENO, text, n) != (ssize_t)n)
		a->user_errno = errno != 0 ? errno : EIO;
}

void reply_keep_fd(struct arrived *a, int fd)
{
	if (a->fd < 0) {
		a->fd = fd;
	} else {
		close(fd);
		a->extra++;
	}
}

void reply_malformed(struct arrived *a, int error, const char *fmt, ...)
{
	va_list ap;

	if (a->problem != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(a->detail, sizeof a->detail, fmt, ap);
	va_end(ap);
	a->problem = a->detail;
	a->error = error;
}

/* The problems only a socket's control data can have, most telling first. */
static void judge_control(struct arrived *a)
{
	if (a->truncated && a->fd < 0)
		reply_malformed(a, EMFILE, "control data truncated and no "
				"descriptor arrived: this process may be out "
				"of descriptors (EMFILE)");
	else if (a->truncated)
		reply_malformed(a, EBADMSG, "control data truncated "
				"(descriptors that did not fit were closed)");
	else if (a->bad_rights)
		reply_malformed(a, EBADMSG, "SCM_RIGHTS message of odd length");
	else if (a->extra > 0)
		reply_malformed(a, EBADMSG, "%zu descriptors, expected at most 1",
				a->extra + 1);
}

int reply_verdict(struct arrived *a, const struct reply *r, uid_t *uidptr,
		  const char *who)
{
	judge_control(a);
	if (r->trailing > 0)
		reply_malformed(a, EBADMSG, "%zu bytes after the status byte",
				r->trailing);
	else if (r->status == 0 && a->fd < 0)
		reply_malformed(a, EBADMSG, "status 0 but no descriptor");
	else if (r->status != 0 && a->fd >= 0)
		reply_malformed(a, EBADMSG, "status %d with a descriptor",
				r->status);
	else if (r->status == 0 && uidptr != NULL && !a->have_uid)
		reply_malformed(a, EBADMSG,
				"descriptor without the sender's credentials");

	if (a->problem != NULL || a->user_errno != 0) {
		if (a->fd >= 0)
			close(a->fd);
		if (a->problem != NULL) {
			apue_report("%s: %s%s", who, a->error == EBADMSG ?
				    "malformed reply: " : "", a->problem);
			errno = a->error;
		} else {
			errno = a->user_errno;
		}
		return -1;
	}
	if (r->status != 0) {
		errno = 0;              /* the peer's error, not ours */
		return -r->status;
	}
	if (uidptr != NULL)
		*uidptr = a->uid;
	return a->fd;
}

int reply_peer_closed(struct arrived *a, const struct reply *r,
		      const char *who)
{
	if (a->fd >= 0)
		close(a->fd);
	if (r->bytes > 0 || a->extra > 0)
		apue_report("%s: connection closed in the middle of a reply", who);
	else
		apue_report("%s: connection closed by peer", who);
	errno = ECONNRESET;
	return -1;
}

int reply_failed(struct arrived *a)
{
	int saved = errno;

	if (a->fd >= 0)
		close(a->fd);
	errno = saved;
	return -1;
}
