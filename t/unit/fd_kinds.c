/*
 * fd_kinds.c - descriptors of every common kind arrive as the same open
 * object: a regular file, the read end of a pipe, a socket.  A passed
 * descriptor shares the sender's open file description: one offset, one
 * set of status flags.  The sender keeps its own descriptor.  The flags
 * of what arrives: the access mode and O_NONBLOCK as the sender opened
 * it, close-on-exec clear whatever the sender's was (NOTES.md, "Figure
 * 17.14: recv_fd").
 * Runs over both transports.
 */
#include "tap.h"
#include "plain_pipe.h"
#include "peer.h"
#include <sys/socket.h>

/* Both processes wait on each other through one-byte messages. */
static void say(int sock, char c)
{
	if (writen(sock, &c, 1) != 1)
		_exit(3);
}

static char hear(int sock)
{
	char c = 0;

	if (readn(sock, &c, 1) != 1)
		_exit(3);
	return c;
}

/* An anonymous temporary file: the descriptor is all we need. */
static int make_file(const char *contents)
{
	FILE *fp = tmpfile();
	int fd;

	if (fp == NULL || (fd = dup(fileno(fp))) < 0)
		err_sys("tmpfile");
	fclose(fp);
	if (writen(fd, contents, strlen(contents)) < 0)
		err_sys("write");
	if (lseek(fd, 0, SEEK_SET) < 0)
		err_sys("lseek");
	return fd;
}

static void send_regular(int sock, void *arg)
{
	int fd = make_file("regular file contents\n");

	(void)arg;
	if (send_fd(sock, fd) < 0)
		_exit(4);
	/* Our copy still works after sending. */
	if (fcntl(fd, F_GETFD) < 0)
		_exit(5);
	hear(sock);
}

static void send_pipe(int sock, void *arg)
{
	int p[2];

	(void)arg;
	if (plain_pipe(p) < 0 || writen(p[1], "through a pipe\n", 15) != 15)
		_exit(4);
	close(p[1]);
	if (send_fd(sock, p[0]) < 0)
		_exit(4);
	close(p[0]);
	hear(sock);
}

static void send_socket(int sock, void *arg)
{
	int s[2];

	(void)arg;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) < 0 ||
	    writen(s[1], "through a socket\n", 17) != 17)
		_exit(4);
	if (send_fd(sock, s[0]) < 0)
		_exit(4);
	close(s[0]);
	hear(sock);             /* keep s[1] open until the reader is done */
}

/* Share one file: each side moves the offset and the other sees it. */
static void share_offset(int sock, void *arg)
{
	int fd = make_file("0123456789abcdef");
	char buf[4];
	off_t where;

	(void)arg;
	if (send_fd(sock, fd) < 0)
		_exit(4);
	if (read(fd, buf, 4) != 4)              /* offset 0 -> 4 */
		_exit(5);
	say(sock, 'r');
	hear(sock);                             /* parent read 2: offset 6 */
	where = lseek(fd, 0, SEEK_CUR);
	say(sock, where == 6 ? 'y' : 'n');
	/* Status flags live in the open file description too. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND) < 0)
		_exit(6);
	say(sock, 'f');
	hear(sock);
}

/* The same file opened three ways, sent in this order. */
static const struct {
	int oflag;
	const char *what;
} opened[] = {
	{ O_RDONLY, "O_RDONLY" },
	{ O_WRONLY | O_NONBLOCK | O_CLOEXEC, "O_WRONLY|O_NONBLOCK|O_CLOEXEC" },
	{ O_RDWR | O_CLOEXEC, "O_RDWR|O_CLOEXEC" },
};
#define NOPENED (sizeof opened / sizeof opened[0])

static void send_opened(int sock, void *arg)
{
	(void)arg;
	for (size_t i = 0; i < NOPENED; i++) {
		int fd = open("/dev/null", opened[i].oflag);

		if (fd < 0 || send_fd(sock, fd) < 0)
			_exit(4);
		close(fd);
	}
	hear(sock);
}

static int received(int sock)
{
	int fd = recv_fd(sock, NULL);

	if (fd < 0)
		diag("recv_fd returned %d: %s", fd, strerror(errno));
	return fd;
}

static void read_all(int fd, char *buf, size_t size)
{
	ssize_t n = readn(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
}

int main(void)
{
	char buf[128];
	struct stat st;
	int sock, fd;
	pid_t pid;

	plan(17 + 3 * (int)NOPENED + 1);

	pid = start_peer(&sock, send_regular, NULL);
	fd = received(sock);
	ok(fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode),
	   "a regular file arrives as a regular file");
	read_all(fd, buf, sizeof buf);
	is_str(buf, "regular file contents\n", "and reads its contents");
	say(sock, 'd');
	is_int(finish_peer(pid), 0, "the sender still had its own descriptor");
	close(fd);
	close(sock);

	pid = start_peer(&sock, send_pipe, NULL);
	fd = received(sock);
	ok(fd >= 0 && fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode),
	   "a pipe arrives as a pipe");
	read_all(fd, buf, sizeof buf);
	is_str(buf, "through a pipe\n", "and reads what was written into it");
	say(sock, 'd');
	is_int(finish_peer(pid), 0, "pipe peer exited cleanly");
	close(fd);
	close(sock);

	pid = start_peer(&sock, send_socket, NULL);
	fd = received(sock);
	ok(fd >= 0 && fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode),
	   "a socket arrives as a socket");
	is_int(fd >= 0 ? read(fd, buf, 17) : -1, 17, "and reads from its peer");
	buf[17] = '\0';
	is_str(buf, "through a socket\n", "what its peer wrote");
	say(sock, 'd');
	is_int(finish_peer(pid), 0, "socket peer exited cleanly");
	close(fd);
	close(sock);

	pid = start_peer(&sock, share_offset, NULL);
	fd = received(sock);
	ok(fd >= 0, "a file to share arrives");
	hear(sock);
	is_int(lseek(fd, 0, SEEK_CUR), 4, "the sender's read moved our offset to 4");
	is_int(read(fd, buf, 2), 2, "we read 2 bytes");
	buf[2] = '\0';
	is_str(buf, "45", "from where the sender stopped");
	say(sock, 'm');
	is_int(hear(sock), 'y', "the sender sees our read: its offset is 6");
	hear(sock);
	ok((fcntl(fd, F_GETFL) & O_APPEND) != 0,
	   "O_APPEND set by the sender shows in our descriptor");
	say(sock, 'd');
	is_int(finish_peer(pid), 0, "sharing peer exited cleanly");
	close(fd);
	close(sock);

	pid = start_peer(&sock, send_opened, NULL);
	for (size_t i = 0; i < NOPENED; i++) {
		int fl, want = opened[i].oflag;

		fd = received(sock);
		fl = fd >= 0 ? fcntl(fd, F_GETFL) : -1;
		is_int(fl < 0 ? -1 : fl & O_ACCMODE, want & O_ACCMODE,
		       "sent as %s: the access mode", opened[i].what);
		is_int(fl < 0 ? -1 : !!(fl & O_NONBLOCK), !!(want & O_NONBLOCK),
		       "sent as %s: O_NONBLOCK %s", opened[i].what,
		       want & O_NONBLOCK ? "set" : "clear");
		is_int(fd < 0 ? -1 : fcntl(fd, F_GETFD) & FD_CLOEXEC, 0,
		       "sent as %s: FD_CLOEXEC clear", opened[i].what);
		if (fd >= 0)
			close(fd);
	}
	say(sock, 'd');
	is_int(finish_peer(pid), 0, "the peer that opened three ways exited");
	close(sock);
	return done_testing();
}
