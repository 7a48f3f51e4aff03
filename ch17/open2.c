/*
 * open2.c - the open server's client, version 2: as version 1, but it
 * connects to a running server (opend2 or opend2_poll) with cli_conn
 * (book: 3e Figures 17.18 and 17.25).
 *
 * usage: open2 [-h] [-s path] [-u uid]  < list-of-path-names
 *   -s path  the server's socket (default /tmp/opend.socket)
 *   -u uid   the user who must run the server (default: root or our own)
 *
 * Difference: the server's owner is checked (csopen_server.c).
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

int main(int argc, char *argv[])
{
	int c;

	opterr = 0;
	char *end;
	long uid;

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
	exit(open_session());
}
