/*
 * send_ufd.c - pass a descriptor together with the sender's credentials
 * (book: 3e Figure 17.15, where it is a second version of send_fd; one
 * library cannot hold two send_fds, so this one is named after its
 * receiving partner, recv_ufd).
 *
 * The credentials message comes first, then SCM_RIGHTS, in one control
 * buffer aligned for struct cmsghdr.
 */
#include "apue.h"
#include "sock.h"

int send_ufd(int fd, int fd_to_send)
{
	union {
		struct cmsghdr align;
		unsigned char space[CREDS_ROOM + CMSG_SPACE(sizeof(int))];
	} control;
	struct msghdr carrier = { 0 };
	struct cmsghdr *cmsg;
	size_t used;

	if (fd_to_send < 0)
		return send_fd(fd, fd_to_send);     /* no descriptor, no uid */
	memset(&control, 0, sizeof control);
	used = creds_build(control.space, CREDS_ROOM);
	if (used == 0) {
		errno = ENOSYS;
		return -1;
	}
	carrier.msg_control = control.space;
	carrier.msg_controllen = used + CMSG_SPACE(sizeof(int));
	cmsg = CMSG_NXTHDR(&carrier, CMSG_FIRSTHDR(&carrier));
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd_to_send, sizeof(int));
	return sock_send_status(fd, 0, control.space, carrier.msg_controllen);
}
