/*
 * str_connld.c - unique connections over STREAMS (2e section 17.2.2) on
 * the emulation: serv_listen (pipe, connld, fattach), cli_conn (open the
 * name, check isastream), serv_accept (I_RECVFD: a new private pipe per
 * client, with the opener's effective uid); fdetach puts the file back.
 * STREAMS library only.
 */
#include "tap.h"
#include "plain_pipe.h"
#include "peer.h"
#include <stropts.h>
#include <sys/wait.h>

#define NOBODY 65534

static char name[256];

/* A client: connect, say who it is, then receive a descriptor from the
 * server over the private pipe and read one byte through it.  The exit
 * status tells the parent how far it got. */
static pid_t client(const char *text, int as_nobody)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0)
		err_sys("fork");
	if (pid == 0) {
		int fd, passed;
		char c;

		if (as_nobody && seteuid(NOBODY) < 0)
			_exit(2);
		if ((fd = cli_conn(name)) < 0)
			_exit(3);
		if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
			_exit(4);
		if ((passed = recv_fd(fd, NULL)) < 0)
			_exit(5);
		if (pread(passed, &c, 1, 0) != 1 || c != 'Z')
			_exit(6);
		_exit(0);
	}
	return pid;
}

static int wait_status(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			err_sys("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Accept one client; check its text; pass it a descriptor on file. */
static int serve_one(int listenfd, int file, uid_t *uid, char *text, size_t size)
{
	int fd = serv_accept(listenfd, uid);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, text, size - 1);
	text[n > 0 ? n : 0] = '\0';
	lseek(file, 0, SEEK_SET);
	if (send_fd(fd, file) < 0)
		err_sys("send_fd");
	return fd;
}

int main(void)
{
	char dir[] = "/tmp/str_connld.XXXXXX", text[64], other[64];
	int listenfd, fd1, fd2, file, before;
	uid_t uid = 12345;
	pid_t a, b;
	struct stat sb;

	plan(20);
	umask(0);
	if (mkdtemp(dir) == NULL || chmod(dir, 0755) < 0)
		err_sys("mkdtemp");
	snprintf(name, sizeof name, "%s/server", dir);
	snprintf(text, sizeof text, "%s/file", dir);
	if ((file = open(text, O_RDWR | O_CREAT, 0644)) < 0 ||
	    write(file, "Z", 1) != 1)
		err_sys("file");
	unlink(text);
	before = open_fd_count();

	listenfd = serv_listen(name);
	ok(listenfd >= 0 && isastream(listenfd) == 1,
	   "serv_listen returns a stream");

	a = client("first", 0);
	fd1 = serve_one(listenfd, file, &uid, text, sizeof text);
	ok(fd1 >= 0 && isastream(fd1) == 1, "serv_accept returns a stream");
	is_str(text, "first", "the client's text arrives on it");
	is_int((long)uid, (long)geteuid(), "uid: the client's (our own here)");
	is_int(wait_status(a), 0, "the client got a descriptor back over its pipe");
	close(fd1);

	/* Two clients at once: each its own pipe. */
	a = client("from a", 0);
	b = client("from b", 0);
	fd1 = serve_one(listenfd, file, &uid, text, sizeof text);
	fd2 = serve_one(listenfd, file, &uid, other, sizeof other);
	ok(fd1 >= 0 && fd2 >= 0 && fd1 != fd2, "two clients, two pipes");
	ok((strcmp(text, "from a") == 0 && strcmp(other, "from b") == 0) ||
	   (strcmp(text, "from b") == 0 && strcmp(other, "from a") == 0),
	   "each pipe carries its own client's text");
	ok(wait_status(a) == 0 && wait_status(b) == 0, "both clients done");
	close(fd1);
	close(fd2);

	/* The opener's effective uid. */
	if (geteuid() != 0) {
		ok(1, "# SKIP needs root to run a client as another user");
		ok(1, "# SKIP needs root to run a client as another user");
	} else {
		a = client("nobody", 1);
		fd1 = serve_one(listenfd, file, &uid, text, sizeof text);
		is_int((long)uid, NOBODY,
		       "uid: the opener's effective uid (its real uid is 0)");
		is_int(wait_status(a), 0, "that client is served too");
		close(fd1);
	}

	/* Names that are not attached streams. */
	snprintf(text, sizeof text, "%s/plain", dir);
	close(open(text, O_WRONLY | O_CREAT, 0644));
	errno = 0;
	fd1 = cli_conn(text);
	ok(fd1 == -1 && errno == ENOSTR,
	   "cli_conn to a plain file: it opens, is no stream: -1 with ENOSTR (%s)",
	   strerror(errno));
	{
		int p[2], w = open(text, O_WRONLY);

		if (s_pipe(p) < 0 || w < 0 || write(w, "x", 1) != 1)
			err_sys("setup");
		errno = 0;
		ok(fattach(p[1], text) == -1 && errno == EINVAL,
		   "fattach over a file with data: EINVAL (it would be lost)");
		close(w);
		close(p[0]);
		close(p[1]);
		if (plain_pipe(p) < 0)
			err_sys("pipe");
		errno = 0;
		ok(fattach(p[1], name) == -1, "fattach of a plain pipe fails");
		close(p[0]);
		close(p[1]);
	}

	/* fattach without connld, over an existing empty file: every opener
	 * gets the attached stream itself. */
	{
		int p[2], opened;
		char got[8] = "";
		struct strbuf dat = { .maxlen = sizeof got - 1, .buf = got };
		int flags = 0;

		snprintf(other, sizeof other, "%s/shared", dir);
		close(open(other, O_WRONLY | O_CREAT, 0666));
		if (s_pipe(p) < 0)
			err_sys("s_pipe");
		ok(fattach(p[1], other) == 0, "fattach over an empty file");
		opened = cli_conn(other);
		ok(opened >= 0 && write(opened, "hi", 2) == 2 &&
		   getmsg(p[0], NULL, &dat, &flags) == 0 && dat.len == 2 &&
		   memcmp(got, "hi", 2) == 0,
		   "no connld: the opener writes into the attached stream itself");
		close(opened);
		ok(fdetach(other) == 0 && stat(other, &sb) == 0 &&
		   S_ISREG(sb.st_mode), "fdetach: the file is back");
		close(p[0]);
		close(p[1]);
		unlink(other);
	}

	/* fdetach: the name is an empty file again, and nobody answers. */
	ok(fdetach(name) == 0, "fdetach");
	ok(stat(name, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0,
	   "the name is an empty regular file again");
	errno = 0;
	fd1 = cli_conn(name);
	ok(fd1 == -1 && errno == ENOSTR,
	   "cli_conn after fdetach: the file is no stream: -1 with ENOSTR");
	close(listenfd);
	is_int(open_fd_count(), before, "the server has no descriptor left over");

	unlink(name);
	unlink(text);
	rmdir(dir);
	close(file);
	return done_testing();
}
