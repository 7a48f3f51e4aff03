/*
 * str_sendfd.c - I_SENDFD as streamio(7I) describes it: it never blocks
 * (EAGAIN when the receiver's queue is full), EBADF for a bad descriptor,
 * ENXIO after hangup; the sender keeps its descriptor, and sender and
 * receiver share one open file description.  STREAMS library only.
 */
#include "tap.h"
#include "plain_pipe.h"
#include <stropts.h>

static int scratch_file(const char *text)
{
	char path[] = "/tmp/str_sendfd.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		err_sys("mkstemp");
	unlink(path);
	if (writen(fd, text, strlen(text)) != (ssize_t)strlen(text))
		err_sys("write");
	lseek(fd, 0, SEEK_SET);
	return fd;
}

int main(void)
{
	int p[2], fd, sent = 0, r, saved;
	struct strrecvfd got;
	char buf[8];

	plan(10);
	if (s_pipe(p) < 0)
		err_sys("s_pipe");

	errno = 0;
	ok(ioctl(p[1], I_SENDFD, 999) == -1 && errno == EBADF,
	   "a descriptor that is not open: EBADF");
	errno = 0;
	ok(ioctl(p[1], I_SENDFD, -1) == -1 && errno == EBADF,
	   "a negative descriptor: EBADF");

	fd = scratch_file("0123456789");
	ok(ioctl(p[1], I_SENDFD, fd) == 0, "I_SENDFD of an open file");
	ok(fcntl(fd, F_GETFD) >= 0, "the sender still has its descriptor");
	ok(ioctl(p[0], I_RECVFD, &got) == 0, "the receiver takes it");
	ok(read(got.fd, buf, 3) == 3 && lseek(fd, 0, SEEK_CUR) == 3,
	   "one open file description: a read through the received "
	   "descriptor moves the sender's offset");
	close(got.fd);

	/* Fill the receiver's queue: I_SENDFD must fail, not block. */
	while ((r = ioctl(p[1], I_SENDFD, fd)) == 0 && sent < 100000)
		sent++;
	saved = errno;
	ok(r == -1 && saved == EAGAIN, "full queue after %d: EAGAIN, no blocking",
	   sent);
	while (sent > 0 && ioctl(p[0], I_RECVFD, &got) == 0) {
		close(got.fd);
		sent--;
	}
	ok(sent == 0, "every queued descriptor could be received");

	close(p[0]);
	errno = 0;
	ok(ioctl(p[1], I_SENDFD, fd) == -1 && errno == ENXIO,
	   "after hangup: ENXIO (and no SIGPIPE)");
	close(p[1]);

	{
		int pp[2];

		if (plain_pipe(pp) < 0)
			err_sys("pipe");
		errno = 0;
		ok(ioctl(pp[1], I_SENDFD, fd) == -1,
		   "I_SENDFD on a pipe that is not a stream fails (%s)",
		   strerror(errno));
		close(pp[0]);
		close(pp[1]);
	}
	close(fd);
	return done_testing();
}
