/*
 * ours_sockets.c - a sample for make grade (test data): our own send_err,
 * send_fd and recv_fd for sockets (apue/), compiled as the graded file,
 * so the card grades them like anyone's.  t/0900 expects a full score.
 *
 * grade-sockets-fails: none
 */
#include "../../apue/send_err.c"
#include "../../apue/sock/send_fd.c"
#include "../../apue/sock/recv_fd.c"
