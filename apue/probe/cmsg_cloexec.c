/*
 * cmsg_cloexec.c - recvmsg with MSG_CMSG_CLOEXEC (Linux 2.6.23, FreeBSD
 * 10; beyond/cloexec): the descriptor received has FD_CLOEXEC set.
 * Not POSIX: _GNU_SOURCE shows it on Linux.  Exit 0 when it works.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef MSG_CMSG_CLOEXEC
#error "no MSG_CMSG_CLOEXEC"
#endif

union control {
	struct cmsghdr align;
	unsigned char space[CMSG_SPACE(sizeof(int))];
};

static int failed(const char *what)
{
	printf("%s: %s\n", what, strerror(errno));
	return 1;
}

int main(void)
{
	union control control;
	char byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	int sv[2], fd = 0, flags;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return failed("socketpair");
	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof fd);
	memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
	if (sendmsg(sv[0], &msg, 0) != 1)
		return failed("sendmsg");
	if (recvmsg(sv[1], &msg, MSG_CMSG_CLOEXEC) != 1)
		return failed("recvmsg MSG_CMSG_CLOEXEC");
	if ((cmsg = CMSG_FIRSTHDR(&msg)) == NULL || cmsg->cmsg_type != SCM_RIGHTS) {
		printf("MSG_CMSG_CLOEXEC: no descriptor arrived\n");
		return 1;
	}
	memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
	if ((flags = fcntl(fd, F_GETFD)) < 0 || !(flags & FD_CLOEXEC)) {
		printf("MSG_CMSG_CLOEXEC: the descriptor has no FD_CLOEXEC\n");
		return 1;
	}
	printf("MSG_CMSG_CLOEXEC\n");
	return 0;
}
