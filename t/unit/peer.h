/*
 * peer.h - helpers the unit tests share: a forked peer on the other end
 * of fd_pipe, a raw sender for crafted replies, a userfunc that collects
 * text, and a count of open descriptors.
 */
#ifndef PEER_H
#define PEER_H

#include "apue.h"

/* Fork a child that runs fn(its end of an fd_pipe, arg) and exits 0.
 * Returns the child's pid and stores our end in *ours. */
pid_t start_peer(int *ours, void (*fn)(int sock, void *arg), void *arg);
/* Wait for the child; return its exit status, or 128+signal. */
int finish_peer(pid_t pid);

/* sendmsg data with nfds descriptors in one SCM_RIGHTS message. */
int raw_send(int sock, const void *data, size_t n, const int *fds,
	     size_t nfds);

/* A userfunc for recv_fd that appends text to collected[]. */
extern char collected[1 << 16];
extern size_t collected_len;
ssize_t collect_text(int fd, const void *buf, size_t n);
void collect_reset(void);

/* Send what this process writes to stderr into a buffer while a call
 * runs: capture_stderr() before, captured_stderr() after (returns the
 * text, which stays valid until the next capture). */
void capture_stderr(void);
const char *captured_stderr(void);

/* How many descriptors this process has open. */
int open_fd_count(void);

#endif
