/*
 * opend_reader.h - framing of requests on a stream: bytes arrive in any
 * pieces, requests end at a null byte.  Pure code, no system calls.
 *
 * The book reads once and takes what arrived as one request; on a stream
 * socket a request may come in several reads and several requests in one.
 *
 * Use: read into reader_space(), reader_commit() what arrived, then take
 * requests with reader_next() until it returns 0.
 */
#ifndef OPEND_READER_H
#define OPEND_READER_H

#include <stddef.h>
#include "opend_request.h"

struct request_reader {
	char buf[REQUEST_MAX];
	size_t start, len;              /* unconsumed bytes: buf[start, +len) */
	int discarding;                 /* skipping the rest of a long request */
};

void reader_init(struct request_reader *r);
/* Room to read into (at least 1 byte after reader_next returned 0). */
char *reader_space(struct request_reader *r, size_t *room);
void reader_commit(struct request_reader *r, size_t n);
/* 1 and the next request in *req, *len (null byte included); 0 if none is
 * complete.  A request that fills the buffer without a null byte comes
 * out as it is (parse_request calls it too long); its remaining bytes, up
 * to the next null byte, are dropped, so the next request is read in step. */
int reader_next(struct request_reader *r, const char **req, size_t *len);
/* Bytes of an unfinished request (what a client left at end of file). */
size_t reader_pending(const struct request_reader *r, const char **req);

#endif
