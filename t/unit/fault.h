/*
 * fault.h - make one system call fail on purpose, from inside the library.
 *
 * A test program linked with -Wl,--wrap=CALL for each call below (see
 * FAULT_WRAPS in t/build.mk) gets every reference to CALL in its objects
 * and in the apue library routed through __wrap_CALL here, which fails
 * the armed call with the armed errno and otherwise calls the real one.
 * Only references in the objects linked go through the wrap, never the C
 * library's own internal calls.  The state is copied by fork, so the
 * second fork of a double fork can be made to fail: fault_arm("fork", 2,
 * EAGAIN) fails the first fork of the child.
 *
 * Also: what a failed call may leave behind, to check that it did not.
 * Linux only (the child subreaper, /proc).
 */
#ifndef FAULT_H
#define FAULT_H

#include "apue.h"

/* Fail the nth call of CALL from now on (1 is the next one) with errno
 * error, once.  fault_fired() says whether it happened in this process. */
void fault_arm(const char *call, int nth, int error);
void fault_disarm(void);
int fault_fired(void);

/* Become a child subreaper (every orphan we made becomes our child), so
 * that processes the library started and lost can be counted. */
void fault_adopt_orphans(void);
/* Our live children after reaping the dead ones, waiting up to a second
 * for those on their way out. */
int live_children(void);
/* How many entries (other than . and ..) directory dir holds. */
int dir_entries(const char *dir);

#endif
