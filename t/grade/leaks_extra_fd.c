/*
 * leaks_extra_fd.c - a sample for make grade (test data, not an exercise):
 * careful.c, but recv_fd keeps the first descriptor that arrives and
 * never looks at the others: each extra descriptor stays open in the
 * caller, unseen.
 *
 * grade-sockets-fails: two-fds fds-in-two-writes ctrunc-many no-leak
 */
#define MISTAKE_LEAKS_EXTRA_FD
#include "careful.c"
