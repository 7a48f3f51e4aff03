/*
 * several.c - Exercise 17.7 (3e; the same exercise in the 2e): two ways
 * to pass more than one descriptor with a single sendmsg, tried on this
 * system:
 *   1. one cmsghdr whose data is an array of descriptors;
 *   2. several cmsghdrs, one descriptor each, laid out with CMSG_NXTHDR.
 * Each descriptor is the read end of a pipe holding a word, so the
 * receiver can say which arrived, and in what order, by reading them.
 *
 * usage: several [-h] [n]        (n descriptors, default 3, at most 8)
 */
#include "apue.h"
#include <sys/socket.h>

#define MOST 8

static const char *const words[MOST] = { "one", "two", "three", "four",
					 "five", "six", "seven", "eight" };

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: several [-h] [n]\n"
		"  Pass n descriptors (default 3) in one sendmsg, first in one\n"
		"  cmsghdr, then in n cmsghdrs, and report what arrives.\n");
	exit(status);
}

/* n pipes, each holding its word; returns the read ends in fds[]. */
static void make_readers(int fds[], int n)
{
	for (int i = 0; i < n; i++) {
		int p[2];

		if (pipe(p) < 0 || write(p[1], words[i], strlen(words[i])) < 0)
			err_sys("pipe error");
		close(p[1]);
		fds[i] = p[0];
	}
}

static int send_one_header(int sock, const int fds[], int n)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(MOST * sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
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
	memcpy(CMSG_DATA(cmsg), fds, (size_t)n * sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int send_many_headers(int sock, const int fds[], int n)
{
	union {
		struct cmsghdr align;
		unsigned char space[MOST * CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	/* Zeroed, so CMSG_NXTHDR sees cmsg_len 0 past the filled part. */
	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = (size_t)n * CMSG_SPACE(sizeof(int));
	cmsg = CMSG_FIRSTHDR(&msg);
	for (int i = 0; i < n; i++) {
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fds[i], sizeof(int));
		if (i < n - 1 && (cmsg = CMSG_NXTHDR(&msg, cmsg)) == NULL)
			err_quit("several: control buffer too small");
	}
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

/* Receive, print the headers and the words read through each descriptor. */
static void receive_and_report(int sock, int n)
{
	union {
		struct cmsghdr align;
		unsigned char space[MOST * CMSG_SPACE(MOST * sizeof(int))];
	} control;
	char c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = { 0 };
	int headers = 0, total = 0;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	if (recvmsg(sock, &msg, 0) != 1)
		err_sys("recvmsg error");
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm != NULL;
	     cm = CMSG_NXTHDR(&msg, cm)) {
		size_t count = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);

		headers++;
		printf("  cmsghdr %d: %zu descriptor%s:", headers, count,
		       count == 1 ? "" : "s");
		for (size_t i = 0; i < count; i++) {
			char word[16];
			ssize_t len;
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof fd);
			len = read(fd, word, sizeof word - 1);
			printf(" %.*s", len > 0 ? (int)len : 1, len > 0 ? word : "?");
			close(fd);
			total++;
		}
		printf("\n");
	}
	printf("  received %d cmsghdr%s, %d of %d descriptors%s\n", headers,
	       headers == 1 ? "" : "s", total, n,
	       msg.msg_flags & MSG_CTRUNC ? " (MSG_CTRUNC)" : "");
}

int main(int argc, char *argv[])
{
	int sock[2], fds[MOST], n = 3;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		usage(stderr, 2);
	if (argc == 2 && ((n = atoi(argv[1])) < 1 || n > MOST))
		err_quit("several: n must be 1..%d", MOST);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sock) < 0)
		err_sys("socketpair error");

	printf("way 1: one cmsghdr holding %d descriptors\n", n);
	make_readers(fds, n);
	if (send_one_header(sock[0], fds, n) < 0)
		printf("  sendmsg: %s\n", strerror(errno));
	else
		receive_and_report(sock[1], n);
	for (int i = 0; i < n; i++)
		close(fds[i]);

	printf("way 2: %d cmsghdrs of one descriptor each\n", n);
	make_readers(fds, n);
	if (send_many_headers(sock[0], fds, n) < 0)
		printf("  sendmsg: %s\n", strerror(errno));
	else
		receive_and_report(sock[1], n);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	return 0;
}
