/*
 * csopen.c - version 1 of csopen: start the open server on the first
 * call, with one end of an fd_pipe as its stdin and stdout, then send
 * each request and receive the descriptor (book: 3e Figure 17.19).
 *
 * Differences: the fork and exec are in start_server, whose child also
 * closes the pipe's end once it is on stdin and stdout; a failed fork
 * closes both ends.  The server is the client's own executable with a
 * "d" appended (/proc/self/exe; "./opend", as in the book, where that is
 * not available), so ch17/open and ch17/streams/open each find their
 * opend from any directory, and an installed apue-open its apue-opend.
 * The request is built and checked in one buffer by csopen_request and
 * sent with writen, where the book sends its three parts with writev; a
 * path name the request cannot carry is refused there.  Our end of the
 * pipe is close-on-exec.
 */
#include "open.h"
#include "opend_request.h"

#define SERVER_NAME "opend"

/* The server's path: our executable's, with a "d" appended. */
static void server_path(char *path, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", path, size - 2);

	if (n > 0 && (size_t)n < size - 2) {      /* not cut short */
		path[n] = 'd';
		path[n + 1] = '\0';
		return;
	}
	snprintf(path, size, "./%s", SERVER_NAME);
}

/* Fork and exec the server on the other end of fd[]. */
static int start_server(int fd[2])
{
	char path[4096];
	pid_t pid;

	if (fd_pipe(fd) < 0) {
		err_ret("fd_pipe error");
		return -1;
	}
	server_path(path, sizeof path);
	if ((pid = fork()) < 0) {
		err_ret("fork error");
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {                 /* child: the server */
		close(fd[0]);
		if (fd[1] != STDIN_FILENO &&
		    dup2(fd[1], STDIN_FILENO) != STDIN_FILENO)
			err_sys("dup2 error to stdin");
		if (fd[1] != STDOUT_FILENO &&
		    dup2(fd[1], STDOUT_FILENO) != STDOUT_FILENO)
			err_sys("dup2 error to stdout");
		if (fd[1] != STDIN_FILENO && fd[1] != STDOUT_FILENO)
			close(fd[1]);
		execl(path, SERVER_NAME, (char *)NULL);
		err_sys("execl error: %s", path);
	}
	close(fd[1]);
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	return 0;
}

int csopen(const char *pathname, int oflag)
{
	static int fd[2] = { -1, -1 };
	char buf[REQUEST_MAX];
	ssize_t len;

	if (fd[0] < 0) {                /* the first call: start the server */
		if (start_server(fd) < 0)
			return -1;
	}
	if ((len = csopen_request(buf, sizeof buf, pathname, oflag)) < 0)
		return -1;              /* a name the request cannot carry */
	if (writen(fd[0], buf, (size_t)len) != len) {
		err_ret("writen error");
		return -1;
	}

	/* the descriptor; the server's error text goes to our stderr */
	return recv_fd(fd[0], write);
}
