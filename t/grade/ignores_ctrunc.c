/*
 * ignores_ctrunc.c - a sample for make grade (test data, not an exercise):
 * careful.c, but recv_fd never looks at MSG_CTRUNC: when the kernel
 * could install only one of the descriptors sent, that one is taken as
 * the reply's.
 *
 * grade-sockets-fails: ctrunc-one
 */
#define MISTAKE_IGNORES_CTRUNC
#include "careful.c"
