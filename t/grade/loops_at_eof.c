/*
 * loops_at_eof.c - a sample for make grade (test data, not an exercise):
 * careful.c, but recv_fd takes 0 from recvmsg for "nothing yet" and
 * reads again: at end of file it never returns.
 *
 * grade-sockets-fails: closed-at-once dies-mid-reply
 */
#define MISTAKE_LOOPS_AT_EOF
#include "careful.c"
