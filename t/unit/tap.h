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

#endif
