/*
 * reply_scan_fuzz.c - libFuzzer harness for the reply scanner both
 * transports share (apue/reply.c): the 2-byte protocol fed in pieces of
 * any size must mean what the whole reply means.
 *
 * Input: one byte choosing the piece sizes, then the reply's bytes.  The
 * model reads the reply at once: the text runs to the first null byte,
 * the next byte is the status, everything after it is trailing.
 */
#include "reply.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char text[4096];
static size_t text_len;

static void collect(const char *buf, size_t n)
{
	if (n > sizeof text - text_len)
		abort();
	memcpy(text + text_len, buf, n);
	text_len += n;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	const char *bytes = (const char *)in + 1;
	const char *nul;
	size_t len, pos = 0, piece;
	unsigned seed;
	struct reply r;

	if (n < 1 || n > sizeof text + 1)
		return 0;
	seed = in[0];
	len = n - 1;
	text_len = 0;
	reply_init(&r);
	while (pos < len) {
		piece = 1 + seed % 7;           /* 1..7 bytes, varying */
		seed = seed * 1103515245u + 12345u;
		if (piece > len - pos)
			piece = len - pos;
		collect(bytes + pos, reply_scan(&r, bytes + pos, piece));
		pos += piece;
	}

	nul = memchr(bytes, '\0', len);
	if (nul == NULL) {
		if (r.seen_null || r.status >= 0 || text_len != len)
			abort();
	} else {
		size_t before = (size_t)(nul - bytes);
		size_t after = len - before - 1;

		if (!r.seen_null || text_len != before)
			abort();
		if (after == 0 ? r.status >= 0 : r.status < 0)
			abort();
		if (after > 0 && (r.status != (unsigned char)nul[1] ||
				  r.trailing != after - 1))
			abort();
	}
	if (memcmp(text, bytes, text_len) != 0 || r.bytes != len)
		abort();
	return 0;
}
