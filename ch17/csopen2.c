/*
 * csopen2.c - version 2 of csopen: connect to the running open server
 * with cli_conn on the first call, then send each request and receive the
 * descriptor (book: 3e Figure 17.25).
 *
 * Differences: the server's name can be changed with csopen_socket (the
 * client's -s); the request is built and checked by csopen_request; a
 * broken connection is closed, and the next call connects again.  The
 * server must be run by the expected owner (csopen_check_server), or
 * nothing is sent.  After the first reply our socket file (cli_conn's
 * name) is removed here, in case the server did not remove it (a server
 * that asks the kernel who we are need not look at it: forget_own_name);
 * so it is when we hang up before any reply (a server we refuse, a
 * request we could not send).
 */
#include "open.h"
#include "opend_request.h"
#include <sys/socket.h>
#include <sys/un.h>

static const char *socket_path = "/tmp/opend.socket";   /* CS_OPEN */

void csopen_socket(const char *path)
{
	socket_path = path;
}

/* Remove the name cli_conn bound for us (sockets; nothing over STREAMS).
 * The server may have removed it already: errno is the caller's. */
static void forget_own_name(int fd)
{
	struct sockaddr_un un;
	socklen_t len = sizeof un;
	int saved = errno;

	memset(&un, 0, sizeof un);
	if (getsockname(fd, (struct sockaddr *)&un, &len) == 0 &&
	    un.sun_family == AF_UNIX && un.sun_path[0] == '/' && len < sizeof un)
		(void)unlink(un.sun_path);
	errno = saved;
}

int csopen(const char *pathname, int oflag)
{
	static int csfd = -1, named = 0;
	char buf[REQUEST_MAX];
	ssize_t len;
	int fd;

	if ((len = csopen_request(buf, sizeof buf, pathname, oflag)) < 0)
		return -1;
	if (csfd < 0) {
		if ((csfd = cli_conn(socket_path)) < 0) {
			err_ret("cli_conn error: %s", socket_path);
			return -1;
		}
		fcntl(csfd, F_SETFD, FD_CLOEXEC);
		if (csopen_check_server(csfd, socket_path) < 0) {
			forget_own_name(csfd);  /* no server of ours will */
			close(csfd);
			csfd = -1;
			return -1;
		}
		named = 1;
	}
	if (writen(csfd, buf, (size_t)len) != len) {
		err_ret("writen error");
		if (named)
			forget_own_name(csfd);
		named = 0;
		close(csfd);
		csfd = -1;
		return -1;
	}
	fd = recv_fd(csfd, write);
	if (named) {
		forget_own_name(csfd);
		named = 0;
	}
	if (fd == -1 && errno != 0) {   /* local failure: start afresh */
		close(csfd);
		csfd = -1;
	}
	return fd;
}
