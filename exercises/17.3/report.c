/*
 * report.c - Exercise 17.3: another file that uses the globals through
 * the declarations in globals.h and sees the one object main.c defines.
 */
#include "globals.h"

void report(void)
{
	printf("report.c: &oflag = %p\n", (void *)&oflag);
	printf("report.c: oflag = %d, errmsg = \"%s\"\n", oflag, errmsg);
}
