/*
 * no_status_check.c - a sample for make grade (test data, not an exercise):
 * careful.c, but recv_fd never looks at the status byte: a descriptor
 * that came is returned whatever the status, and a reply without one is
 * -1, so an error status never comes back as -status.
 *
 * grade-sockets-fails: status status-255 userfunc long-text fd-with-error
 *   fd-then-next fd-on-text-error queued
 */
#define MISTAKE_NO_STATUS_CHECK
#include "careful.c"
