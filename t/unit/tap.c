/*
 * tap.c - see tap.h.  Output is flushed after every line so that a test
 * that forks never prints a line twice.
 */
#include "tap.h"
#include <stdarg.h>

static int planned = -1;
static int run, failed;

void plan(int n)
{
	/* A watchdog, not a timer: a hang becomes a failure, not a stuck CI. */
	alarm(120);
	planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

void skip_all(const char *fmt, ...)
{
	va_list ap;

	printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(0);
}

static int report(int passed, const char *fmt, va_list ap)
	APUE_PRINTF(2, 0);

static int report(int passed, const char *fmt, va_list ap)
{
	run++;
	if (!passed)
		failed++;
	printf("%sok %d - ", passed ? "" : "not ", run);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	return passed;
}

int ok(int passed, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(passed, fmt, ap);
	va_end(ap);
	return passed;
}

int is_int(long got, long want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(got == want, fmt, ap);
	va_end(ap);
	if (got != want)
		diag("     got: %ld\n  expected: %ld", got, want);
	return got == want;
}

int is_str(const char *got, const char *want, const char *fmt, ...)
{
	int same = got != NULL && strcmp(got, want) == 0;
	va_list ap;

	va_start(ap, fmt);
	report(same, fmt, ap);
	va_end(ap);
	if (!same)
		diag("     got: '%s'\n  expected: '%s'", got ? got : "(null)", want);
	return same;
}

void skip(int n, const char *why)
{
	for (int i = 0; i < n; i++)
		printf("ok %d # SKIP %s\n", ++run, why);
	fflush(stdout);
}

void diag(const char *fmt, ...)
{
	char buf[MAXLINE];
	va_list ap;
	char *line, *save = NULL;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save))
		printf("# %s\n", line);
	fflush(stdout);
}

int done_testing(void)
{
	if (planned < 0)
		plan(run);
	else if (planned != run)
		diag("planned %d tests but ran %d", planned, run);
	return failed == 0 && (planned < 0 || planned == run) ? 0 : 1;
}
