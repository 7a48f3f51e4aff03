/*
 * bench_passfd.c - the cost of passing one descriptor: send_fd/recv_fd
 * beside a minimal raw sendmsg/recvmsg loop, ping-pong (the receiver
 * acknowledges each descriptor) and streaming (no acknowledgement until
 * the end), with dup() and pidfd_getfd() as the in-process floor.
 *
 * Book: send_fd/recv_fd (3e Figures 17.13-17.14; 2e §17.4); the
 * book measures nothing.  This program uses apue.h only, so it is built
 * for both transports: beyond/bench_passfd measures the socket transport,
 * beyond/streams/bench_passfd the STREAMS one.  The raw loop is always
 * sendmsg/recvmsg over a socketpair: the reference both are compared to.
 *
 * Every pass sends one descriptor of /dev/null; the receiver closes what
 * it gets, so the cost includes installing and closing the descriptor.
 * Methods take turns within each repeat, so noise from other work on the
 * machine falls on all of them; the table gives the median of the repeats.
 *
 * usage: bench_passfd [-h] [-n passes] [-r repeats]   (100000 and 11)
 */
#if defined(__linux__)
#define _GNU_SOURCE             /* Linux only: syscall() for pidfd_getfd */
#endif
#include "apue.h"
#include "bench.h"
#include <sys/socket.h>
#include <sys/wait.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

enum method { RAW_PING, API_PING, RAW_STREAM, API_STREAM, DUP_CLOSE,
	      GETFD_CLOSE, NMETHODS };

static const struct {
	const char *name, *mode;
} methods[NMETHODS] = {
	[RAW_PING] = { "raw sendmsg/recvmsg", "ping-pong" },
	[API_PING] = { "send_fd/recv_fd", "ping-pong" },
	[RAW_STREAM] = { "raw sendmsg/recvmsg", "streaming" },
	[API_STREAM] = { "send_fd/recv_fd", "streaming" },
	[DUP_CLOSE] = { "dup+close", "in-process" },
	[GETFD_CLOSE] = { "pidfd_getfd+close", "in-process" },
};

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: bench_passfd [-h] [-n passes] [-r repeats]\n"
		"  Print the cost per descriptor of send_fd/recv_fd, a raw\n"
		"  sendmsg/recvmsg loop, dup and pidfd_getfd (default -n 100000\n"
		"  -r 11).  The median of the repeats is shown.\n");
	exit(status);
}

static int raw_send(int sock, int fd)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int))];
	} control;
	unsigned char bytes[2] = { 0, 0 };
	struct iovec iov = { .iov_base = bytes, .iov_len = sizeof bytes };
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
	return sendmsg(sock, &msg, 0) == 2 ? 0 : -1;
}

/* Receive the 2 bytes and the descriptor sent by raw_send. */
static int raw_recv(int sock)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int))];
	} control;
	unsigned char bytes[2];
	struct iovec iov = { .iov_base = bytes, .iov_len = sizeof bytes };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	int fd;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	if (recvmsg(sock, &msg, 0) != 2 || (cmsg = CMSG_FIRSTHDR(&msg)) == NULL ||
	    cmsg->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
	return fd;
}

/* The receiving child: n descriptors, acknowledging each or only the last. */
static void receiver(int sock, enum method m, long n)
{
	int ack_each = (m == RAW_PING || m == API_PING);
	int raw = (m == RAW_PING || m == RAW_STREAM);

	for (long i = 0; i < n; i++) {
		int fd = raw ? raw_recv(sock) : recv_fd(sock, NULL);

		if (fd < 0)
			err_quit("bench_passfd: receive failed at pass %ld", i);
		close(fd);
		if ((ack_each || i == n - 1) && write(sock, "k", 1) != 1)
			err_sys("receiver: write error");
	}
	_exit(0);
}

