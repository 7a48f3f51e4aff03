/*
 * csopen2.c - version 2 of csopen: connect to the running open server
 * with cli_conn on the first call, then send each request and receive the
 * descriptor (book: 3e Figure 17.25).
 *
 * Differences: the server's name can be changed with csopen_socket (the
 * client's -s).  The server must be run by the expected owner, or
 * nothing is sent (connect_server, csopen_check_server).  The request is
 * built and checked in one buffer by csopen_request and sent with writen,
 * where the book sends its three parts with writev; a path name the
 * request cannot carry is refused there.  A broken connection is closed
 * (hang_up), and the next call connects again.  After the first reply our
 * socket file (cli_conn's name) is removed here, in case the server did
 * not remove it (a server that asks the kernel who we are need not look
 * at it: forget_own_name); so it is when we hang up before any reply (a
 * server we refuse, a request we could not send).  Our end is
 * close-on-exec.
 */
#include "open.h"
#include "opend_request.h"
#include <sys/socket.h>
#include <sys/un.h>

#define CS_OPEN "/tmp/opend.socket"     /* the server's well-known name */

static const char *socket_path = CS_OPEN;
static int named;               /* our name may still be there */

void csopen_socket(const char *path)
{
	socket_path = path;
}

/* Remove the name cli_conn bound for us (sockets; nothing over STREAMS),
 * once.  The server may have removed it already: errno is the caller's. */
static void forget_own_name(int fd)
{
	struct sockaddr_un un;
	socklen_t len = sizeof un;
	int saved = errno;

	if (!named)
		return;
	named = 0;
	memset(&un, 0, sizeof un);
	if (getsockname(fd, (struct sockaddr *)&un, &len) == 0 &&
	    un.sun_family == AF_UNIX && un.sun_path[0] == '/' && len < sizeof un)
		(void)unlink(un.sun_path);
	errno = saved;
}

/* Close the connection (our name goes first); -1, for csfd. */
static int hang_up(int fd)
{
	forget_own_name(fd);
	close(fd);
	return -1;
}

/* cli_conn, then the check of who runs the server: the connection, or -1
 * after a message. */
static int connect_server(void)
{
	int fd;

	if ((fd = cli_conn(socket_path)) < 0) {
		err_ret("cli_conn error: %s", socket_path);
		return -1;
	}
	named = 1;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (csopen_check_server(fd, socket_path) < 0)
		return hang_up(fd);     /* no server of ours will remove it */
	return fd;
}

int csopen(const char *pathname, int oflag)
{
	static int csfd = -1;
	char buf[REQUEST_MAX];
	ssize_t len;
	int fd;

	if (csfd < 0) {                 /* the first call, or after a failure */
		if ((csfd = connect_server()) < 0)
			return -1;
	}
	if ((len = csopen_request(buf, sizeof buf, pathname, oflag)) < 0)
		return -1;              /* a name the request cannot carry */
	if (writen(csfd, buf, (size_t)len) != len) {
		err_ret("writen error");
		csfd = hang_up(csfd);
		return -1;
	}

	/* the descriptor; the server's error text goes to our stderr */
	fd = recv_fd(csfd, write);
	forget_own_name(csfd);
	if (fd == -1 && errno != 0)     /* a local failure: start afresh */
		csfd = hang_up(csfd);
	return fd;
}
