/*
 * backlog.c - what a full listen backlog does to the next connect on a
 * UNIX domain stream socket.
 *
 * Book: 3e Figure 17.8 (serv_listen) passes a backlog, QLEN, to listen and
 * leaves what happens beyond it unsaid.  This program listens with a small
 * backlog (default 1) in a private directory and accepts nobody.  Clients
 * with non-blocking sockets connect one after another, and it prints what
 * each connect returned.  Then one client with a blocking socket, in a
 * child: the program says whether its connect has returned after 0.2 s,
 * accepts one connection, and says when the child's connect returns.
 * On Linux a connect beyond the backlog fails with EAGAIN when the socket
 * is non-blocking and waits for room when it is blocking; the BSDs refuse
 * it with ECONNREFUSED.  Not in the book.
 *
 * usage: backlog [-h] [-b backlog] [-n clients]
 */
#include "apue.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#define MAX_CLIENTS 64

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: backlog [-h] [-b backlog] [-n clients]\n"
		"  Listen with the backlog (default 1), accept nobody, and\n"
		"  connect the clients (default 4) with non-blocking sockets,\n"
		"  then one more with a blocking socket; print what each got.\n");
	exit(status);
}

/* A whole number in lo..hi, or usage. */
static int number(const char *s, int lo, int hi)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < lo || n > hi)
		usage(stderr, 2);
	return (int)n;
}

/* The errno's name, for the few a connect gives here. */
static const char *errno_name(int e)
{
	switch (e) {
	case EAGAIN:            return "EAGAIN";
	case ECONNREFUSED:      return "ECONNREFUSED";
	case EINPROGRESS:       return "EINPROGRESS";
	default:                return "another error";
	}
}

/* A stream socket, non-blocking if asked. */
static int new_socket(int nonblocking)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0)
		err_sys("socket error");
	if (nonblocking && fcntl(fd, F_SETFL, O_NONBLOCK) < 0)
		err_sys("fcntl error");
	return fd;
}

/* The blocking client, in a child: one byte on report when it is about
 * to connect, one more when connect has returned; then it waits for the
 * parent to close report before it closes its socket. */
static pid_t start_blocking_client(const struct sockaddr_un *un,
				   int *report)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p) < 0)
		err_sys("pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		int fd = new_socket(0);

		close(p[0]);
		c = 'b';
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		if (connect(fd, (const struct sockaddr *)un, sizeof *un) < 0)
			_exit(1);
		c = 'c';
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		pause();                /* ended by the parent's SIGTERM */
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		err_quit("backlog: the blocking client did not start");
	*report = p[0];
	return pid;
}

/* Has the child's connect returned within ms milliseconds? */
static int connected_within(int report, int ms)
{
	struct pollfd pfd = { .fd = report, .events = POLLIN };
	char c;
	int n;

	while ((n = poll(&pfd, 1, ms)) < 0 && errno == EINTR)
		;
	if (n < 0)
		err_sys("poll error");
	if (n == 0)
		return 0;
	if (read(report, &c, 1) != 1 || c != 'c')
		err_quit("backlog: the blocking client's connect failed");
	return 1;
}

/* Connect fd to un; what connect said, as a line. */
static void connect_and_say(int fd, const struct sockaddr_un *un, int n)
{
	printf("client %d, non-blocking: ", n);
	if (connect(fd, (const struct sockaddr *)un, sizeof *un) == 0)
		printf("connected\n");
	else
		printf("%s (%s)\n", strerror(errno), errno_name(errno));
}

int main(int argc, char *argv[])
{
	char dir[] = "/tmp/backlog.XXXXXX";
	struct sockaddr_un un;
	int backlog = 1, nclients = 4, listenfd, opt, i, report;
	int clients[MAX_CLIENTS];
	pid_t pid;

	while ((opt = getopt(argc, argv, "hb:n:")) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout, 0);
			break;
		case 'b':
			backlog = number(optarg, 0, 16);
			break;
		case 'n':
			nclients = number(optarg, 1, MAX_CLIENTS);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
	setvbuf(stdout, NULL, _IONBF, 0);       /* no copy of it in the child */

	if (mkdtemp(dir) == NULL)
		err_sys("mkdtemp error");
	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	snprintf(un.sun_path, sizeof un.sun_path, "%s/server.socket", dir);
	listenfd = new_socket(0);
	if (bind(listenfd, (struct sockaddr *)&un, sizeof un) < 0 ||
	    listen(listenfd, backlog) < 0)
		err_sys("bind or listen error");
	printf("listen(fd, %d); the server accepts nobody yet\n", backlog);

	for (i = 0; i < nclients; i++) {
		clients[i] = new_socket(1);
		connect_and_say(clients[i], &un, i + 1);
	}

	pid = start_blocking_client(&un, &report);
	printf("client %d, blocking: ", nclients + 1);
	if (connected_within(report, 200))
		printf("connected at once\n");
	else {
		printf("still in connect after 0.2 s\n");
		if (close(accept(listenfd, NULL, NULL)) < 0)
			err_sys("accept error");
		printf("the server accepts one connection\n");
		if (!connected_within(report, -1))
			err_quit("backlog: poll without a timeout returned 0");
		printf("client %d, blocking: connected\n", nclients + 1);
	}

	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	for (i = 0; i < nclients; i++)
		close(clients[i]);
	close(listenfd);
	unlink(un.sun_path);
	rmdir(dir);
	return 0;
}
