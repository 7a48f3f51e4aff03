/*
 * diagrams.c - the chapter's four drawings, made from a live run: the
 * book's diagrams of a socket pair (3e Figure 17.1), client and server
 * sockets before and after a connect (3e Figures 17.6 and 17.7), and
 * passing an open file from one process to another (3e Figure 17.11).
 * Each drawing is printed with the descriptor numbers the system
 * calls returned in this run, after the thing it shows has been done and
 * checked: bytes went both ways over the pair, the client was accepted,
 * and the parent's descriptor shares the child's file offset.
 *
 * Book: the figures are drawings, with no code; the calls behind them
 * are socketpair (fd_pipe, Figure 17.2), serv_listen, serv_accept and
 * cli_conn (Figures 17.8-17.10), send_fd and recv_fd (Figures 17.13 and
 * 17.14).  Here the client and the server of 17.6 and 17.7 are one
 * process, so that one run shows both ends' numbers.
 *
 * usage: diagrams [-h] [17.1 | 17.6 | 17.7 | 17.11 ...]   (default: all)
 *   17.6 and 17.7 are drawn together: before, then after the connect.
 */
#include "apue.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: diagrams [-h] [17.1 | 17.6 | 17.7 | 17.11 ...]\n"
		"  Draw the book's diagrams of a socket pair, client and server\n"
		"  sockets before and after connect, and passing an open file,\n"
		"  with the descriptor numbers of a live run.\n");
	exit(status);
}

/* Send text one way and check it arrives whole. */
static void round_trip(int from, int to, const char *text)
{
	char buf[64];
	size_t len = strlen(text);

	if (writen(from, text, len) != (ssize_t)len ||
	    readn(to, buf, len) != (ssize_t)len || memcmp(buf, text, len) != 0)
		err_quit("diagrams: \"%s\" did not arrive", text);
}

static void socket_pair(void)
{
	int fd[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fd) < 0)
		err_sys("socketpair error");
	round_trip(fd[0], fd[1], "ping");
	round_trip(fd[1], fd[0], "pong");
	printf("Figure 17.1: a socket pair\n"
	       "  socketpair(AF_UNIX, SOCK_STREAM, 0, fd) gave fd[0] = %d, "
	       "fd[1] = %d\n\n", fd[0], fd[1]);
	printf("            user process\n"
	       "   fd[0] = %-2d              fd[1] = %d\n"
	       "     |    ^                  |    ^\n"
	       "     v    |                  v    |\n"
	       "  +-----------+          +-----------+\n"
	       "  |  socket   |<========>|  socket   |\n"
	       "  +-----------+          +-----------+\n"
	       "                 kernel\n\n", fd[0], fd[1]);
	printf("  \"ping\" written to fd[0] was read from fd[1], \"pong\" "
	       "written to fd[1]\n  was read from fd[0]: full duplex.\n\n");
	close(fd[0]);
	close(fd[1]);
}

static void draw_before(int listenfd, int clifd, const char *name)
{
	printf("Figure 17.6: client and server sockets before a connect\n"
	       "  the server: socket, bind to %s, listen (fd %d); the client:"
	       "\n  socket (fd %d)\n\n", name, listenfd, clifd);
	printf("   client process                 server process\n"
	       "     fd %-2d                          fd %d\n"
	       "       |                              |\n"
	       "  +----------+                  +----------+\n"
	       "  |  socket  |                  |  socket  | listening\n"
	       "  +----------+                  +----------+\n"
	       "                                     |\n"
	       "                               sun_path %s\n\n",
	       clifd, listenfd, name);
}

static void draw_after(int listenfd, int clifd, int connfd, const char *name)
{
	printf("Figure 17.7: client and server sockets after a connect\n"
	       "  connect(fd %d, %s); accept(fd %d) returned fd %d\n\n",
	       clifd, name, listenfd, connfd);
	printf("   client process                 server process\n"
	       "     fd %-2d                   fd %-2d        fd %d\n"
	       "       |                       |            |\n"
	       "  +----------+          +----------+  +----------+\n"
	       "  |  socket  |<========>|  socket  |  |  socket  | listening\n"
	       "  +----------+          +----------+  +----------+\n"
	       "                                           |\n"
	       "                                     sun_path %s\n\n",
	       clifd, connfd, listenfd, name);
	printf("  The listening socket stays for the next client; each "
	       "accepted client\n  has a socket of its own: a unique "
	       "connection.\n\n");
}

