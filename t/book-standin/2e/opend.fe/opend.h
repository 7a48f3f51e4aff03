/* opend.h - stand-in (our own code): the version 1 server's names. */
#include "apue.h"

#define CL_OPEN "open"          /* the client's request */

extern char errmsg[];
extern int oflag;
extern char *pathname;

int cli_args(int argc, char **argv);
void handle_request(char *buf, int nread, int conn);
