/*
 * opend.c - the open server, version 1: started by the client (csopen in
 * ch17/csopen.c) with one end of an fd_pipe as its stdin and stdout,
 * it answers each request on that pipe and ends at end of file
 * (book: 3e Figures 17.20-17.24).
 *
 * usage: opend [-h]       (started by ch17/open; not run by hand)
 *
 * Differences: requests are framed by their null byte, not by read()
 * boundaries (opend_reader.c); SIGPIPE is ignored, so a client that goes
 * away costs an EPIPE; messages go to stderr, which is the client's.  The
 * server runs as the client's own user, so the uid it checks access for
 * is its real user ID, which is the client's even if opend were installed
 * set-user-ID (NOTES.md, "Figure 17.21: the server's main, version 1").
 */
#include "opend.h"

int main(int argc, char *argv[])
{
	struct request_reader in;

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
	reader_init(&in);
	/* The client is our real user: an opend installed set-user-ID would
	 * still open only what the client itself may (open_as). */
	while (client_serve(&in, STDIN_FILENO, STDOUT_FILENO, getuid()) == 0)
		;
	exit(0);
}
