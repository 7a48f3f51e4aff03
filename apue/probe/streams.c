/*
 * streams.c - does this system have working STREAMS?  Compiled against
 * the system's own <stropts.h> (never the emulation's), linked and run by
 * the build.  A pipe must be a stream (on SVR4 pipe(2) makes a
 * STREAMS-based pipe: 2e Section 17.2), carry a message with putmsg and
 * getmsg, and pass a descriptor with I_SENDFD and I_RECVFD, as the book's
 * STREAMS send_fd and recv_fd need.  Exit 0: the system's STREAMS work.
 * Otherwise the first thing that failed, on stdout, and exit 1: glibc
 * before 2.30 has the header, but its functions fail with ENOSYS; musl
 * has the header, but no getmsg or putmsg to link with.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stropts.h>

static int failed(const char *what)
{
	printf("%s: %s\n", what, strerror(errno));
	return 1;
}

/* putmsg one data part on fd[0]; getmsg must give it back on fd[1]. */
static int message_round_trip(int fd[2])
{
	char out[] = "probe", in[sizeof out];
	struct strbuf data = { .maxlen = 0, .len = (int)sizeof out, .buf = out };
	struct strbuf back = { .maxlen = (int)sizeof in, .len = 0, .buf = in };
	int flags = 0;

	if (putmsg(fd[0], NULL, &data, 0) < 0)
		return failed("putmsg");
	if (getmsg(fd[1], NULL, &back, &flags) < 0)
		return failed("getmsg");
	if (back.len != (int)sizeof out || memcmp(in, out, sizeof out) != 0) {
		printf("getmsg: not the message putmsg sent\n");
		return 1;
	}
	return 0;
}

/* I_SENDFD /dev/null on fd[0]; I_RECVFD on fd[1] must give the same file. */
static int descriptor_round_trip(int fd[2])
{
	struct strrecvfd r;
	struct stat sent, got;
	int file;

	if ((file = open("/dev/null", O_RDONLY)) < 0 || fstat(file, &sent) < 0)
		return failed("open /dev/null");
	if (ioctl(fd[0], I_SENDFD, file) < 0)
		return failed("ioctl I_SENDFD");
	if (ioctl(fd[1], I_RECVFD, &r) < 0)
		return failed("ioctl I_RECVFD");
	if (fstat(r.fd, &got) < 0 || got.st_dev != sent.st_dev ||
	    got.st_ino != sent.st_ino) {
		printf("I_RECVFD: not the file I_SENDFD sent\n");
		return 1;
	}
	return 0;
}

int main(void)
{
	int fd[2], is;

	if (pipe(fd) < 0)
		return failed("pipe");
	if ((is = isastream(fd[0])) < 0)
		return failed("isastream(pipe)");
	if (is == 0) {
		printf("isastream(pipe) is 0: a pipe is no stream\n");
		return 1;
	}
	if (message_round_trip(fd) != 0 || descriptor_round_trip(fd) != 0)
		return 1;
	printf("STREAMS pipes of the system\n");
	return 0;
}
