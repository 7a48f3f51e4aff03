/* errorlog.c - stand-in (our own code): log_* to stderr or syslog. */
#include "apue.h"
#include <stdarg.h>
#include <syslog.h>

int log_to_stderr = 0;     /* defined here, not common: the programs
				 * only set it */

static void log_doit(int with_errno, int error, const char *fmt,
		     va_list ap);

void log_open(const char *name, int opts, int facility)
{
	if (log_to_stderr == 0)
		openlog(name, opts, facility);
}

void log_ret(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_doit(1, errno, fmt, ap);
	va_end(ap);
}

void log_sys(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_doit(1, errno, fmt, ap);
	va_end(ap);
	exit(2);
}

void log_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_doit(0, 0, fmt, ap);
	va_end(ap);
}

void log_quit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_doit(0, 0, fmt, ap);
	va_end(ap);
	exit(2);
}

void log_exit(int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_doit(1, error, fmt, ap);
	va_end(ap);
	exit(2);
}

/* One line, with error's text when with_errno is set, to stderr or to
 * syslog. */
static void log_doit(int with_errno, int error, const char *fmt,
		     va_list ap)
{
	char buf[MAXLINE];

	vsnprintf(buf, sizeof buf, fmt, ap);
	if (with_errno)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ": %s",
			 strerror(error));
	if (log_to_stderr)
		fprintf(stderr, "%s\n", buf);
	else
		syslog(LOG_ERR, "%s", buf);
}
