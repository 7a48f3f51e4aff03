/*
 * opend_request.h - the open server's request, parsed by a pure function:
 * bytes in, a request or an error message out; no system calls, no
 * globals, so it can be tested and fuzzed on its own.
 *
 * The request is the book's: "open <pathname> <oflag>\0", the oflag in
 * decimal, as csopen writes it and buf_args and cli_args read it (3e
 * Figures 17.19 and 17.23-17.24).
 */
#ifndef OPEND_REQUEST_H
#define OPEND_REQUEST_H

#include <stddef.h>

#define CL_OPEN     "open"              /* the client's request verb */
#define REQUEST_MAX 4096                /* bytes, the null byte included */
#define MAXARGC     50                  /* buf_args: fields per request */

struct open_request {
	char text[REQUEST_MAX];         /* buf_args splits a copy in here */
	const char *pathname;           /* points into text */
	int oflag;
};

/* Split buf at white space (" \t\n") into argv, as the book's buf_args,
 * and return optfunc(argc, argv, arg); -1 if there is no field or more
 * than MAXARGC - 1.  buf is modified. */
int buf_args(char *buf, int (*optfunc)(int argc, char **argv, void *arg),
	     void *arg);

/* Parse one request of len bytes (its null byte included).  Returns 0
 * with *req filled, or an errno value (EINVAL, EMSGSIZE) with a one-line
 * message, ending in a newline, in errmsg.  The message never quotes
 * the client's bytes. */
int parse_request(const char *buf, size_t len, struct open_request *req,
		  char *errmsg, size_t errsize);

#endif
