/*
 * opend2_main.c - main of the version 2 open server, shared by the select
 * and the poll loop (book: 3e Figure 17.28), and the book's globals.
 *
 * usage: opend2 [-h] [-d] [-s path] [-c max] [-i seconds] [-T] [-B] [-U]
 *   -d       stay in the foreground and log to stderr (as in the book)
 *   -s path  listen on path instead of /tmp/opend.socket
 *   -c max   connections per user (default 128)
 *   -i secs  idle timeout of a connection and of a worker (default 60)
 *   -T       for teaching: identify clients with the book's file-owner
 *            serv_accept (3e Figure 17.9) instead of the kernel's word
 *   -B       for benchmarks only: no privilege separation, the loop runs
 *            in this process and opens with seteuid (opend_access.c)
 *   -U       run -T or -B as root all the same (both are unsafe as root:
 *            without -U they refuse to start with effective user ID 0)
 *   -w       (internal) run as a worker: serve the connections handed
 *            over on descriptor 3 (opend_worker.c)
 *
 * Differences: -s, and our options, taken by serve_option (opend_serve.c);
 * -h; an unknown option, or an operand, prints the usage (exit status 2)
 * where the book says "unrecognized option" and ignores operands; serv_listen is called here, before
 * daemonize, where the book's loop calls it: a busy name or a bad path is
 * reported on stderr with exit status 1, and the socket exists once the
 * command returns (made with umask 0, which the book gets from daemonize,
 * so every user can connect); daemonize keeps that one descriptor open,
 * and SIGPIPE is ignored, so a client that leaves before its answer costs
 * an EPIPE, not the server (serve_listen), and where the kernel can
 * (Linux 6.16) the listening socket refuses descriptors passed by
 * clients (serve_listen, opend_refuse.c).  Then serve, not loop: the
 * root process of privilege separation by default, which hands each
 * connection to a worker running the loop as the client's user
 * (opend_privsep.c, opend_worker.c; ch17/README.md, "Privilege
 * separation (version 2 servers)"); the loop here only with -B.  The log's name is argv[0]
 * (the book's is "open.serv").  errmsg has room for a whole path name;
 * log_to_stderr is the library's (apue/errorlog.c), not defined here.
 */
#include "opend.h"
#include <syslog.h>

int     debug, oflag, client_size;
char    errmsg[ERRMSG_SIZE];
char   *pathname;
Client *client = NULL;

int main(int argc, char *argv[])
{
	const char *path = CS_OPEN;
	int c, listenfd;

	log_open(argv[0], LOG_PID, LOG_USER);

	opterr = 0;             /* getopt prints nothing: usage says it all */
	while ((c = getopt(argc, argv, "ds:" SERVE_OPTIONS)) != -1) {
		switch (c) {
		case 'd':       /* debug */
			log_to_stderr = debug = 1;
			break;

		case 's':       /* the well-known name */
			path = optarg;
			break;

		default:        /* ours (-h -c -i -T -B -U -w), or unknown */
			serve_option(c, optarg);
		}
	}
	if (optind != argc)
		usage(stderr, 2);

	listenfd = serve_listen(path);  /* a worker (-w): its channel */
	if (debug == 0)
		daemonize(listenfd);

	serve(listenfd);                /* never returns */
}
