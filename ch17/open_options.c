/*
 * open_options.c - the options of the version 1 client, ch17/open: -h
 * only (the book's main takes none).  Not in the book.
 */
#include "open.h"

void client_options(int argc, char *argv[])
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
}
