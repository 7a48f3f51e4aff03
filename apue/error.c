/*
 * error.c - the error helpers programs use (book: Appendix B, Figure B.3).
 *
 * Differences from the book: the message is built with vsnprintf into a
 * local buffer (no overflow, reentrant), and the functions carry printf
 * format checking (see apue.h).
 */
#include "apue.h"
#include <stdarg.h>

static void err_doit(int errnoflag, int error, const char *fmt, va_list ap)
	APUE_PRINTF(3, 0);

/* Nonfatal error unrelated to a system call: print and return. */
void err_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(0, 0, fmt, ap);
	va_end(ap);
}

/* Nonfatal error related to a system call: print with errno, return. */
void err_ret(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	err_doit(1, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

/* Nonfatal error with an explicit error code: print and return. */
void err_cont(int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(1, error, fmt, ap);
	va_end(ap);
}

/* Fatal error related to a system call: print with errno, exit 1. */
void err_sys(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	err_doit(1, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

/* Fatal error with an explicit error code: print and exit 1. */
void err_exit(int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(1, error, fmt, ap);
	va_end(ap);
	exit(1);
}

/* Fatal error related to a system call: print, dump core, terminate. */
void err_dump(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	err_doit(1, saved, fmt, ap);
	va_end(ap);
	abort();
}

/* Fatal error unrelated to a system call: print and exit 1. */
void err_quit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(0, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

/* Print a message, with ": strerror(error)" if errnoflag, to stderr. */
static void err_doit(int errnoflag, int error, const char *fmt, va_list ap)
{
	char buf[MAXLINE];
	size_t len;

	buf[0] = '\0';
	vsnprintf(buf, sizeof buf - 1, fmt, ap);
	len = strlen(buf);
	if (errnoflag)
		snprintf(buf + len, sizeof buf - 1 - len, ": %s", strerror(error));
	strcat(buf, "\n");
	fflush(stdout);         /* stdout first, should both go to one file */
	fputs(buf, stderr);
	fflush(stderr);
}
