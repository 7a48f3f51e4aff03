/*
 * str_book.c - the 2e's STREAMS calls, made as the book makes them, run
 * unchanged on the emulation (2e sections 17.2 and 17.4.1): pipe(2) is a
 * stream pipe; the server creates a file, pushes connld on one end of a
 * pipe and attaches it with fattach; the client opens the name with
 * open(2) (every spelling the C library has) and checks isastream; the
 * open blocks until the server's I_RECVFD takes the new pipe, and fails
 * when the server exits first; write then I_SENDFD, getmsg then I_RECVFD;
 * a write of 0 bytes sends no message; fdetach raises no signal and works
 * from a forked child and, for the file's owner or root, from any process.
 * STREAMS library only.
 */
#include "tap.h"
#include "plain_pipe.h"
#include "str_book_open.h"
#include <stropts.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#define NOBODY 65534
#define FIFO_MODE (S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

static char dir[] = "/tmp/str_book.XXXXXX";

/* The 2e's way to a named, connld-pushed pipe; fd[0] is returned. */
static int listen_the_book_way(const char *name)
{
	int tmp, fd[2];

	unlink(name);
	if ((tmp = creat(name, FIFO_MODE)) < 0 || close(tmp) < 0)
		return -1;
	if (pipe(fd) < 0)
		return -1;
	if (ioctl(fd[1], I_PUSH, "connld") < 0 || fattach(fd[1], name) < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	close(fd[1]);
	return fd[0];
}

static int wait_status(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			err_sys("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Readable within ms milliseconds? */
static int readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

/* Which of a and b is readable first, within ms: 0 a, 1 b, -1 neither. */
static int first_readable(int a, int b, int ms)
{
	struct pollfd p[2] = {
		{ .fd = a, .events = POLLIN }, { .fd = b, .events = POLLIN },
	};

	if (poll(p, 2, ms) < 1)
		return -1;
	return (p[0].revents & POLLIN) != 0 ? 0 : 1;
}

/* A child that opens dir/base with one spelling of open, checks that it
 * got a stream, writes its spelling's number, and tells `told` (a plain
 * pipe) once its open has returned. */
static pid_t opener(int which, const char *base, int told)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0)
		err_sys("fork");
	if (pid == 0) {
		int fd = open_spelled(which, dir, base);
		char c = (char)('0' + which);

		if (told >= 0 && write(told, "o", 1) != 1)
			_exit(9);
		if (fd < 0)
			_exit(3);
		if (isastream(fd) == 0)
			_exit(4);
		if (write(fd, &c, 1) != 1)
			_exit(5);
		_exit(0);
	}
	return pid;
}

/* fdetach in a child; its exit status: 0 done, an errno, or 128+signal. */
static int fdetach_in_child(const char *name, int forget, uid_t as)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0)
		err_sys("fork");
	if (pid == 0) {
		if (forget)     /* as a process that never attached: no
				 * inherited descriptor to the attachment */
			for (int fd = 3; fd < 1024; fd++)
				close(fd);
		if (as != 0 && setuid(as) < 0)
			_exit(100);
		_exit(fdetach(name) == 0 ? 0 : errno);
	}
	return wait_status(pid);
}

