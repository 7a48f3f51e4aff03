/*
 * reply.c - scan a reply of the 2-byte protocol (see reply.h).
 * The book does this inline in each recv_fd (3e Figure 17.14; 2e §17.4.1
 * over STREAMS, §17.4.2 over sockets); here both transports share one
 * scanner, which also accepts the null and status bytes arriving in
 * separate reads.
 */
#include "reply.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>

void reply_init(struct reply *r)
{
	memset(r, 0, sizeof *r);
}

static void pass_text(struct reply *r, const char *text, size_t n,
		      reply_userfunc *userfunc)
{
	if (n == 0 || userfunc == NULL || r->user_errno != 0)
		return;
	errno = 0;
	if (userfunc(STDERR_FILENO, text, n) != (ssize_t)n)
		r->user_errno = errno != 0 ? errno : EIO;
}

void reply_feed(struct reply *r, const char *buf, size_t n,
		reply_userfunc *userfunc)
{
	const char *end = buf + n;

	r->bytes += n;
	if (r->done) {
		r->trailing += n;
		return;
	}
	if (!r->seen_null) {
		const char *nul = memchr(buf, '\0', n);

		if (nul == NULL) {
			pass_text(r, buf, n, userfunc);
			return;
		}
		pass_text(r, buf, (size_t)(nul - buf), userfunc);
		r->seen_null = 1;
		buf = nul + 1;
	}
	if (buf < end) {
		r->status = (unsigned char)*buf++;
		r->done = 1;
		r->trailing = (size_t)(end - buf);
	}
}
