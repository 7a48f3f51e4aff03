/*
 * str_read_chk.c - read(2) as a program built with _FORTIFY_SOURCE calls
 * it: glibc then compiles read into a buffer of known size, with a length
 * known only at run time, as a call to __read_chk.  The STREAMS build must
 * treat that call like read (apue/streams_emu/io_wrap.c).  Fortification
 * needs optimisation; without it this file is plain read, and
 * fortified_read_checked() says so.
 */
#if defined(__OPTIMIZE__) && !defined(_FORTIFY_SOURCE)
#define _FORTIFY_SOURCE 2
#endif
#include "str_read_chk.h"
#include <string.h>
#include <unistd.h>

int fortified_read_checked(void)
{
#if defined(__USE_FORTIFY_LEVEL) && __USE_FORTIFY_LEVEL > 0
	return 1;
#else
	return 0;
#endif
}

ssize_t fortified_read(int fd, char *out, size_t want)
{
	char buf[FORTIFIED_READ_MAX];
	ssize_t n;

	/* want is not checked here: glibc's __read_chk checks it against
	 * sizeof buf (and ends the program if it is larger). */
	n = read(fd, buf, want);
	if (n > 0)
		memcpy(out, buf, (size_t)n);
	return n;
}
