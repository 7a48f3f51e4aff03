/* error.c - stand-in (our own code): the err_* messages, to stderr. */
#include "apue.h"
#include <stdarg.h>

static void err_doit(int error, const char *fmt, va_list ap);

void err_ret(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(errno, fmt, ap);
	va_end(ap);
}

void err_sys(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(errno, fmt, ap);
	va_end(ap);
	exit(1);
}

void err_cont(int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(error, fmt, ap);
	va_end(ap);
}

void err_exit(int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(error, fmt, ap);
	va_end(ap);
	exit(1);
}

void err_dump(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(errno, fmt, ap);
	va_end(ap);
	abort();
}

void err_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(0, fmt, ap);
	va_end(ap);
}

void err_quit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_doit(0, fmt, ap);
	va_end(ap);
	exit(1);
}

/* The message, then error's text unless error is 0. */
static void err_doit(int error, const char *fmt, va_list ap)
{
	vfprintf(stderr, fmt, ap);
	if (error != 0)
		fprintf(stderr, ": %s", strerror(error));
	fputc('\n', stderr);
	fflush(stderr);
}
