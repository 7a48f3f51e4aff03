/* main.c - stand-in (our own code): the version 2 server; -d keeps it in
 * the foreground, logging to stderr. */
#include "opend.h"
#include <syslog.h>

int debug, oflag, client_size;
char errmsg[MAXLINE];
char *pathname;
Client *client;

int main(int argc, char *argv[])
{
	int c;

	opterr = 0;
	while ((c = getopt(argc, argv, "d")) != -1) {
		if (c != 'd')
			err_quit("usage: opend [-d]");
		debug = 1;
		log_to_stderr = 1;
	}
	log_open("opend", LOG_PID, LOG_DAEMON);
	if (!debug)
		daemonize("opend");
	loop();
	return 0;
}
