/*
 * open_session.c - the open server's client loop, shared by versions 1
 * and 2 (book: 3e Figure 17.18).
 *
 * Differences: a path name may be of any length (getline); a file that
 * cannot be read (a directory) is reported and the session goes on,
 * where the book's err_sys ends it; the exit status says whether every
 * file was copied.
 */
#include "open.h"

#define BUFFSIZE 8192

/* Copy fd to stdout.  0, or -1 after reporting the error. */
static int copy_out(int fd, const char *pathname)
{
	char buf[BUFFSIZE];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (writen(STDOUT_FILENO, buf, (size_t)n) != n)
			err_sys("write error");
	if (n < 0) {
		err_ret("can't read %s", pathname);
		return -1;
	}
	return 0;
}

int open_session(void)
{
	char *line = NULL;
	size_t size = 0;
	ssize_t n;
	int fd, status = 0;

	while ((n = getline(&line, &size, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';       /* the path ends where the line did */
		if ((fd = csopen(line, O_RDONLY)) < 0) {
			status = 1;
			continue;       /* csopen prints the server's message */
		}
		if (copy_out(fd, line) < 0)
			status = 1;
		close(fd);
	}
	if (ferror(stdin))
		err_sys("can't read stdin");
	free(line);
	return status;
}
