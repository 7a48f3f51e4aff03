/*
 * open2.c - the options of the version 2 client, ch17/open2, whose main
 * is the book's (ch17/open.c, 3e Figure 17.18) and whose csopen connects
 * to a running server (opend2 or opend2_poll) with cli_conn (csopen2.c,
 * 3e Figure 17.25).  Not in the book, whose client takes no option.
 *
 * usage: open2 [-h] [-s path] [-u uid]  < list-of-path-names
 *   -s path  the server's socket (default /tmp/opend.socket)
 *   -u uid   the user who must run the server (default: root or our own)
 */
#include "open.h"

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out, "usage: open2 [-h] [-s path] [-u uid]\n"
		"  Reads path names from stdin, one a line, and copies each\n"
		"  file to stdout, opened by the running open server.\n"
		"  -s path  the server's socket (default /tmp/opend.socket)\n"
		"  -u uid   the user who must run the server (default: root\n"
		"           or our own user)\n");
	exit(status);
}

void client_options(int argc, char *argv[])
{
	char *end;
	long uid;
	int c;

	opterr = 0;
	while ((c = getopt(argc, argv, "hs:u:")) != -1) {
		switch (c) {
		case 'h':
			usage(stdout, 0);
		case 's':
			csopen_socket(optarg);
			break;
		case 'u':
			uid = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || uid < 0)
				usage(stderr, 2);
			csopen_owner((uid_t)uid);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
	signal(SIGPIPE, SIG_IGN);       /* a dead server is an EPIPE */
}
