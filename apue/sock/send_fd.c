/*
 * send_fd.c - pass a descriptor over a UNIX domain socket
 * (book: 3e Figure 17.13; 2e §17.4.2).
 *
 * Differences: the control buffer is a local union aligned for struct
 * cmsghdr and sized with CMSG_SPACE (the book mallocs one static buffer);
 * the descriptor is copied with memcpy; a status the byte cannot carry
 * (below -255) is EINVAL instead of being truncated; SIGPIPE is never
 * raised (MSG_NOSIGNAL), so a vanished peer is an EPIPE error.
 */
#include "apue.h"
#include "sock.h"

int send_fd(int fd, int fd_to_send)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int))];
	} control;
	struct msghdr carrier = { 0 };
	struct cmsghdr *cmsg;

	if (fd_to_send < 0) {
		if (fd_to_send < -255) {
			errno = EINVAL;
			return -1;
		}
		return sock_send_status(fd, (unsigned char)-fd_to_send, NULL, 0);
	}
	memset(&control, 0, sizeof control);
	carrier.msg_control = control.space;
	carrier.msg_controllen = sizeof control.space;
	cmsg = CMSG_FIRSTHDR(&carrier);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd_to_send, sizeof(int));
	return sock_send_status(fd, 0, control.space, sizeof control.space);
}
