/*
 * cloexec.c - MSG_CMSG_CLOEXEC, and a received descriptor surviving exec
 * when it is not set.
 *
 * Book: recv_fd (3e Figure 17.14; 2e §17.4.2) receives without the flag, so
 * the descriptor it returns is inherited by every program the receiver
 * execs; ours does the same, and NOTES.md, "Figure 17.14: recv_fd", says why
 * and how to ask for the other behaviour.
 *
 * The same file is passed twice over a socketpair in this process: once
 * received plainly, once with MSG_CMSG_CLOEXEC.  Then the program execs
 * itself (-c) to look at both numbers from the new program.
 *
 * Linux (2.6.23) and FreeBSD (10): MSG_CMSG_CLOEXEC is not POSIX.
 *
 * usage: cloexec [-h] file
 *        cloexec -c fd...     (the exec'd half: report each fd)
 */
#define _GNU_SOURCE             /* Linux only: MSG_CMSG_CLOEXEC */
#include "apue.h"
#include <sys/socket.h>

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: cloexec [-h] file\n"
		"  Receive a descriptor for file without and with MSG_CMSG_CLOEXEC,\n"
		"  then exec and see which one the new program still has.\n");
	exit(status);
}

static void send_one(int sock, int fd)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
	if (sendmsg(sock, &msg, 0) != 1)
		err_sys("sendmsg error");
}

static int receive_one(int sock, int flags)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int))];
	} control;
	char c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	int fd;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	if (recvmsg(sock, &msg, flags) != 1)
		err_sys("recvmsg error");
	cmsg = CMSG_FIRSTHDR(&msg);
	if (cmsg == NULL || cmsg->cmsg_type != SCM_RIGHTS ||
	    cmsg->cmsg_len != CMSG_LEN(sizeof(int)))
		err_quit("cloexec: no descriptor arrived");
	memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
	return fd;
}

static const char *cloexec_state(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	if (flags < 0)
		err_sys("fcntl error");
	return flags & FD_CLOEXEC ? "set" : "clear";
}

/* The exec'd half: is each descriptor still open? */
static int after_exec(int argc, char *argv[])
{
	for (int i = 2; i < argc; i++) {
		int fd = atoi(argv[i]);
		struct stat st;

		if (fstat(fd, &st) == 0)
			printf("  after exec, descriptor %d: open\n", fd);
		else
			printf("  after exec, descriptor %d: %s\n", fd,
			       strerror(errno));
	}
	return 0;
}

int main(int argc, char *argv[])
{
	int sock[2], file, plain, cloexec;
	char plain_arg[16], cloexec_arg[16];

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc > 2 && strcmp(argv[1], "-c") == 0)
		return after_exec(argc, argv);
	if (argc != 2 || argv[1][0] == '-')
		usage(stderr, 2);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sock) < 0)
		err_sys("socketpair error");
	if ((file = open(argv[1], O_RDONLY)) < 0)
		err_sys("can't open %s", argv[1]);
	send_one(sock[0], file);
	send_one(sock[0], file);
	plain = receive_one(sock[1], 0);
	cloexec = receive_one(sock[1], MSG_CMSG_CLOEXEC);
	printf("received without MSG_CMSG_CLOEXEC as %d: FD_CLOEXEC %s\n",
	       plain, cloexec_state(plain));
	printf("received with MSG_CMSG_CLOEXEC as %d: FD_CLOEXEC %s\n",
	       cloexec, cloexec_state(cloexec));
	snprintf(plain_arg, sizeof plain_arg, "%d", plain);
	snprintf(cloexec_arg, sizeof cloexec_arg, "%d", cloexec);
	fflush(stdout);
	execl(argv[0], argv[0], "-c", plain_arg, cloexec_arg, (char *)NULL);
	err_sys("can't exec %s", argv[0]);
}
