/*
 * send_ufd.c - pass a descriptor together with the sender's credentials
 * over a UNIX domain socket (book: 3e Figure 17.15).
 *
 * The book's steps, in its order: the two bytes {0, status}; with a
 * descriptor, an SCM_RIGHTS control message and, after it, a credentials
 * message (Linux SCM_CREDENTIALS with our pid and effective IDs; FreeBSD
 * SCM_CREDS, which the kernel fills in); sendmsg.
 *
 * Differences from the book:
 * - the book's Figure 17.15 is a second send_fd; one library cannot hold
 *   two, so this one is named after its partner, recv_ufd (Figure 17.16);
 *   a negative fd_to_send goes to send_fd, as no uid travels with a status;
 * - the credentials message is built by creds.c, the one file with the
 *   SCM_CREDENTIALS / SCM_CREDS feature tests; without either (or with
 *   -DAPUE_NO_CREDS) send_ufd fails with ENOSYS instead of not compiling;
 * - the control buffer is a local union aligned for struct cmsghdr, and
 *   msg_controllen is CMSG_SPACE(sizeof(int)) plus the credentials'
 *   CMSG_SPACE (the book mallocs a static buffer of the two CMSG_LENs,
 *   4 bytes short on 64-bit Linux: its last store overruns the buffer and
 *   sendmsg fails with EINVAL; NOTES.md, "The book's errata");
 * - the credentials are zeroed before they are filled in (the book leaves
 *   FreeBSD's struct cmsgcred as malloc gave it, for the kernel to fill);
 * - the send is send_fd's (EINTR retried, EPIPE instead of SIGPIPE).
 */
#include "apue.h"
#include "sock.h"

int send_ufd(int fd, int fd_to_send)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int)) + CREDS_ROOM];
	} control;
	struct cmsghdr *cmp;
	struct iovec iov[1];
	struct msghdr msg;
	char buf[2];            /* the two bytes: null, then status */
	size_t credslen = creds_space();

	if (fd_to_send < 0)
		return send_fd(fd, fd_to_send);  /* a status: no descriptor, no uid */
	if (credslen == 0 || credslen > CREDS_ROOM) {
		errno = ENOSYS;                 /* no credentials on this system */
		return -1;
	}

	memset(&msg, 0, sizeof msg);
	memset(&control, 0, sizeof control);
	iov[0].iov_base = buf;
	iov[0].iov_len = 2;
	msg.msg_iov = iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = CMSG_SPACE(sizeof(int)) + credslen;
	cmp = CMSG_FIRSTHDR(&msg);
	cmp->cmsg_level = SOL_SOCKET;
	cmp->cmsg_type = SCM_RIGHTS;
	cmp->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmp), &fd_to_send, sizeof(int));   /* the one int */
	cmp = CMSG_NXTHDR(&msg, cmp);
	creds_fill(cmp);                        /* who we are */
	buf[1] = 0;                     /* status 0: a descriptor follows */
	buf[0] = 0;                     /* recv_ufd scans for this null */
	return send_two_bytes(fd, &msg);
}
