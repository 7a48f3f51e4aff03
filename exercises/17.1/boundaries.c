/*
 * boundaries.c - Exercise 17.1 (3e only; the 2e has no message queue poller):
 * what changes if the message-queue poller of 3e Figure 17.3 used pipes
 * instead of UNIX domain datagram sockets, and how to avoid copying each
 * message two extra times.  The answer is in NOTES.md, "Exercise 17.1"; this
 * program shows its three claims:
 *   1. a pipe keeps no message boundaries: two writes, one read;
 *   2. a datagram socket keeps them: two writes, two reads;
 *   3. over a pipe, a length before each message restores them;
 *   4. threads share memory, so a pointer (8 bytes, one atomic write of
 *      less than PIPE_BUF) can stand for a message of any size: the
 *      message is never copied through the kernel.
 * pollmsg_pipe.c runs Figure 17.3 itself over pipes, and copies.c counts
 * the copies per message in each design.
 *
 * usage: boundaries [-h]
 */
#include "apue.h"
#include <stdint.h>
#include <sys/socket.h>

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: boundaries [-h]\n"
		"  Show message boundaries over a pipe, a datagram socket, and a\n"
		"  pipe with length prefixes, and a pointer standing for a message.\n");
	exit(status);
}

static const char *const messages[] = { "hello", "world!!" };

static void write_both(int fd)
{
	for (int i = 0; i < 2; i++)
		if (write(fd, messages[i], strlen(messages[i])) < 0)
			err_sys("write error");
}

/* Two reads of up to 64 bytes each, without blocking on the second. */
static void read_twice(int fd, const char *what)
{
	char buf[64];
	ssize_t n;

	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
		err_sys("fcntl error");
	printf("%s:", what);
	for (int i = 0; i < 2; i++) {
		if ((n = read(fd, buf, sizeof buf)) < 0) {
			printf(" read %d: nothing left;", i + 1);
			continue;
		}
		printf(" read %d: \"%.*s\" (%zd bytes);", i + 1, (int)n, buf, n);
	}
	printf("\n");
}

static void framed(int wfd, int rfd)
{
	for (int i = 0; i < 2; i++) {
		unsigned char frame[64];
		uint32_t len = (uint32_t)strlen(messages[i]);

		memcpy(frame, &len, sizeof len);
		memcpy(frame + sizeof len, messages[i], len);
		/* one write below PIPE_BUF is atomic: frames never interleave */
		if (writen(wfd, frame, sizeof len + len) < 0)
			err_sys("write error");
	}
	printf("pipe with a length before each message:");
	for (int i = 0; i < 2; i++) {
		char buf[64];
		uint32_t len;

		if (readn(rfd, &len, sizeof len) != sizeof len || len >= sizeof buf ||
		    readn(rfd, buf, len) != (ssize_t)len)
			err_quit("boundaries: short frame");
		printf(" message %d: \"%.*s\";", i + 1, (int)len, buf);
	}
	printf("\n");
}

static void by_pointer(int wfd, int rfd)
{
	size_t size = 100000;
	char *message = malloc(size), *got;

	if (message == NULL)
		err_sys("malloc error");
	memset(message, 'm', size - 1);
	message[size - 1] = '\0';
	if (write(wfd, &message, sizeof message) != sizeof message ||
	    read(rfd, &got, sizeof got) != sizeof got)
		err_sys("pipe error");
	printf("pointer through the pipe: %zu bytes stand for a message of "
	       "%zu bytes, read in place: %s\n", sizeof got, strlen(got) + 1,
	       got == message ? "same buffer" : "different buffer");
	free(message);
}

int main(int argc, char *argv[])
{
	int fd[2];

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc != 1)
		usage(stderr, 2);

	if (pipe(fd) < 0)
		err_sys("pipe error");
	write_both(fd[1]);
	read_twice(fd[0], "pipe");
	close(fd[0]);
	close(fd[1]);

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, fd) < 0)
		err_sys("socketpair error");
	write_both(fd[1]);
	read_twice(fd[0], "datagram socket");
	close(fd[0]);
	close(fd[1]);

	if (pipe(fd) < 0)
		err_sys("pipe error");
	framed(fd[1], fd[0]);
	by_pointer(fd[1], fd[0]);
	return 0;
}
