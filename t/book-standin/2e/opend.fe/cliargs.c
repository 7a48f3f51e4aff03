/* cliargs.c - stand-in (our own code): "open <pathname> <oflag>". */
#include "opend.h"

int cli_args(int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[0], CL_OPEN) != 0) {
		strcpy(errmsg, "usage: <pathname> <oflag>\n");
		return -1;
	}
	pathname = argv[1];
	oflag = atoi(argv[2]);
	return 0;
}
