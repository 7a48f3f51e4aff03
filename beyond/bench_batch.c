/*
 * bench_batch.c - the cost per descriptor when one sendmsg carries 1, 4,
 * 16, 64 or 253 (SCM_MAX_FD on Linux) descriptors, ping-pong (the
 * receiver acknowledges each message) and streaming.  Where sendmsg
 * refuses 253 with ENOMEM (musl before 1.2.4 copies at most 1024 bytes of
 * control data), the last row is the most it takes, and a note says so.
 *
 * Book: send_fd (3e Figure 17.13; 2e §17.4.2) sends one descriptor per
 * message; the control message holds an array (Exercise 17.7), and this
 * measures what batching saves.  Raw sendmsg/recvmsg over a socketpair:
 * the library's API passes one descriptor at a time.
 *
 * usage: bench_batch [-h] [-n descriptors] [-r repeats]   (100000 and 11)
 */
#include "apue.h"
#include "bench.h"
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define MOST 253

static int batches[] = { 1, 4, 16, 64, MOST };
#define NBATCHES ((int)(sizeof batches / sizeof batches[0]))

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: bench_batch [-h] [-n descriptors] [-r repeats]\n"
		"  Print the cost per descriptor when each message carries 1, 4,\n"
		"  16, 64 or 253 descriptors (default -n 100000 -r 11).\n");
	exit(status);
}

/* sendmsg of k copies of fd: 0, or -1 with errno. */
static int try_send_batch(int sock, int fd, int k)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(MOST * sizeof(int))];
	} control;
	char byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = CMSG_SPACE((size_t)k * sizeof(int));
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN((size_t)k * sizeof(int));
	for (int i = 0; i < k; i++)
		memcpy(CMSG_DATA(cmsg) + (size_t)i * sizeof(int), &fd, sizeof fd);
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static void send_batch(int sock, int fd, int k)
{
	if (try_send_batch(sock, fd, k) < 0)
		err_sys("sendmsg error");
}

/* Receive one message of k descriptors and close them all. */
static void receive_batch(int sock, int k)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(MOST * sizeof(int))];
	} control;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	int fd;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = CMSG_SPACE((size_t)k * sizeof(int));
	if (recvmsg(sock, &msg, 0) != 1 || (msg.msg_flags & MSG_CTRUNC) ||
	    (cmsg = CMSG_FIRSTHDR(&msg)) == NULL ||
	    cmsg->cmsg_len != CMSG_LEN((size_t)k * sizeof(int)))
		err_quit("bench_batch: bad message");
	for (int i = 0; i < k; i++) {
		memcpy(&fd, CMSG_DATA(cmsg) + (size_t)i * sizeof(int), sizeof fd);
		close(fd);
	}
}

/* The most descriptors, up to MOST, that one sendmsg takes here: fewer
 * only where it fails with ENOMEM (the C library's own limit). */
static int most_per_message(int fd)
{
	int sock[2], k = MOST;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sock) < 0)
		err_sys("socketpair error");
	while (try_send_batch(sock[0], fd, k) < 0) {
		if (errno != ENOMEM || k == 1)
			err_sys("sendmsg error");
		k--;
	}
	receive_batch(sock[1], k);
	close(sock[0]);
	close(sock[1]);
	return k;
}

/* ns per descriptor for about n descriptors in messages of k. */
static double time_batches(long n, int k, int ack_each, int fd)
{
	long messages = (n + k - 1) / k;
	int sock[2], status;
	double start, end;
	pid_t pid;
	char c;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sock) < 0)
		err_sys("socketpair error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(sock[0]);
		for (long i = 0; i < messages; i++) {
			receive_batch(sock[1], k);
			if ((ack_each || i == messages - 1) &&
			    write(sock[1], "k", 1) != 1)
				err_sys("receiver: write error");
		}
		_exit(0);
	}
	close(sock[1]);
	start = bench_now_ns();
	for (long i = 0; i < messages; i++) {
		send_batch(sock[0], fd, k);
		if ((ack_each || i == messages - 1) && read(sock[0], &c, 1) != 1)
			err_quit("bench_batch: no acknowledgement");
	}
	end = bench_now_ns();
	close(sock[0]);
	if (waitpid(pid, &status, 0) < 0 || status != 0)
		err_quit("bench_batch: the receiver failed");
	return (end - start) / (double)(messages * k);
}

int main(int argc, char *argv[])
{
	static double runs[2][NBATCHES][BENCH_MAX_REPEATS];
	long n = 100000;
	int repeats = 11, opt, fd, most;
	struct rlimit rl;

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
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < MOST + 32) {
		rl.rlim_cur = MOST + 32;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			err_sys("RLIMIT_NOFILE too low for %d descriptors", MOST);
	}
	if ((fd = open("/dev/null", O_RDONLY)) < 0)
		err_sys("can't open /dev/null");
	signal(SIGPIPE, SIG_IGN);
	if ((most = most_per_message(fd)) < MOST)
		batches[NBATCHES - 1] = most;

	for (int r = 0; r < repeats; r++)
		for (int b = 0; b < NBATCHES; b++)
			for (int mode = 0; mode < 2; mode++)
				runs[mode][b][r] = time_batches(n, batches[b],
								mode == 0, fd);

	printf("# %s: about %ld descriptors per run, %d runs, "
	       "median ns per descriptor\n", argv[0], n, repeats);
	printf("%-14s %10s %10s\n", "fds/message", "ping-pong", "streaming");
	for (int b = 0; b < NBATCHES; b++)
		printf("%-14d %10.0f %10.0f\n", batches[b],
		       bench_median(runs[0][b], repeats),
		       bench_median(runs[1][b], repeats));
	if (most < MOST)
		printf("# sendmsg refuses %d descriptors in one message here "
		       "(ENOMEM): the last row is %d\n", MOST, most);
	return 0;
}
