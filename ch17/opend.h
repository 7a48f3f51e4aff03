/*
 * opend.h - what the open servers share (book: opend.h, 3e Figures 17.20
 * and 17.26, one header for both versions).
 *
 * Differences: CL_OPEN, with the request's limits, is in opend_request.h,
 * which the parse, its tests and the client include too; errmsg has room
 * for a whole path name (ERRMSG_SIZE); the client array keeps a request
 * reader per client (framing, opend_reader.h), and main and the loops
 * read with read_request, not read; handle_request takes the uid in both
 * versions (version 1 passes its real user ID); loop takes the listening
 * endpoint main opened; each loop program names itself (server_name).  What privilege separation and our hardening add is declared
 * in opend_serve.h.
 */
#ifndef OPEND_H
#define OPEND_H

#include "apue.h"
#include "opend_request.h"
#include "opend_reader.h"

#define CS_OPEN "/tmp/opend.socket"     /* version 2's well-known name */

extern int   debug;             /* -d: foreground, log to stderr */
extern char  errmsg[];          /* why a request is refused: sent back */
extern int   oflag;             /* cli_args: the client's open flags */
extern char *pathname;          /* cli_args: the file the client wants */

typedef struct {                /* a connected client */
	int fd;                 /* -1: the entry is free */
	uid_t uid;
	struct request_reader *in;      /* its requests, framed */
} Client;

extern Client *client;          /* the array, grown with realloc */
extern int     client_size;     /* its entries, free ones included */

int  cli_args(int, char **);
int  client_add(int, uid_t);    /* the index, or -1: out of memory */
void client_del(int);
void loop(int listenfd);
void handle_request(char *, int, int, uid_t);

/* opend_handle.c: the next request from the client on fd, read as the
 * book's loops read it: its length (null byte included) and *bufp; 0 at
 * end of file; -1 on a read error (logged), or with errno EAGAIN when no
 * whole request has come yet.  next_request: the next one already read,
 * or 0. */
int read_request(struct request_reader *in, int fd, char **bufp);
int next_request(struct request_reader *in, char **bufp);

/* Each loop program (select, poll, ...) names itself. */
extern const char server_name[];

#include "opend_serve.h"                /* what we add: not in the book */

#endif
