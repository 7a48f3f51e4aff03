/*
 * main.c - Exercise 17.3: the file that DEFINES the globals globals.h
 * declares (as the open server's main.c, 3e Figure 17.21, does):
 * a definition allocates the storage, exactly once in the program.
 *
 * usage: globals [-h]
 */
#include "globals.h"

#ifndef BROKEN_HEADER_DEFINES
int oflag;                      /* definitions: storage lives here */
char errmsg[MAXLINE];
#endif

int main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "-h") == 0) {
		printf("usage: globals [-h]\n"
		       "  Set the globals in main.c; report.c prints what it sees.\n");
		return 0;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: globals [-h]\n");
		return 2;
	}
	oflag = 1;
	snprintf(errmsg, MAXLINE, "set in main.c");
	printf("main.c:   &oflag = %p\n", (void *)&oflag);
	report();
	return 0;
}
