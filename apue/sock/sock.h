/*
 * sock.h - internals of the UNIX domain socket transport: the helpers
 * that send_fd, send_ufd, recv_fd and recv_ufd call beside the book's
 * code (3e Figures 17.13-17.16).
 */
#ifndef APUE_SOCK_H
#define APUE_SOCK_H

#include <sys/types.h>
#include <sys/socket.h>
#include "reply.h"

/* Room in the receiver's control buffer.  One descriptor is expected; room
 * for a few more lets recv_fd see (and close) the extras a bad peer sends
 * instead of leaving the kernel to drop them behind MSG_CTRUNC.  Credentials
 * need less than CREDS_ROOM on every system we know (checked in creds.c:
 * Linux needs 32 bytes, FreeBSD 104). */
#define RECV_FD_ROOM 4
#define CREDS_ROOM   128
#define CONTROL_ROOM (CREDS_ROOM + CMSG_SPACE(RECV_FD_ROOM * sizeof(int)))

/* sock_send.c: sendmsg(fd, msg, 0) == 2 as the book has it, made safe:
 * EINTR retried, a partial send finished, never SIGPIPE (EPIPE instead).
 * 0 or -1 with errno. */
int send_two_bytes(int fd, struct msghdr *msg);

/* sock_reply.c: one recvmsg of a reply, sized so that it never takes a
 * byte past the status byte (the next reply stays queued), EINTR retried.
 * What the control data brought goes to *a: the first descriptor held,
 * every other one closed, MSG_CTRUNC noted, credentials kept when they came
 * with the descriptor.  Bytes read, 0 at end of file, -1 with errno. */
ssize_t recv_piece(int fd, char *buf, size_t size, const struct reply *r,
		   struct arrived *a);

/* creds.c: the system-specific credentials calls (Linux SCM_CREDENTIALS,
 * FreeBSD SCM_CREDS; none with -DAPUE_NO_CREDS). */
int creds_enable(int sockfd);
size_t creds_space(void);
void creds_fill(struct cmsghdr *cmsg);
int creds_uid(const struct cmsghdr *cmsg, uid_t *uid);
void creds_close_pidfd(const struct cmsghdr *cmsg);

#endif
