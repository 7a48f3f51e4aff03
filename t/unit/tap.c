/*
 * tap.c - see tap.h.  Output is flushed after every line so that a test
 * that forks never prints a line twice.
 */
#include "tap.h"
#include <ctype.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>

static int planned = -1;
static int run, failed;

/* ---- the watchdog: a hang becomes a failure, not a stuck CI ---- */

static unsigned watchdog_seconds = 45;

/* Append the decimal n to buf at *len (async-signal-safe). */
static void put_number(char *buf, size_t *len, unsigned long n)
{
	char digits[24];
	size_t k = 0;

	do
		digits[k++] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	while (k > 0)
		buf[(*len)++] = digits[--k];
}

static void put_text(char *buf, size_t *len, const char *text)
{
	while (*text != '\0')
		buf[(*len)++] = *text++;
}

/* Say so on stdout (TAP) and stderr, then end this test and, when it
 * leads its own process group (as the test harness starts it), every
 * process it started. */
static void watchdog_fired(int signo)
{
	char msg[200];
	size_t len = 0;

	(void)signo;
	put_text(msg, &len, "# watchdog: no progress for ");
	put_number(msg, &len, watchdog_seconds);
	put_text(msg, &len, " seconds after test ");
	put_number(msg, &len, (unsigned long)run);
	put_text(msg, &len, "; stopping the test and its processes\n");
	(void)write(STDOUT_FILENO, msg, len);
	(void)write(STDERR_FILENO, msg + 2, len - 2);
	if (getpgrp() == getpid())
		kill(0, SIGKILL);
	_exit(124);
}

/* From the first line of main: constructors run before it. */
__attribute__((constructor)) static void tap_start_watchdog(void)
{
	const char *env = getenv("APUE_UNIT_WATCHDOG");
	struct sigaction sa;

	if (env != NULL && atoi(env) > 0)
		watchdog_seconds = (unsigned)atoi(env);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = watchdog_fired;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(watchdog_seconds);
}

void tap_rearm(void)
{
	alarm(watchdog_seconds);
}

int readable_within(int fd, const char *fmt, ...)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r;

	while ((r = poll(&p, 1, TAP_WAIT_SECONDS * 1000)) < 0 && errno == EINTR)
		;
	if (r == 1)
		return 1;
	{
		char what[MAXLINE];
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(what, sizeof what, fmt, ap);
		va_end(ap);
		diag("timed out after %d seconds waiting for %s",
		     TAP_WAIT_SECONDS, what);
	}
	errno = ETIMEDOUT;
	return 0;
}

void plan(int n)
{
	tap_rearm();
	planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

/* With APUE_REQUIRE_ROOT set (.ci/run), a skip for want of a privilege
 * (root, setpriv, seteuid, another user) is a failure: see ApueTest.pm,
 * whose needs_privilege this mirrors. */
static int must_not_skip(const char *why)
{
	static const char *const words[] = {
		"root", "setpriv", "seteuid", "another user", "switching users",
		"switch to uid",
	};
	const char *env = getenv("APUE_REQUIRE_ROOT");
	char lower[MAXLINE];
	size_t i;

	if (env == NULL || *env == '\0' || *env == '0')
		return 0;
	for (i = 0; why[i] != '\0' && i < sizeof lower - 1; i++)
		lower[i] = (char)tolower((unsigned char)why[i]);
	lower[i] = '\0';
	if (strstr(lower, "unshare") != NULL)
		return 0;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strstr(lower, words[i]) != NULL)
			return 1;
	return 0;
}

void skip_all(const char *fmt, ...)
{
	char why[MAXLINE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (must_not_skip(why)) {
		printf("1..1\nnot ok 1 - required (APUE_REQUIRE_ROOT=1), not "
		       "skipped: %s\n", why);
		exit(1);
	}
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

static int report(int passed, const char *fmt, va_list ap)
	APUE_PRINTF(2, 0);

static int report(int passed, const char *fmt, va_list ap)
{
	char text[2 * MAXLINE];
	const char *skipped;

	vsnprintf(text, sizeof text, fmt, ap);
	if (passed && (skipped = strstr(text, "# SKIP ")) != NULL &&
	    must_not_skip(skipped)) {
		passed = 0;
		/* no "# SKIP" in the line: TAP would take it as a skip */
		printf("not ok %d - %.*srequired (APUE_REQUIRE_ROOT=1), not "
		       "skipped: %s\n", ++run, (int)(skipped - text), text,
		       skipped + 7);
		failed++;
		fflush(stdout);
		return passed;
	}
	run++;
	if (!passed)
		failed++;
	printf("%sok %d - %s\n", passed ? "" : "not ", run, text);
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
	int required = must_not_skip(why);

	for (int i = 0; i < n; i++)
		printf("%sok %d # %s%s\n", required ? "not " : "", ++run,
		       required ? "required (APUE_REQUIRE_ROOT=1), not "
		       "skipped: " : "SKIP ", why);
	if (required)
		failed += n;
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
