/*
 * request_fuzz.c - libFuzzer harness for the open server's request
 * parsing (ch17/opend_request.c, parse_request; book: buf_args and
 * cli_args, 3e Figures 17.23-17.24) and framing (ch17/opend_reader.c).
 *
 * Input: one control byte, then bytes S.  The stream is S repeated
 * 1 + (control >> 6) times, so requests longer than the 4096-byte limit
 * occur although libFuzzer's inputs are shorter.
 *
 * Checked on every input:
 *  - parse_request on S itself and on every request framed from the
 *    stream agrees with a model of the protocol written here: accepted
 *    exactly when there is one null byte, at the end, at most 4096 bytes,
 *    three fields split at " \t\n", the verb "open", the oflag a whole
 *    decimal int with the access mode and only O_APPEND, O_TRUNC (with
 *    write access), O_NONBLOCK, O_NOCTTY besides;
 *  - accepted: the path name points into req->text, ends with a null
 *    byte inside it, and is the second field; the oflag is the third;
 *  - refused: EINVAL, or EMSGSIZE only for a request of 4096 bytes or
 *    more; the message is one of the parser's fixed lines, so no byte of
 *    the client's ever reaches it (let alone as a format), and with a
 *    short buffer it is a prefix of that line, null-terminated in bounds;
 *  - framing: the stream fed at once and fed in pieces of varying size
 *    gives the same requests and the same unfinished tail, and both are
 *    what a model says: cut after each null byte; a request that reaches
 *    4096 bytes without one comes out as its first 4096 bytes, and the
 *    rest of it through its null byte is dropped.
 */
#include "../../ch17/opend_request.h"
#include "../../ch17/opend_reader.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The book's globals parse_request leaves its results in, defined in
 * main's file (here, this harness's). */
char errmsg[ERRMSG_SIZE];
int oflag;
char *pathname;

#define MAX_REPEAT 4
#define STREAM_MAX (MAX_REPEAT * 4096)

static const char *const messages[] = {
	"empty request\n",
	"request not terminated by a null byte\n",
	"null byte inside the request\n",
	"request too long (the limit is 4096 bytes)\n",
	"unknown request: expected \"open <pathname> <oflag>\"\n",
	"malformed request: expected \"open <pathname> <oflag>\"\n",
	"too many fields: the open request cannot carry a path name with "
	"white space\n",
	"bad oflag: expected a decimal number\n",
	"bad access mode in oflag\n",
	"O_CREAT needs a mode, which the open request cannot carry\n",
	"oflag has flags this server does not honour (allowed: the access "
	"mode, O_APPEND, O_TRUNC, O_NONBLOCK, O_NOCTTY)\n",
	"O_TRUNC needs write access\n",
};
#define NMESSAGES (sizeof messages / sizeof messages[0])

/* ---- the model of a request ---------------------------------------------- */

