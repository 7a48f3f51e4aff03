/*
 * opend_request.h - the open server's request: "open <pathname> <oflag>\0",
 * the oflag in decimal, as csopen writes it and buf_args and cli_args read
 * it (3e Figures 17.19 and 17.23-17.24).  No system calls here, so the
 * parse can be tested and fuzzed on its own; like the book's, it leaves
 * its results in the globals errmsg, oflag and pathname (opend.h), which
 * the program's main file defines.
 */
#ifndef OPEND_REQUEST_H
#define OPEND_REQUEST_H

#include <stddef.h>

#define CL_OPEN     "open"              /* the client's request verb */
#define REQUEST_MAX 4096                /* bytes, the null byte included */
#define MAXARGC     50                  /* buf_args: fields per request */
#define ERRMSG_SIZE (REQUEST_MAX + 128) /* errmsg: room for a path name */

/* The book's buf_args (3e Figure 17.23): split buf at white space
 * (" \t\n") into argv and return optfunc(argc, argv); -1 if there is no
 * field or more than MAXARGC - 1.  buf is modified. */
int buf_args(char *buf, int (*optfunc)(int, char **));

/* The book's cli_args (3e Figure 17.24), stricter: sets pathname and
 * oflag, or writes the reason in errmsg and returns -1. */
int cli_args(int argc, char **argv);

/* What the book's handle_request checks before buf_args (buf[nread - 1]
 * is the null byte), and more: nread bytes, one null byte, at the end, at
 * most REQUEST_MAX, some field.  0, or an errno value (EINVAL, EMSGSIZE)
 * with the one-line reason in errmsg.  On 0, errmsg holds what a refusal
 * by buf_args itself (too many fields) means, as buf_args sets none. */
int request_check(const char *buf, size_t nread);

/* For tests: request_check, then buf_args(cli_args) on a copy in
 * req->text.  0 with *req filled, or an errno value with errmsg copied
 * into msg (cut to msgsize).  No message quotes the client's bytes. */
struct open_request {
	char text[REQUEST_MAX];         /* buf_args splits a copy in here */
	const char *pathname;           /* points into text */
	int oflag;
};
int parse_request(const char *buf, size_t len, struct open_request *req,
		  char *msg, size_t msgsize);

#endif
