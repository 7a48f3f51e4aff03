/*
 * maxfds.c - many descriptors in one SCM_RIGHTS message: up to the
 * kernel's limit, and one past it.
 *
 * Book: send_fd (3e Figure 17.13; 2e §17.4.2) sends one descriptor; the
 * control message holds an array, so one sendmsg can carry many.  Linux
 * caps the array at SCM_MAX_FD (253, include/net/scm.h) and rejects a
 * longer one with EINVAL; nothing is sent then.
 *
 * Sender and receiver are the two ends of one socketpair in this process;
 * each message carries n copies of one descriptor (of /dev/null), and the
 * receiver checks that every descriptor it got refers to that file.
 *
 * usage: maxfds [-h] [n ...]      (default: 1 253 254)
 */
#include "apue.h"
#include <sys/resource.h>
#include <sys/socket.h>

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: maxfds [-h] [n ...]\n"
		"  Send n descriptors in one SCM_RIGHTS message (default 1 253 254)\n"
		"  and report what arrives.\n");
	exit(status);
}

/* Room for enough descriptors: n received plus our own few. */
static void want_descriptors(long n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		err_sys("getrlimit error");
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)n + 16) {
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < (rlim_t)n + 16)
			err_quit("maxfds: RLIMIT_NOFILE hard limit %llu is too low "
				 "for %ld descriptors", (unsigned long long)rl.rlim_max, n);
		rl.rlim_cur = (rlim_t)n + 16;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			err_sys("setrlimit error");
	}
}

static int send_many(int sock, int fd, int n)
{
	size_t space = CMSG_SPACE((size_t)n * sizeof(int));
	unsigned char *control = calloc(1, space);
	char byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	ssize_t sent;

	if (control == NULL)
		err_sys("calloc error");
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = space;
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN((size_t)n * sizeof(int));
	for (int i = 0; i < n; i++)
		memcpy(CMSG_DATA(cmsg) + (size_t)i * sizeof(int), &fd, sizeof fd);
	sent = sendmsg(sock, &msg, 0);
	free(control);
	return sent == 1 ? 0 : -1;
}

/* Receive one message; close every descriptor; count those that are the
 * same file as want.  Returns the number received. */
static int receive_many(int sock, int n, const struct stat *want,
			int *same, int *truncated)
{
	size_t space = CMSG_SPACE((size_t)n * sizeof(int));
	unsigned char *control = calloc(1, space);
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { 0 };
	int got = 0;

	if (control == NULL)
		err_sys("calloc error");
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = space;
	if (recvmsg(sock, &msg, 0) < 0)
		err_sys("recvmsg error");
	*truncated = (msg.msg_flags & MSG_CTRUNC) != 0;
	*same = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL;
	     c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t off = 0; off + sizeof(int) <= c->cmsg_len - CMSG_LEN(0);
		     off += sizeof(int)) {
			struct stat st;
			int fd;

			memcpy(&fd, CMSG_DATA(c) + off, sizeof fd);
			if (fstat(fd, &st) == 0 && st.st_dev == want->st_dev &&
			    st.st_ino == want->st_ino)
				(*same)++;
			close(fd);
			got++;
		}
	}
	free(control);
	return got;
}

static int parse_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || n < 1 || n > 100000)
		err_quit("maxfds: bad count '%s' (1..100000)", s);
	return (int)n;
}

static void try_count(int sock[2], int fd, const struct stat *st, int n)
{
	int same, truncated, got;

	printf("%d descriptor%s in one message: ", n, n == 1 ? "" : "s");
	if (send_many(sock[0], fd, n) < 0) {
		printf("sendmsg failed: %s; nothing was sent\n", strerror(errno));
		return;
	}
	got = receive_many(sock[1], n, st, &same, &truncated);
	printf("sent; received %d, %d of them the file sent%s\n", got, same,
	       truncated ? " (MSG_CTRUNC)" : "");
}

int main(int argc, char *argv[])
{
	static const int defaults[] = { 1, 253, 254 };
	int sock[2], fd, counts[64], ncounts = 0, most = 0;
	struct stat st;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc > 1 + (int)(sizeof counts / sizeof counts[0]))
		usage(stderr, 2);
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			usage(stderr, 2);
		counts[ncounts++] = parse_count(argv[i]);
	}
	if (ncounts == 0)
		for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
			counts[ncounts++] = defaults[i];
	for (int i = 0; i < ncounts; i++)
		if (counts[i] > most)
			most = counts[i];
	want_descriptors(most);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sock) < 0)
		err_sys("socketpair error");
	if ((fd = open("/dev/null", O_RDONLY)) < 0 || fstat(fd, &st) < 0)
		err_sys("can't open /dev/null");
	for (int i = 0; i < ncounts; i++)
		try_count(sock, fd, &st, counts[i]);
	return 0;
}