/* Time n passes from this process to a child; ns per descriptor. */
static double time_passing(enum method m, long n, int fd)
{
	int sock[2], status, raw = (m == RAW_PING || m == RAW_STREAM);
	int ack_each = (m == RAW_PING || m == API_PING);
	pid_t pid;
	double start, end;
	char c;

	/* The raw loop always runs over a socketpair; the API over fd_pipe. */
	if (raw ? socketpair(AF_UNIX, SOCK_STREAM, 0, sock) : fd_pipe(sock))
		err_sys("can't make a pipe");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(sock[0]);
		receiver(sock[1], m, n);
	}
	close(sock[1]);
	start = bench_now_ns();
	for (long i = 0; i < n; i++) {
		if ((raw ? raw_send(sock[0], fd) : send_fd(sock[0], fd)) < 0)
			err_sys("send error");
		if ((ack_each || i == n - 1) && read(sock[0], &c, 1) != 1)
			err_quit("bench_passfd: no acknowledgement");
	}
	end = bench_now_ns();
	close(sock[0]);
	if (waitpid(pid, &status, 0) < 0 || status != 0)
		err_quit("bench_passfd: the receiver failed");
	return (end - start) / (double)n;
}

static double time_dup(long n, int fd)
{
	double start = bench_now_ns();

	for (long i = 0; i < n; i++) {
		int copy = dup(fd);

		if (copy < 0)
			err_sys("dup error");
		close(copy);
	}
	return (bench_now_ns() - start) / (double)n;
}

/* pidfd_getfd on our own pidfd; a negative result if unavailable. */
static double time_getfd(long n, int fd)
{
#if defined(__linux__) && defined(SYS_pidfd_open) && \
    defined(SYS_pidfd_getfd) && !defined(APUE_NO_PIDFD_GETFD)
	/* glibc before 2.36 has no wrappers: syscall(2). */
	int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	double start;

	if (pidfd < 0)
		return -1;
	start = bench_now_ns();
	for (long i = 0; i < n; i++) {
		int copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);

		if (copy < 0) {
			close(pidfd);
			return -1;
		}
		close(copy);
	}
	start = (bench_now_ns() - start) / (double)n;
	close(pidfd);
	return start;
#else
	(void)n;
	(void)fd;
	return -1;
#endif
}

static double run_one(enum method m, long n, int fd)
{
	switch (m) {
	case DUP_CLOSE:
		return time_dup(n, fd);
	case GETFD_CLOSE:
		return time_getfd(n, fd);
	default:
		return time_passing(m, n, fd);
	}
}

int main(int argc, char *argv[])
{
	static double runs[NMETHODS][BENCH_MAX_REPEATS];
	double median[NMETHODS], lowest[NMETHODS];
	long n = 100000;
	int repeats = 11, opt, fd;

	while ((opt = getopt(argc, argv, "hn:r:")) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout, 0);
			break;
		case 'n':
			n = bench_count(optarg, 'n', 100000000);
			break;
		case 'r':
			repeats = (int)bench_count(optarg, 'r', BENCH_MAX_REPEATS);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
	if ((fd = open("/dev/null", O_RDONLY)) < 0)
		err_sys("can't open /dev/null");
	signal(SIGPIPE, SIG_IGN);

	for (int r = 0; r < repeats; r++)
		for (int m = 0; m < NMETHODS; m++)
			runs[m][r] = run_one((enum method)m, n, fd);
	for (int m = 0; m < NMETHODS; m++) {
		lowest[m] = runs[m][0];
		for (int r = 1; r < repeats; r++)
			if (runs[m][r] < lowest[m])
				lowest[m] = runs[m][r];
		median[m] = bench_median(runs[m], repeats);
	}

	printf("# %s: %ld descriptors per run, %d runs, ns per descriptor\n",
	       argv[0], n, repeats);
	printf("%-22s %-11s %10s %10s\n", "method", "mode", "median", "min");
	for (int m = 0; m < NMETHODS; m++) {
		if (median[m] < 0) {
			printf("%-22s %-11s %10s %10s\n", methods[m].name,
			       methods[m].mode, "n/a", "n/a");
			continue;
		}
		printf("%-22s %-11s %10.0f %10.0f\n", methods[m].name,
		       methods[m].mode, median[m], lowest[m]);
	}
	printf("%-22s %-11s %9.3fx %9.3fx\n", "send_fd/recv_fd vs raw",
	       "ping-pong", median[API_PING] / median[RAW_PING],
	       lowest[API_PING] / lowest[RAW_PING]);
	printf("%-22s %-11s %9.3fx %9.3fx\n", "send_fd/recv_fd vs raw",
	       "streaming", median[API_STREAM] / median[RAW_STREAM],
	       lowest[API_STREAM] / lowest[RAW_STREAM]);
	return 0;
}
