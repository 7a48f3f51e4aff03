/*
 * opend_request.c - parse the open server's request (book: buf_args,
 * 3e Figure 17.23; cli_args, 3e Figure 17.24).
 *
 * Differences: buf_args splits with strspn and strcspn, not strtok,
 * which keeps hidden state between calls.  The request is checked in
 * full before anything is opened (request_check, and cli_args through
 * small helpers): its length, exactly one null byte at its end, exactly
 * three fields (a path name with white space makes more, and is refused,
 * never shortened to a wrong file), the oflag a whole decimal number,
 * where the book takes atoi's reading of anything, and only the flags
 * that are safe to honour for someone else (NOTES.md, "Figure 17.24:
 * cli_args").  Each refusal has its own message, never quoting
 * the client's bytes.
 */
#include "opend.h"
#include <limits.h>

#define WHITE_SPACE " \t\n"

/* Flags a client may ask for besides the access mode. */
#define ALLOWED_FLAGS (O_APPEND | O_TRUNC | O_NONBLOCK | O_NOCTTY)

#define TOO_MANY_FIELDS "too many fields: the open request cannot carry a " \
			"path name with white space"

int buf_args(char *buf, int (*optfunc)(int, char **))
{
	char *argv[MAXARGC], *p = buf;
	int argc = 0;

	while (*(p += strspn(p, WHITE_SPACE)) != '\0') {
		if (argc >= MAXARGC - 1)        /* room for the NULL at the end */
			return -1;
		argv[argc++] = p;
		p += strcspn(p, WHITE_SPACE);
		if (*p != '\0')
			*p++ = '\0';
	}
	if (argc == 0)                  /* an argv[0] is needed */
		return -1;
	argv[argc] = NULL;
	return optfunc(argc, argv);
}

/* Write why into errmsg, one line; return code. */
static int refuse(int code, const char *why)
{
	snprintf(errmsg, ERRMSG_SIZE, "%s\n", why);
	return code;
}

static int too_long(void)
{
	snprintf(errmsg, ERRMSG_SIZE, "request too long (the limit is %d bytes)\n",
		 REQUEST_MAX);
	return EMSGSIZE;
}

/* What is wrong with a request of argc fields that is not "open x y". */
static const char *shape_problem(int argc, char **argv)
{
	if (strcmp(argv[0], CL_OPEN) != 0)
		return "unknown request: expected \"open <pathname> <oflag>\"";
	if (argc > 3)
		return TOO_MANY_FIELDS;
	return "malformed request: expected \"open <pathname> <oflag>\"";
}

/* s as an oflag we may honour for the client, into *flag; or the reason
 * we will not. */
static const char *oflag_problem(const char *s, int *flag)
{
	char *end;
	long v;
	int accmode;

	if (*s == '\0' || strspn(s, "0123456789") != strlen(s))
		return "bad oflag: expected a decimal number";
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > INT_MAX)
		return "bad oflag: expected a decimal number";
	accmode = (int)v & O_ACCMODE;
	if (accmode != O_RDONLY && accmode != O_WRONLY && accmode != O_RDWR)
		return "bad access mode in oflag";
	if (v & O_CREAT)
		return "O_CREAT needs a mode, which the open request cannot carry";
	if (v & ~(long)(O_ACCMODE | ALLOWED_FLAGS))
		return "oflag has flags this server does not honour "
		       "(allowed: the access mode, O_APPEND, O_TRUNC, "
		       "O_NONBLOCK, O_NOCTTY)";
	if ((v & O_TRUNC) && accmode == O_RDONLY)
		return "O_TRUNC needs write access";
	*flag = (int)v;
	return NULL;
}

int cli_args(int argc, char **argv)
{
	const char *problem;

	if (strcmp(argv[0], CL_OPEN) != 0 || argc != 3) {
		refuse(EINVAL, shape_problem(argc, argv));
		return -1;
	}
	pathname = argv[1];             /* points into the client's buffer */
	if ((problem = oflag_problem(argv[2], &oflag)) != NULL) {
		refuse(EINVAL, problem);
		return -1;
	}
	return 0;
}

int request_check(const char *buf, size_t nread)
{
	const char *nul = memchr(buf, '\0', nread);

	if (nread == 0)
		return refuse(EINVAL, "empty request");
	if (nul == NULL && nread >= REQUEST_MAX)
		return too_long();
	if (nul == NULL)
		return refuse(EINVAL, "request not terminated by a null byte");
	if (nul != buf + nread - 1)
		return refuse(EINVAL, "null byte inside the request");
	if (nread > REQUEST_MAX)
		return too_long();
	if (strspn(buf, WHITE_SPACE) == nread - 1)
		return refuse(EINVAL, "empty request");
	return refuse(0, TOO_MANY_FIELDS);      /* buf_args's own refusal */
}

int parse_request(const char *buf, size_t len, struct open_request *req,
		  char *msg, size_t msgsize)
{
	int code;

	req->pathname = NULL;
	req->oflag = 0;
	if ((code = request_check(buf, len)) == 0) {
		memcpy(req->text, buf, len);
		if (buf_args(req->text, cli_args) < 0)
			code = EINVAL;
	}
	if (code != 0) {
		snprintf(msg, msgsize, "%s", errmsg);
		return code;
	}
	req->pathname = pathname;
	req->oflag = oflag;
	return 0;
}
