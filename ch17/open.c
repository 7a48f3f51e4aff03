/*
 * open.c - the open server's client, version 1: reads path names from
 * stdin and copies each file to stdout, through descriptors from the
 * server csopen starts, ch17/opend (book: 3e Figures 17.17-17.19).  The loop is open_session.c.
 *
 * usage: open [-h]  < list-of-path-names
 */
#include "open.h"

int main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "-h") == 0) {
		printf("usage: open [-h]\n"
		       "  Reads path names from stdin, one a line, and copies\n"
		       "  each file to stdout, opened by the open server\n"
		       "  (version 1: opend, started beside this program).\n");
		exit(0);
	}
	if (argc > 1) {
		fprintf(stderr, "usage: open [-h]\n");
		exit(2);
	}
	signal(SIGPIPE, SIG_IGN);       /* a dead server is an EPIPE */
	exit(open_session());
}
