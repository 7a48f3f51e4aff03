/*
 * reads_past_status.c - a sample for make grade (test data, not an exercise):
 * careful.c, but recv_fd reads MAXLINE bytes at a time and drops what
 * follows the status byte: the start of the next reply is lost.
 *
 * grade-sockets-fails: queued
 */
#define MISTAKE_READS_PAST_STATUS
#include "careful.c"
