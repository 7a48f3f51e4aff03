/*
 * report.h - how library functions explain a failure (internal).
 */
#ifndef APUE_REPORT_H
#define APUE_REPORT_H

#include "apue.h"

/* Write one line, "fmt\n", to stderr with a single write(2).  Unlike the
 * err_* helpers it leaves stdio alone: no flush of the caller's stdout,
 * which could block, and errno is preserved. */
void apue_report(const char *fmt, ...) APUE_PRINTF(1, 2);

#endif