static int is_white(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The fields of s (null-terminated), at most 4; how many there are. */
static int fields(const char *s, const char *start[4], size_t len[4])
{
	int n = 0;

	for (;;) {
		while (is_white(*s))
			s++;
		if (*s == '\0')
			return n;
		if (n == 4)
			return 5;               /* more than we care to count */
		start[n] = s;
		while (*s != '\0' && !is_white(*s))
			s++;
		len[n] = (size_t)(s - start[n]);
		n++;
	}
}

static int flag_allowed(long oflag)
{
	long acc = oflag & O_ACCMODE;
	long others = O_APPEND | O_TRUNC | O_NONBLOCK | O_NOCTTY;

	if (acc != O_RDONLY && acc != O_WRONLY && acc != O_RDWR)
		return 0;
	if (oflag & ~(long)(O_ACCMODE | others))
		return 0;
	return !((oflag & O_TRUNC) && acc == O_RDONLY);
}

/* Should buf[0, len) be accepted?  If so, the path and the oflag. */
static int model_accepts(const char *buf, size_t len, char *path, long *oflag)
{
	static char copy[STREAM_MAX + 1];
	const char *start[4];
	size_t flen[4];
	long v = 0;

	if (len == 0 || len > REQUEST_MAX || memchr(buf, '\0', len) != buf + len - 1)
		return 0;
	memcpy(copy, buf, len);
	if (fields(copy, start, flen) != 3 || flen[0] != 4 ||
	    memcmp(start[0], "open", 4) != 0)
		return 0;
	for (size_t i = 0; i < flen[2]; i++) {
		if (start[2][i] < '0' || start[2][i] > '9')
			return 0;
		v = v * 10 + (start[2][i] - '0');
		if (v > INT_MAX)
			return 0;
	}
	if (!flag_allowed(v))
		return 0;
	memcpy(path, start[1], flen[1]);
	path[flen[1]] = '\0';
	*oflag = v;
	return 1;
}

/* ---- parse_request, checked ------------------------------------------------ */

static int known_message(const char *msg, size_t size)
{
	for (size_t i = 0; i < NMESSAGES; i++) {
		size_t want = strlen(messages[i]);

		if (want > size - 1)
			want = size - 1;        /* truncated to the buffer */
		if (strlen(msg) == want && memcmp(msg, messages[i], want) == 0)
			return 1;
	}
	return 0;
}

static void check_parse(const char *buf, size_t len, unsigned small)
{
	static struct open_request req;
	static char msg[REQUEST_MAX + 128];
	static char want_path[STREAM_MAX + 1];
	size_t short_size = 1 + small % 48;
	char *short_msg;
	long want_oflag = 0;
	int want_ok = model_accepts(buf, len, want_path, &want_oflag);
	int code;

	memset(msg, 'x', sizeof msg);
	code = parse_request(buf, len, &req, msg, sizeof msg);
	if (code == 0) {
		const char *end = req.text + sizeof req.text;
		const char *p = req.pathname;

		if (!want_ok || p == NULL || p < req.text || p >= end ||
		    memchr(p, '\0', (size_t)(end - p)) == NULL)
			abort();
		if (strcmp(p, want_path) != 0 || req.oflag != want_oflag ||
		    !flag_allowed(req.oflag))
			abort();
		return;
	}
	if (want_ok || (code != EINVAL && code != EMSGSIZE))
		abort();
	if (code == EMSGSIZE && len < REQUEST_MAX)
		abort();
	if (memchr(msg, '\0', sizeof msg) == NULL ||
	    !known_message(msg, sizeof msg))
		abort();

	/* The same refusal into a buffer of exactly short_size bytes. */
	if ((short_msg = malloc(short_size)) == NULL)
		abort();
	if (parse_request(buf, len, &req, short_msg, short_size) != code ||
	    memchr(short_msg, '\0', short_size) == NULL ||
	    !known_message(short_msg, short_size))
		abort();
	free(short_msg);
}

/* ---- framing ------------------------------------------------------------------ */

struct framed {
	char bytes[2 * STREAM_MAX];
	size_t used, count;
	size_t len[STREAM_MAX];         /* of each request, in order */
	char tail[REQUEST_MAX];         /* reader_pending at the end */
	size_t tail_len;
};

static void keep(struct framed *f, const char *req, size_t len)
{
	if (len == 0 || len > REQUEST_MAX ||
	    (len < REQUEST_MAX && req[len - 1] != '\0') ||
	    f->count == STREAM_MAX || len > sizeof f->bytes - f->used)
		abort();
	memcpy(f->bytes + f->used, req, len);
	f->used += len;
	f->len[f->count++] = len;
}

/* Feed the stream in pieces: whole when seed is 0, else of 1 to
 * 1 + (seed & 0x1f) bytes, or with bit 5 set of 1 + (seed & 0x1f) * 128
 * bytes, varying. */
static void frame(const char *s, size_t n, unsigned seed, struct framed *f)
{
	static struct request_reader r;
	unsigned state = seed * 2654435761u + 1;
	unsigned most = seed & 0x20 ? 1 + (seed & 0x1f) * 128 : 1 + (seed & 0x1f);
	const char *req, *tail;
	size_t pos = 0, room, len, piece;
	char *space;

	f->used = f->count = 0;
	reader_init(&r);
	while (pos < n) {
		space = reader_space(&r, &room);
		if (room == 0)
			abort();        /* promised after reader_next said 0 */
		piece = n - pos;
		if (seed != 0) {
			state = state * 1103515245u + 12345u;
			if (piece > 1 + (state >> 8) % most)
				piece = 1 + (state >> 8) % most;
		}
		if (piece > room)
			piece = room;
		memcpy(space, s + pos, piece);
		reader_commit(&r, piece);
		pos += piece;
		while (reader_next(&r, &req, &len))
			keep(f, req, len);
	}
	f->tail_len = reader_pending(&r, &tail);
	if (f->tail_len >= REQUEST_MAX || memchr(tail, '\0', f->tail_len) != NULL)
		abort();
	memcpy(f->tail, tail, f->tail_len);
}

/* What the reader must make of the stream. */
static void model_frame(const char *s, size_t n, struct framed *f)
{
	size_t pos = 0;

	f->used = f->count = 0;
	f->tail_len = 0;
	while (pos < n) {
		const char *nul = memchr(s + pos, '\0', n - pos);
		size_t seg = nul != NULL ? (size_t)(nul - (s + pos)) + 1 : n - pos;

		if (nul != NULL && seg <= REQUEST_MAX) {
			keep(f, s + pos, seg);
		} else if (seg >= REQUEST_MAX) {
			keep(f, s + pos, REQUEST_MAX);  /* too long: the rest dropped */
		} else {
			memcpy(f->tail, s + pos, seg);  /* unfinished at the end */
			f->tail_len = seg;
		}
		pos += seg;
	}
}

static int same(const struct framed *a, const struct framed *b)
{
	return a->count == b->count && a->used == b->used &&
	       memcmp(a->len, b->len, a->count * sizeof a->len[0]) == 0 &&
	       memcmp(a->bytes, b->bytes, a->used) == 0 &&
	       a->tail_len == b->tail_len &&
	       memcmp(a->tail, b->tail, a->tail_len) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	static char stream[STREAM_MAX];
	static struct framed whole, pieces, model;
	const char *s = (const char *)in + 1;
	size_t len, reps, off = 0;
	unsigned control;

	if (n < 1 || n - 1 > STREAM_MAX / MAX_REPEAT)
		return 0;
	control = in[0];
	len = n - 1;
	reps = 1 + (control >> 6);

	check_parse(s, len, control);

	for (size_t i = 0; i < reps; i++) {
		memcpy(stream + off, s, len);
		off += len;
	}
	frame(stream, off, 0, &whole);
	frame(stream, off, control | 1, &pieces);
	model_frame(stream, off, &model);
	if (!same(&whole, &model) || !same(&pieces, &model))
		abort();

	for (size_t i = 0, at = 0; i < whole.count; at += whole.len[i++])
		check_parse(whole.bytes + at, whole.len[i], control + (unsigned)i);
	if (whole.tail_len > 0)
		check_parse(whole.tail, whole.tail_len, control);
	return 0;
}
