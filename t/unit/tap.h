/*
 * tap.h - a tiny Test Anything Protocol emitter for the C unit tests.
 * prove reads what these print.
 */
#ifndef TAP_H
#define TAP_H

#include "apue.h"

void plan(int n);
void skip_all(const char *fmt, ...) APUE_PRINTF(1, 2);
int ok(int passed, const char *fmt, ...) APUE_PRINTF(2, 3);
int is_int(long got, long want, const char *fmt, ...) APUE_PRINTF(3, 4);
int is_str(const char *got, const char *want, const char *fmt, ...)
	APUE_PRINTF(3, 4);
void skip(int n, const char *why);   /* n tests skipped, with the reason */
void diag(const char *fmt, ...) APUE_PRINTF(1, 2);
int done_testing(void);         /* prints the plan if none; exit status */

/* Every test has a watchdog from before main: SIGALRM after 45 seconds
 * (APUE_UNIT_WATCHDOG=N for N) prints why, then kills the test and, when
 * it leads its process group, every process of the group.  plan() and
 * tap_rearm() start the count again; a test that uses alarm() itself
 * calls tap_rearm() instead of alarm(0) when done. */
void tap_rearm(void);

/* How long a test waits for a peer before it calls that a failure. */
#define TAP_WAIT_SECONDS 5
/* Wait until fd is readable (data, end of file or an error): 1; or,
 * after TAP_WAIT_SECONDS, print "timed out ... waiting for WHAT" and
 * return 0 with errno ETIMEDOUT. */
int readable_within(int fd, const char *fmt, ...) APUE_PRINTF(2, 3);

#endif
