/*
 * bench.h - what the benchmark programs share: a monotonic clock, the
 * median of repeated runs, and option parsing for -n and -r.
 * Header-only (static inline) so each benchmark stays one object.
 */
#ifndef BENCH_H
#define BENCH_H

#include "apue.h"
#include <time.h>

#define BENCH_MAX_REPEATS 101

static inline double bench_now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		err_sys("clock_gettime error");
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static inline int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n-1] (sorts v). */
static inline double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof v[0], bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A positive count for option opt, at most max. */
static inline long bench_count(const char *s, char opt, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || n < 1 || n > max)
		err_quit("bad -%c value '%s' (1..%ld)", opt, s, max);
	return n;
}

#endif
