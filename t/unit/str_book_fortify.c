/*
 * str_book_fortify.c - open(2) as a program built with _FORTIFY_SOURCE
 * calls it: glibc compiles an open whose flags are known only at run time,
 * with no mode argument, into a call of __open_2.  A STREAMS build must
 * wrap that call like open (apue/streams_emu/io_wrap.c).  Fortification needs
 * optimisation; without it this is plain open, and fortified_open_checked
 * says so.
 */
#if defined(__OPTIMIZE__) && !defined(_FORTIFY_SOURCE)
#define _FORTIFY_SOURCE 2
#endif
#include "str_book_open.h"
#include <fcntl.h>

int fortified_open_checked(void)
{
#if defined(__USE_FORTIFY_LEVEL) && __USE_FORTIFY_LEVEL > 0
	return 1;
#else
	return 0;
#endif
}

int fortified_open(const char *path, int oflag)
{
	return open(path, oflag);
}
