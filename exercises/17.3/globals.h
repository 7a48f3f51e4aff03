/*
 * globals.h - Exercise 17.3 (3e; the open server's opend.h, 3e Figure
 * 17.20): the header DECLARES the server's globals with extern.
 * A declaration says a name exists and what type it has; it allocates
 * nothing, so every file may include it.
 *
 * BROKEN_HEADER_DEFINES turns the declarations into definitions, the
 * mistake the book avoids: then every file that includes this header
 * defines its own object, and the link fails with "multiple definition"
 * (gcc 10 and clang 11 default to -fno-common; older compilers merged such
 * "common" symbols silently).  t/0503 builds it both ways.
 */
#ifndef GLOBALS_H
#define GLOBALS_H

#include "apue.h"

#ifdef BROKEN_HEADER_DEFINES
int oflag;                      /* a definition in every including file */
char errmsg[MAXLINE];
#else
extern int oflag;               /* declarations: defined in main.c */
extern char errmsg[];
#endif

void report(void);

#endif
