/*
 * opend.c - the open server, version 1: started by the client (csopen in
 * ch17/csopen.c) with one end of an fd_pipe as its stdin and stdout,
 * it answers each request on that pipe and ends at end of file
 * (book: 3e Figures 17.20-17.24; main is 17.21).
 *
 * usage: opend [-h]       (started by ch17/open; not run by hand)
 *
 * Differences: -h; read_request takes one request at a time, framed by
 * its null byte, where the book takes what one read() returns as one
 * request (opend_reader.c); SIGPIPE is ignored, so a client that goes
 * away costs an EPIPE; messages go to stderr, which is the client's.  The
 * server runs as the client's own user, so the uid it checks access for
 * is its real user ID, which is the client's even if opend were installed
 * set-user-ID (open_as; NOTES.md, "Figure 17.21: the server's main, version 1").
 * errmsg has room for a whole path name; debug, always 0, is defined here
 * for the handle_request both versions share (no request log).
 */
#include "opend.h"

int     debug, oflag;
char    errmsg[ERRMSG_SIZE];
char   *pathname;

/* -h, or no argument at all. */
static void options(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "-h") == 0) {
		printf("usage: opend [-h]\n"
		       "  The open server, version 1, started by ch17/open:\n"
		       "  answers requests on its stdin with open descriptors.\n");
		exit(0);
	}
	if (argc > 1) {
		fprintf(stderr, "usage: opend [-h]\n");
		exit(2);
	}
	log_to_stderr = 1;
	signal(SIGPIPE, SIG_IGN);
}

int main(int argc, char *argv[])
{
	static struct request_reader in;        /* requests, framed */
	int nread;
	char *buf;

	options(argc, argv);
	for (;;) {      /* a request from the client at a time, answered */
		if ((nread = read_request(&in, STDIN_FILENO, &buf)) < 0)
			err_sys("can't read a request from the pipe");
		else if (nread == 0)
			break;  /* the client closed its end */
		/* the client is our real user, even if we were set-user-ID */
		handle_request(buf, nread, STDOUT_FILENO, getuid());
	}
	exit(0);
}
