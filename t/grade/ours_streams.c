/*
 * ours_streams.c - a sample for make grade-streams (test data): our own
 * send_err, send_fd and recv_fd for STREAMS pipes (apue/), compiled as
 * the graded file.  t/0900 expects a full score.
 *
 * grade-streams-fails: none
 */
#include "../../apue/send_err.c"
#include "../../apue/streams/send_fd.c"
#include "../../apue/streams/recv_fd.c"
