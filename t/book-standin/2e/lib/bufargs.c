/* bufargs.c - stand-in (our own code): split buf into an argv for
 * optfunc, at blanks, tabs and newlines. */
#include "apue.h"

#define MAXARGC 50

int buf_args(char *buf, int (*optfunc)(int, char **))
{
	char *argv[MAXARGC + 1], *word;
	int argc = 0;

	for (word = strtok(buf, " \t\n"); word != NULL;
	     word = strtok(NULL, " \t\n")) {
		if (argc == MAXARGC)
			return -1;
		argv[argc++] = word;
	}
	if (argc == 0)
		return -1;
	argv[argc] = NULL;
	return optfunc(argc, argv);
}
