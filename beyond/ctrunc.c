/*
 * ctrunc.c - descriptors that do not fit: a receiver whose control buffer
 * is too small, and a receiver at its descriptor limit (RLIMIT_NOFILE).
 * Both see MSG_CTRUNC; the question is what happened to the descriptors
 * that did not arrive.
 *
 * Book: recv_fd (3e Figure 17.14; 2e §17.4.2) sizes its buffer for exactly
 * one descriptor and never looks at msg_flags.  This shows why our
 * recv_fd has room for a few more and treats MSG_CTRUNC as an error.
 *
 * How we tell: each descriptor sent is the write end of its own pipe, and
 * the sender closes its copies after sending.  The read end then sees
 * end-of-file exactly when the write end is closed everywhere, i.e. when
 * the kernel closed the descriptor that could not be delivered.
 *
 * usage: ctrunc [-h] [nsent [nroom]]   (defaults 5 and 2)
 */
#include "apue.h"
#include <sys/resource.h>
#include <sys/socket.h>

#define MAX_SENT 64

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: ctrunc [-h] [nsent [nroom]]\n"
		"  Send nsent descriptors (default 5) to a receiver with room for\n"
		"  nroom (default 2): first in its control buffer, then below its\n"
		"  RLIMIT_NOFILE.  Report which descriptors the kernel closed.\n");
	exit(status);
}

static int parse_count(const char *s, int lo, int hi)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || n < lo || n > hi)
		err_quit("ctrunc: bad count '%s' (%d..%d)", s, lo, hi);
	return (int)n;
}

/* Send the write end of each pipe in one message; then close ours. */
static void send_write_ends(int sock, int pipes[][2], int n)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(MAX_SENT * sizeof(int))];
	} control;
	char byte = 'x';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = CMSG_SPACE((size_t)n * sizeof(int));
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN((size_t)n * sizeof(int));
	for (int i = 0; i < n; i++)
		memcpy(CMSG_DATA(cmsg) + (size_t)i * sizeof(int), &pipes[i][1],
		       sizeof(int));
	if (sendmsg(sock, &msg, 0) != 1)
		err_sys("sendmsg error");
	for (int i = 0; i < n; i++)
		close(pipes[i][1]);
}

/* Receive with room for `room` descriptors in the control buffer.  Stores
 * what arrived in got[] and returns how many; *flags gets msg_flags. */
static int receive(int sock, int room, int got[], int *flags)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(MAX_SENT * sizeof(int))];
	} control;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { 0 };
	int n = 0;

	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = CMSG_SPACE((size_t)room * sizeof(int));
	if (recvmsg(sock, &msg, 0) < 0)
		err_sys("recvmsg error");
	*flags = msg.msg_flags;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL;
	     c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t off = 0; off + sizeof(int) <= c->cmsg_len - CMSG_LEN(0)
		     && n < MAX_SENT; off += sizeof(int))
			memcpy(&got[n++], CMSG_DATA(c) + off, sizeof(int));
	}
	return n;
}

/* 1 if the pipe's write end is closed everywhere (read sees EOF). */
static int writer_gone(int readfd)
{
	char c;
	int flags = fcntl(readfd, F_GETFL);

	fcntl(readfd, F_SETFL, flags | O_NONBLOCK);
	return read(readfd, &c, 1) == 0;
}

static void report(int pipes[][2], int nsent, const int got[], int ngot,
		   int flags)
{
	printf("  msg_flags: %s\n", flags & MSG_CTRUNC ? "MSG_CTRUNC" : "0");
	printf("  received %d of %d descriptors\n", ngot, nsent);
	for (int i = 0; i < nsent; i++)
		printf("  descriptor %d: %s\n", i, writer_gone(pipes[i][0]) ?
		       "closed by the kernel (its pipe reads end-of-file)" :
		       "delivered (its pipe is still open for writing)");
	for (int i = 0; i < ngot; i++)
		close(got[i]);
	for (int i = 0; i < nsent; i++)
		close(pipes[i][0]);
}

static void make_pipes(int pipes[][2], int n)
{
	for (int i = 0; i < n; i++)
		if (pipe(pipes[i]) < 0)
			err_sys("pipe error");
}

/* The smallest descriptor limit that leaves exactly room numbers free. */
static int limit_leaving(int room)
{
	int fd = 0, free_slots = 0;

	for (; free_slots < room; fd++)
		if (fcntl(fd, F_GETFD) < 0)
			free_slots++;
	return fd;
}

int main(int argc, char *argv[])
{
	int nsent = 5, room = 2, sock[2], pipes[MAX_SENT][2], got[MAX_SENT];
	int ngot, flags;
	struct rlimit saved, tight;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc > 3 || (argc > 1 && argv[1][0] == '-'))
		usage(stderr, 2);
	if (argc > 1)
		nsent = parse_count(argv[1], 1, MAX_SENT);
	if (argc > 2)
		room = parse_count(argv[2], 0, nsent);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sock) < 0)
		err_sys("socketpair error");

	printf("control buffer with room for %d, %d sent:\n", room, nsent);
	make_pipes(pipes, nsent);
	send_write_ends(sock[0], pipes, nsent);
	ngot = receive(sock[1], room, got, &flags);
	report(pipes, nsent, got, ngot, flags);

	printf("descriptor limit leaving room for %d, %d sent:\n", room, nsent);
	make_pipes(pipes, nsent);
	send_write_ends(sock[0], pipes, nsent);
	if (getrlimit(RLIMIT_NOFILE, &saved) < 0)
		err_sys("getrlimit error");
	/* Descriptor numbers must stay below the limit: room more fit. */
	tight = saved;
	tight.rlim_cur = (rlim_t)limit_leaving(room);
	if (setrlimit(RLIMIT_NOFILE, &tight) < 0)
		err_sys("setrlimit error");
	ngot = receive(sock[1], nsent, got, &flags);
	if (setrlimit(RLIMIT_NOFILE, &saved) < 0)
		err_sys("setrlimit error");
	report(pipes, nsent, got, ngot, flags);
	return 0;
}
