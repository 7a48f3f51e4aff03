/*
 * creds.c - which credentials interface UNIX domain sockets have here, if
 * any: the kernel must attach the sender's IDs to a message.  Prints its
 * name and exits 0:
 *   SCM_CREDENTIALS  Linux: struct ucred, SO_PASSCRED on the receiver,
 *                    and SO_PEERCRED for the peer of a connection.  The
 *                    STREAMS emulation and beyond/creds need this one.
 *   SCM_CREDS        FreeBSD: struct cmsgcred, which the sender asks for
 *                    and the kernel fills in (as in sending and receiving
 *                    credentials, 3e Figures 17.15 and 17.16).
 * Otherwise the reason and exit 1.  The names are not POSIX: _GNU_SOURCE
 * shows Linux's, and no _POSIX_C_SOURCE leaves FreeBSD's visible.
 */
#undef _POSIX_C_SOURCE
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <unistd.h>

#if defined(SCM_CREDENTIALS) && defined(SO_PASSCRED) && defined(SO_PEERCRED)
#define CREDS_LINUX 1
#define CREDS_NAME "SCM_CREDENTIALS"
typedef struct ucred creds_t;
#define CREDS_TYPE SCM_CREDENTIALS
#define SENDER_ID(c) ((c).pid)
#define SENDER_WANT getpid()
#elif defined(SCM_CREDS)
#define CREDS_LINUX 0
#define CREDS_NAME "SCM_CREDS"
typedef struct cmsgcred creds_t;
#define CREDS_TYPE SCM_CREDS
#define SENDER_ID(c) ((c).cmcred_euid)
#define SENDER_WANT geteuid()
#else
#error "no SCM_CREDENTIALS or SCM_CREDS"
#endif

union control {
	struct cmsghdr align;
	unsigned char space[CMSG_SPACE(sizeof(creds_t))];
};

static int failed(const char *what)
{
	printf("%s: %s\n", what, strerror(errno));
	return 1;
}

/* One byte from sock; 0 if the kernel attached the sender's credentials. */
static int receive_creds(int sock)
{
	union control control;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	creds_t creds;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	if (recvmsg(sock, &msg, 0) != 1)
		return failed("recvmsg");
	cmsg = CMSG_FIRSTHDR(&msg);
	if (cmsg == NULL || cmsg->cmsg_level != SOL_SOCKET ||
	    cmsg->cmsg_type != CREDS_TYPE ||
	    cmsg->cmsg_len < CMSG_LEN(sizeof creds)) {
		printf("%s: no credentials arrived\n", CREDS_NAME);
		return 1;
	}
	memcpy(&creds, CMSG_DATA(cmsg), sizeof creds);
	if (SENDER_ID(creds) != SENDER_WANT) {
		printf("%s: not the sender's credentials\n", CREDS_NAME);
		return 1;
	}
	return 0;
}

#if CREDS_LINUX
/* Linux: ask for credentials on the receiver; send plain data. */
static int send_creds(int sv[2])
{
	const int on = 1;
	struct ucred peer;
	socklen_t len = sizeof peer;

	if (setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0)
		return failed("setsockopt SO_PASSCRED");
	if (getsockopt(sv[1], SOL_SOCKET, SO_PEERCRED, &peer, &len) < 0)
		return failed("getsockopt SO_PEERCRED");
	if (len != sizeof peer || peer.pid != getpid()) {
		printf("SO_PEERCRED: not the peer's credentials\n");
		return 1;
	}
	if (write(sv[0], "", 1) != 1)
		return failed("write");
	return 0;
}
#else
/* FreeBSD: the sender attaches an empty struct cmsgcred for the kernel
 * to fill in. */
static int send_creds(int sv[2])
{
	union control control;
	char byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_CREDS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(creds_t));
	if (sendmsg(sv[0], &msg, 0) != 1)
		return failed("sendmsg SCM_CREDS");
	return 0;
}
#endif

int main(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return failed("socketpair");
	if (send_creds(sv) != 0 || receive_creds(sv[1]) != 0)
		return 1;
	printf("%s\n", CREDS_NAME);
	return 0;
}