static void before_after_connect(void)
{
	char dir[] = "/tmp/diagrams-XXXXXX";
	const char *name = "server.socket";
	struct sockaddr_un un;
	int listenfd, clifd, connfd;

	if (mkdtemp(dir) == NULL)
		err_sys("mkdtemp error");
	memset(&un, 0, sizeof(un));
	un.sun_family = AF_UNIX;
	snprintf(un.sun_path, sizeof(un.sun_path), "%s/%s", dir, name);
	if ((listenfd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(listenfd, (struct sockaddr *)&un, sizeof(un)) < 0 ||
	    listen(listenfd, 1) < 0 ||
	    (clifd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		err_sys("server socket error");
	draw_before(listenfd, clifd, name);
	if (connect(clifd, (struct sockaddr *)&un, sizeof(un)) < 0 ||
	    (connfd = accept(listenfd, NULL, NULL)) < 0)
		err_sys("connect error");
	round_trip(clifd, connfd, "hello");
	draw_after(listenfd, clifd, connfd, name);
	close(connfd);
	close(clifd);
	close(listenfd);
	unlink(un.sun_path);
	rmdir(dir);
}

static void passing_an_open_file(void)
{
	int fd[2], childfd, parentfd, sentfd;
	char path[] = "/tmp/diagrams-file-XXXXXX";
	pid_t pid;
	off_t offset;

	if ((childfd = mkstemp(path)) < 0 ||
	    writen(childfd, "0123456789", 10) != 10)
		err_sys("mkstemp error");
	close(childfd);
	if (fd_pipe(fd) < 0)
		err_sys("fd_pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {                 /* child: open, move the offset, send */
		close(fd[0]);
		if ((childfd = open(path, O_RDONLY)) < 0 ||
		    lseek(childfd, 4, SEEK_SET) != 4)
			err_sys("can't open %s", path);
		printf("Figure 17.11: passing an open file from the child to "
		       "the parent\n  the child opened the file as fd %d and "
		       "moved its offset to 4;\n  send_fd(fd %d, %d)\n",
		       childfd, fd[1], childfd);
		fflush(stdout);
		/* its number first, for the drawing; then the descriptor */
		if (writen(fd[1], &childfd, sizeof(childfd)) != sizeof(childfd) ||
		    send_fd(fd[1], childfd) < 0)
			err_sys("send_fd error");
		_exit(0);
	}
	close(fd[1]);
	if (readn(fd[0], &sentfd, sizeof(sentfd)) != sizeof(sentfd) ||
	    (parentfd = recv_fd(fd[0], write)) < 0)
		err_quit("diagrams: recv_fd failed");
	if (waitpid(pid, NULL, 0) < 0)
		err_sys("waitpid error");
	offset = lseek(parentfd, 0, SEEK_CUR);
	printf("  recv_fd returned fd %d in the parent, whose offset is %lld\n"
	       "\n", parentfd, (long long)offset);
	printf("   child process                 parent process\n"
	       "    fd %-2d (sent; closed at exit)     fd %-2d (received)\n"
	       "       \\                             /\n"
	       "        \\                           /\n"
	       "         v                         v\n"
	       "        +---------------------------+\n"
	       "        | file table entry          |\n"
	       "        |   file status: O_RDONLY   |\n"
	       "        |   current offset: %-7lld |\n"
	       "        +---------------------------+\n"
	       "                     |\n"
	       "                     v\n"
	       "               v-node of the file\n\n",
	       sentfd, parentfd, (long long)offset);
	printf("  One open file, two descriptors: the offset the child set "
	       "is the\n  parent's too.  The numbers differ: the receiver "
	       "gets its lowest free one.\n\n");
	close(parentfd);
	close(fd[0]);
	unlink(path);
}

int main(int argc, char *argv[])
{
	static const struct {
		const char *name;
		void (*draw)(void);
	} figures[] = {
		{ "17.1", socket_pair },
		{ "17.6", before_after_connect },       /* draws 17.7 too */
		{ "17.7", before_after_connect },
		{ "17.11", passing_an_open_file },
	};
	int nfig = (int)(sizeof(figures) / sizeof(figures[0]));
	void (*last)(void) = NULL;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 1) {
		socket_pair();
		before_after_connect();
		passing_an_open_file();
		return 0;
	}
	for (int a = 1; a < argc; a++) {
		int i;

		for (i = 0; i < nfig; i++)
			if (strcmp(argv[a], figures[i].name) == 0)
				break;
		if (i == nfig)
			usage(stderr, 2);
		if (figures[i].draw != last)    /* 17.6 17.7: one drawing */
			figures[i].draw();
		last = figures[i].draw;
	}
	return 0;
}
