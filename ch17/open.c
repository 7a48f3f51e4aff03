/*
 * open.c - the open server's client: reads path names from stdin and
 * copies each file to stdout, through descriptors from the open server
 * (book: 3e Figure 17.18, main).  One main for both versions: linked with
 * csopen.c and open_options.c it is ch17/open, which starts its own
 * server ch17/opend (3e Figures 17.17-17.19); with csopen2.c and open2.c,
 * ch17/open2, the client of a running server (3e Figure 17.25).
 *
 * usage: open [-h]  < list-of-path-names
 *        open2 [-h] [-s path] [-u uid]  < list-of-path-names
 *
 * Differences: the options (client_options): -h, and version 2's -s and
 * -u; SIGPIPE is ignored, so a dead server is an EPIPE.  A path name may
 * be of any length (getline, where the book reads MAXLINE bytes with
 * fgets); a file that cannot be read (a directory) is reported and the
 * session goes on, where the book's err_sys ends it; the whole of each
 * read is written (writen); the exit status says whether every file was
 * copied.
 */
#include "open.h"

#define BUFFSIZE 8192

int main(int argc, char *argv[])
{
	char buf[BUFFSIZE], *line = NULL;
	size_t size = 0;
	ssize_t len, n;
	int fd, status = 0;

	client_options(argc, argv);

	/* each line of stdin names a file to copy */
	while ((len = getline(&line, &size, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';     /* the path ends where the line did */

		/* the server opens it for us */
		if ((fd = csopen(line, O_RDONLY)) < 0) {
			status = 1;
			continue;       /* csopen printed the server's message */
		}

		/* and we copy it to stdout */
		while ((n = read(fd, buf, sizeof buf)) > 0)
			if (writen(STDOUT_FILENO, buf, (size_t)n) != n)
				err_sys("can't write stdout");
		if (n < 0) {
			err_ret("can't read %s", line);
			status = 1;
		}
		close(fd);
	}
	if (ferror(stdin))
		err_sys("can't read stdin");
	free(line);
	exit(status);
}
