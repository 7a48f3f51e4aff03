/*
 * open2.c - the open server's client, version 2: as version 1, but it
 * connects to a running server (opend2 or opend2_poll) with cli_conn
 * (book: 3e Figures 17.18 and 17.25).
 *
 * usage: open2 [-h] [-s path]  < list-of-path-names
 *   -s path  the server's socket (default /tmp/opend.socket)
 */
#include "open.h"

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out, "usage: open2 [-h] [-s path]\n"
		"  Reads path names from stdin, one a line, and copies each\n"
		"  file to stdout, opened by the running open server.\n"
		"  -s path  the server's socket (default /tmp/opend.socket)\n");
	exit(status);
}

int main(int argc, char *argv[])
{
	int c;

	opterr = 0;
	while ((c = getopt(argc, argv, "hs:")) != -1) {
		switch (c) {
		case 'h':
			usage(stdout, 0);
		case 's':
			csopen_socket(optarg);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
	signal(SIGPIPE, SIG_IGN);       /* a dead server is an EPIPE */
	exit(open_session());
}