static void pipes_and_messages(void)
{
	int fd[2], passed[2], flag = 0, nread = -1;
	char buf[16];
	struct strbuf dat = { .maxlen = sizeof buf, .buf = buf };
	struct strrecvfd r;

	ok(pipe(fd) == 0 && isastream(fd[0]) == 1 && isastream(fd[1]) == 1,
	   "pipe(2) returns two stream heads");
	if (plain_pipe(passed) < 0)
		err_sys("pipe");
	/* send_fd's two calls, then recv_fd's two. */
	ok(write(fd[1], "\0\0", 2) == 2 && ioctl(fd[1], I_SENDFD, passed[1]) == 0,
	   "write of the two bytes, then I_SENDFD");
	ok(getmsg(fd[0], NULL, &dat, &flag) >= 0 && dat.len == 2 &&
	   ioctl(fd[0], I_RECVFD, &r) == 0 && r.fd >= 0,
	   "getmsg takes the two bytes, I_RECVFD the descriptor");
	ok(write(r.fd, "x", 1) == 1 && read(passed[0], buf, 1) == 1 && buf[0] == 'x',
	   "the descriptor received is the pipe end sent");
	close(r.fd);
	close(passed[0]);
	close(passed[1]);

	/* A write of 0 bytes: no message, so recv_fd's getmsg does not see
	 * a zero-length one ("connection closed by server"). */
	ok(write(fd[1], buf, 0) == 0, "write of 0 bytes returns 0");
	ok(ioctl(fd[0], I_NREAD, &nread) == 0 && nread == 0,
	   "and queues no message (I_NREAD: none)");
	if (write(fd[1], "ab", 2) != 2)
		err_sys("write");
	dat.len = -1;
	ok(getmsg(fd[0], NULL, &dat, &flag) == 0 && dat.len == 2,
	   "the next getmsg gets the next write's bytes, not an empty message");
	close(fd[0]);
	close(fd[1]);
}

static void connld_opens(void)
{
	char name[300];
	int listenfd, told[2];
	struct strrecvfd r;
	pid_t pid;
	char c = 0;

	snprintf(name, sizeof name, "%s/server", dir);
	listenfd = listen_the_book_way(name);
	ok(listenfd >= 0, "creat, pipe, I_PUSH connld, fattach, close");
	if (listenfd < 0)
		err_sys("listen");

	/* The open blocks until the server has taken the pipe. */
	if (plain_pipe(told) < 0)
		err_sys("pipe");
	pid = opener(0, "server", told[1]);
	ok(readable(listenfd, 10000), "the new pipe arrives at the server");
	ok(!readable(told[0], 300), "the client's open has not returned yet");
	ok(ioctl(listenfd, I_RECVFD, &r) == 0, "the server's I_RECVFD takes it");
	ok(readable(told[0], 10000), "now the client's open returns");
	ok(read(r.fd, &c, 1) == 1 && c == '0' && wait_status(pid) == 0,
	   "with a stream, the server's pipe to it");
	close(r.fd);
	close(told[0]);
	close(told[1]);

	/* Every spelling of open this C library has.  The server waits for
	 * either the opener's pipe or its open returning (told: written or
	 * closed), so an open that bypasses connld fails here at once
	 * instead of leaving I_RECVFD waiting for ever. */
	for (int k = 1; k < OPEN_SPELLINGS; k++) {
		const char *missing = open_spelling_missing(k);
		int status;

		if (missing != NULL) {
			ok(1, "# SKIP %s: %s", open_spelling(k), missing);
			continue;
		}
		if (plain_pipe(told) < 0)
			err_sys("pipe");
		pid = opener(k, "server", told[1]);
		close(told[1]);
		c = 0;
		switch (first_readable(listenfd, told[0], 10000)) {
		case 0:
			if (ioctl(listenfd, I_RECVFD, &r) < 0)
				err_sys("I_RECVFD");
			if (read(r.fd, &c, 1) != 1)
				c = 0;
			close(r.fd);
			break;
		case 1:         /* its open returned without the server */
			break;
		default:        /* neither, in 10 seconds: stop it */
			kill(pid, SIGKILL);
			break;
		}
		close(told[0]);
		status = wait_status(pid);
		ok(status == 0 && c == '0' + k,
		   "%s of the attached name reaches the server (status %d)",
		   open_spelling(k), status);
	}

	/* The server closes its end: the name goes back to a plain file, and
	 * a later fdetach fails quietly instead of raising SIGPIPE. */
	close(listenfd);
	{
		int status = fdetach_in_child(name, 0, 0);
		struct stat sb;

		ok(status == 0 || status == EINVAL,
		   "fdetach after the server closed: no signal (status %d)",
		   status);
		ok(stat(name, &sb) == 0 && S_ISREG(sb.st_mode),
		   "and the name is a plain file");
	}
	unlink(name);
}

