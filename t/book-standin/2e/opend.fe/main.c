/* main.c - stand-in (our own code): the version 1 server answers the
 * requests that arrive on stdin, on stdout, until the client hangs up. */
#include "opend.h"

char errmsg[MAXLINE];
int oflag;
char *pathname;

int main(void)
{
	char buf[MAXLINE];
	int n;

	while ((n = (int)read(STDIN_FILENO, buf, sizeof buf)) > 0)
		handle_request(buf, n, STDOUT_FILENO);
	if (n < 0)
		err_sys("can't read");
	return 0;
}
