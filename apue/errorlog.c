/*
 * errorlog.c - the error helpers daemons use (book: Appendix B, Figure B.4).
 * Messages go to syslog, or to stderr when log_to_stderr is nonzero.
 *
 * Difference from the book: syslog is always called with "%s", so text
 * that came from a client can never be taken as a format string.
 */
#include "apue.h"
#include <stdarg.h>
#include <syslog.h>

int log_to_stderr;

static void log_doit(int errnoflag, int error, int priority,
		     const char *fmt, va_list ap) APUE_PRINTF(4, 0);

/* Initialize syslog(), unless we are logging to stderr. */
void log_open(const char *ident, int option, int facility)
{
	if (log_to_stderr == 0)
		openlog(ident, option, facility);
}

/* Nonfatal error unrelated to a system call. */
void log_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_doit(0, 0, LOG_ERR, fmt, ap);
	va_end(ap);
}

/* Nonfatal error related to a system call. */
void log_ret(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_doit(1, saved, LOG_ERR, fmt, ap);
	va_end(ap);
	errno = saved;
}

/* Fatal error related to a system call: log with errno, exit 2. */
void log_sys(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_doit(1, saved, LOG_ERR, fmt, ap);
	va_end(ap);
	exit(2);
}

/* Fatal error unrelated to a system call: log, exit 2. */
void log_quit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_doit(0, 0, LOG_ERR, fmt, ap);
	va_end(ap);
	exit(2);
}

/* Fatal error with an explicit error code: log, exit 2. */
void log_exit(int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_doit(1, error, LOG_ERR, fmt, ap);
	va_end(ap);
	exit(2);
}

static void log_doit(int errnoflag, int error, int priority,
		     const char *fmt, va_list ap)
{
	char buf[MAXLINE];
	size_t len;

	buf[0] = '\0';
	vsnprintf(buf, sizeof buf - 1, fmt, ap);
	len = strlen(buf);
	if (errnoflag)
		snprintf(buf + len, sizeof buf - 1 - len, ": %s", strerror(error));
	if (log_to_stderr) {
		strcat(buf, "\n");
		fflush(stdout);
		fputs(buf, stderr);
		fflush(stderr);
	} else {
		syslog(priority, "%s", buf);
	}
}
