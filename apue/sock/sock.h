/*
 * sock.h - internals of the UNIX domain socket transport.
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

/* Send the protocol bytes {0, status} with the control data attached, and
 * finish a partial send.  Never raises SIGPIPE.  0 or -1 with errno. */
int sock_send_status(int fd, unsigned char status,
		     void *control, size_t controllen);

/* Receive one reply (see apue.h, recv_fd).  With uidptr, the reply must
 * carry the sender's credentials.  who names the caller in messages. */
int sock_recv_reply(int fd, uid_t *uidptr, reply_userfunc *userfunc,
		    const char *who);

/* creds.c: the system-specific credentials calls. */
int creds_enable(int sockfd);
int creds_uid(const struct cmsghdr *cmsg, uid_t *uid);
size_t creds_build(void *buf, size_t room);
void creds_close_pidfd(const struct cmsghdr *cmsg);

#endif
