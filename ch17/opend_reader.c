/*
 * opend_reader.c - framing of requests on a stream (see opend_reader.h).
 */
#include "opend_reader.h"
#include <string.h>

void reader_init(struct request_reader *r)
{
	r->start = 0;
	r->len = 0;
	r->discarding = 0;
}

char *reader_space(struct request_reader *r, size_t *room)
{
	if (r->start > 0) {             /* keep the unfinished request in front */
		memmove(r->buf, r->buf + r->start, r->len);
		r->start = 0;
	}
	*room = sizeof r->buf - r->len;
	return r->buf + r->len;
}

void reader_commit(struct request_reader *r, size_t n)
{
	r->len += n;
}

static void consume(struct request_reader *r, size_t n)
{
	r->start += n;
	r->len -= n;
	if (r->len == 0)
		r->start = 0;
}

int reader_next(struct request_reader *r, const char **req, size_t *len)
{
	for (;;) {
		const char *p = r->buf + r->start;
		const char *nul = memchr(p, '\0', r->len);
		size_t n = nul != NULL ? (size_t)(nul - p) + 1 : r->len;

		if (r->discarding) {
			consume(r, n);
			if (nul == NULL)
				return 0;
			r->discarding = 0;
			continue;
		}
		if (nul == NULL && r->len < sizeof r->buf)
			return 0;               /* wait for the rest */
		if (nul == NULL)
			r->discarding = 1;      /* full, no end: too long */
		*req = p;
		*len = n;
		consume(r, n);
		return 1;
	}
}

size_t reader_pending(const struct request_reader *r, const char **req)
{
	*req = r->buf + r->start;
	return r->discarding ? 0 : r->len;
}
