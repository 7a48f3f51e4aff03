/* cliargs.c - stand-in (our own code): "open <pathname> <oflag>". */
#include "opend.h"

int cli_args(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[0], CL_OPEN) == 0) {
		pathname = argv[1];
		oflag = atoi(argv[2]);
		return 0;
	}
	snprintf(errmsg, MAXLINE, "bad request: want %s <pathname> <oflag>\n",
		 CL_OPEN);
	return -1;
}
