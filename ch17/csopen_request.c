/*
 * csopen_request.c - build the request "open <pathname> <oflag>\0"
 * (the writev of 3e Figures 17.19 and 17.25, in one buffer).
 *
 * Difference: a path name the protocol cannot carry is refused here, with
 * a clear message: white space would split it into several fields on the
 * server, and the book's client would send it anyway.
 */
#include "open.h"
#include "opend_request.h"

ssize_t csopen_request(char *buf, size_t size, const char *pathname, int oflag)
{
	int n;

	if (pathname[0] == '\0') {
		err_msg("csopen: empty path name");
		errno = EINVAL;
		return -1;
	}
	if (strpbrk(pathname, " \t\n") != NULL) {
		err_msg("csopen: %s: the open request cannot carry a path name "
			"with white space", pathname);
		errno = EINVAL;
		return -1;
	}
	n = snprintf(buf, size, "%s %s %d", CL_OPEN, pathname, oflag);
	if (n < 0 || (size_t)n >= size || (size_t)n >= REQUEST_MAX) {
		err_msg("csopen: path name too long for a request (the limit "
			"is %d bytes)", REQUEST_MAX);
		errno = ENAMETOOLONG;
		return -1;
	}
	return n + 1;                   /* the null byte is part of it */
}