static void server_exits_first(void)
{
	char name[300];
	int ready[2];
	pid_t server, client;

	snprintf(name, sizeof name, "%s/gone", dir);
	if (plain_pipe(ready) < 0)
		err_sys("pipe");
	fflush(stdout);
	if ((server = fork()) < 0)
		err_sys("fork");
	if (server == 0) {
		int listenfd = listen_the_book_way(name);

		if (listenfd < 0 || write(ready[1], "r", 1) != 1)
			_exit(1);
		/* Wait for the opener's pipe, then exit without taking it. */
		_exit(readable(listenfd, 10000) ? 0 : 2);
	}
	close(ready[1]);
	if (!readable(ready[0], 10000) || read(ready[0], &ready[1], 1) != 1)
		err_quit("the server did not start");
	close(ready[0]);
	fflush(stdout);
	if ((client = fork()) < 0)
		err_sys("fork");
	if (client == 0) {
		int fd = open(name, O_RDWR);

		_exit(fd < 0 ? 0 : 1);
	}
	is_int(wait_status(server), 0, "a server that exits before I_RECVFD");
	is_int(wait_status(client), 0, "makes its client's open fail");
	unlink(name);
}

static void who_may_detach(void)
{
	char name[300];
	int fd[2], status;
	struct stat sb;

	snprintf(name, sizeof name, "%s/shared", dir);
	close(creat(name, FIFO_MODE));
	if (pipe(fd) < 0 || fattach(fd[1], name) < 0)
		err_sys("fattach");
	status = fdetach_in_child(name, 0, 0);
	ok(status == 0 && stat(name, &sb) == 0 && S_ISREG(sb.st_mode),
	   "a forked child that inherited the attachment detaches it");
	errno = 0;
	ok(fdetach(name) == -1 && errno == EINVAL,
	   "then the attaching process's fdetach: EINVAL, no signal");

	if (fattach(fd[1], name) < 0)
		err_sys("fattach");
	if (geteuid() != 0) {
		ok(1, "# SKIP needs root to try fdetach as another user");
	} else {
		status = fdetach_in_child(name, 1, NOBODY);
		ok(status == EPERM && stat(name, &sb) == 0 && S_ISSOCK(sb.st_mode),
		   "another user's process: EPERM, still attached (status %d)",
		   status);
	}
	status = fdetach_in_child(name, 1, 0);
	ok(status == 0 && stat(name, &sb) == 0 && S_ISREG(sb.st_mode),
	   "the owner's process that never attached detaches it (status %d)",
	   status);
	errno = 0;
	ok(fdetach(name) == -1 && errno == EINVAL,
	   "a name no longer attached: EINVAL");
	close(fd[0]);
	close(fd[1]);
	unlink(name);
}

static void not_attached(void)
{
	char name[64];
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(name, sizeof name, "%s/sock", dir);
	snprintf(un.sun_path, sizeof un.sun_path, "%s", name);
	if (s < 0 || bind(s, (struct sockaddr *)&un, sizeof un) < 0 ||
	    listen(s, 1) < 0)
		err_sys("socket");
	errno = 0;
	ok(open(name, O_RDWR) == -1 && errno == ENXIO,
	   "open of a socket that no fattach made: ENXIO, as ever");
	close(s);
	unlink(name);
}

int main(void)
{
	plan(7 + 6 + (OPEN_SPELLINGS - 1) + 2 + 2 + 5 + 1);
	if (mkdtemp(dir) == NULL || chmod(dir, 0755) < 0)
		err_sys("mkdtemp");
	signal(SIGPIPE, SIG_DFL);
	pipes_and_messages();
	connld_opens();
	server_exits_first();
	who_may_detach();
	not_attached();
	rmdir(dir);
	return done_testing();
}
