/* errorlog.c - stand-in (our own code): log_* to stderr or syslog. */
#include "apue.h"
#include <stdarg.h>
#include <syslog.h>

int log_to_stderr = 0;     /* defined here, not common: the programs
				 * only set it */

void log_open(const char *name, int opts, int facility)
{
	if (log_to_stderr == 0)
		openlog(name, opts, facility);
}

static void put(int with_errno, const char *fmt, va_list ap)
{
	char buf[MAXLINE];
	int saved = errno;

	vsnprintf(buf, sizeof buf, fmt, ap);
	if (with_errno)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ": %s",
			 strerror(saved));
	if (log_to_stderr)
		fprintf(stderr, "%s\n", buf);
	else
		syslog(LOG_ERR, "%s", buf);
}

void log_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put(0, fmt, ap);
	va_end(ap);
}

void log_sys(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put(1, fmt, ap);
	va_end(ap);
	exit(2);
}

void log_quit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put(0, fmt, ap);
	va_end(ap);
	exit(2);
}
