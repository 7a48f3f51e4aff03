/*
 * opend_request.c - parse the open server's request (book: buf_args,
 * 3e Figure 17.23; cli_args, 3e Figure 17.24).
 *
 * Differences: the request is checked in full before anything is opened:
 * its length, exactly one null byte at its end, exactly three fields (a
 * path name with white space makes more, and is refused, never shortened
 * to a wrong file), the oflag a whole decimal number, and only the flags
 * that are safe to honour for someone else (NOTES.md, "Figure 17.24:
 * cli_args").  The
 * results go into the caller's struct, not globals, so the parse is a
 * pure function.
 */
#include "opend_request.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHITE_SPACE " \t\n"

/* Flags a client may ask for besides the access mode. */
#define ALLOWED_FLAGS (O_APPEND | O_TRUNC | O_NONBLOCK | O_NOCTTY)

int buf_args(char *buf, int (*optfunc)(int, char **, void *), void *arg)
{
	char *argv[MAXARGC];
	int argc = 0;
	char *p = buf;

	for (;;) {
		p += strspn(p, WHITE_SPACE);
		if (*p == '\0')
			break;
		if (argc >= MAXARGC - 1)
			return -1;      /* too many fields */
		argv[argc++] = p;
		p += strcspn(p, WHITE_SPACE);
		if (*p != '\0')
			*p++ = '\0';
	}
	if (argc == 0)
		return -1;
	argv[argc] = NULL;
	return optfunc(argc, argv, arg);
}

struct parse {
	struct open_request *req;
	const char *problem;            /* set when cli_args refuses */
};

/* An oflag we may honour for the client, or the reason we will not. */
static const char *check_oflag(int oflag)
{
	int accmode = oflag & O_ACCMODE;

	if (accmode != O_RDONLY && accmode != O_WRONLY && accmode != O_RDWR)
		return "bad access mode in oflag";
	if (oflag & O_CREAT)
		return "O_CREAT needs a mode, which the open request cannot carry";
	if (oflag & ~(O_ACCMODE | ALLOWED_FLAGS))
		return "oflag has flags this server does not honour "
		       "(allowed: the access mode, O_APPEND, O_TRUNC, "
		       "O_NONBLOCK, O_NOCTTY)";
	if ((oflag & O_TRUNC) && accmode == O_RDONLY)
		return "O_TRUNC needs write access";
	return NULL;
}

/* A whole decimal int, nothing else. */
static int parse_int(const char *s, int *value)
{
	char *end;
	long v;

	if (*s == '\0' || strspn(s, "0123456789") != strlen(s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > INT_MAX)
		return -1;
	*value = (int)v;
	return 0;
}

/* The book's cli_args: "open", the path name, the oflag. */
static int cli_args(int argc, char **argv, void *arg)
{
	struct parse *p = arg;

	if (strcmp(argv[0], CL_OPEN) != 0) {
		p->problem = "unknown request: expected \"open <pathname> <oflag>\"";
		return -1;
	}
	if (argc > 3) {
		p->problem = "too many fields: the open request cannot carry a "
			     "path name with white space";
		return -1;
	}
	if (argc < 3) {
		p->problem = "malformed request: expected \"open <pathname> <oflag>\"";
		return -1;
	}
	if (parse_int(argv[2], &p->req->oflag) < 0) {
		p->problem = "bad oflag: expected a decimal number";
		return -1;
	}
	if ((p->problem = check_oflag(p->req->oflag)) != NULL)
		return -1;
	p->req->pathname = argv[1];
	return 0;
}

static int refuse(char *errmsg, size_t errsize, int code, const char *why)
{
	snprintf(errmsg, errsize, "%s\n", why);
	return code;
}

static int too_long(char *errmsg, size_t errsize)
{
	snprintf(errmsg, errsize, "request too long (the limit is %d bytes)\n",
		 REQUEST_MAX);
	return EMSGSIZE;
}

int parse_request(const char *buf, size_t len, struct open_request *req,
		  char *errmsg, size_t errsize)
{
	struct parse p = { .req = req, .problem = NULL };
	const char *nul = memchr(buf, '\0', len);

	req->pathname = NULL;
	req->oflag = 0;
	if (len == 0)
		return refuse(errmsg, errsize, EINVAL, "empty request");
	if (nul == NULL && len >= REQUEST_MAX)
		return too_long(errmsg, errsize);
	if (nul == NULL)
		return refuse(errmsg, errsize, EINVAL,
			      "request not terminated by a null byte");
	if (nul != buf + len - 1)
		return refuse(errmsg, errsize, EINVAL,
			      "null byte inside the request");
	if (len > REQUEST_MAX)
		return too_long(errmsg, errsize);
	memcpy(req->text, buf, len);
	if (buf_args(req->text, cli_args, &p) < 0) {
		if (p.problem == NULL)         /* buf_args found no field, or too many */
			p.problem = strspn(buf, WHITE_SPACE) == len - 1 ?
				    "empty request" :
				    "too many fields: the open request cannot carry a "
				    "path name with white space";
		return refuse(errmsg, errsize, EINVAL, p.problem);
	}
	return 0;
}
