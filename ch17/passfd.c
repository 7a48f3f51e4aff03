/*
 * passfd.c - the fork demo of descriptor passing: the child opens a file
 * and passes the open descriptor to the parent, which reads the file
 * through it.  It builds on the book's send_fd, send_err and recv_fd
 * (3e Figures 17.12-17.14; 2e §17.4) and on fd_pipe
 * (3e Figure 17.2; s_pipe in the 2e), and avoids the mistakes of the
 * copies of this demo that circulate (NOTES.md, "Common mistakes when
 * copying the book's code").
 *
 * What it does that those copies do not: a failed open is reported to
 * the parent with send_err, which prints the message and exits 1; the
 * parent reads the whole file, not one buffer, and waits for the child;
 * the default test.txt is the one beside the program, so the demo runs
 * from any directory.
 *
 * usage: passfd [-h] [file]      (file defaults to test.txt beside passfd)
 */
#include "apue.h"
#include <sys/wait.h>
#include <libgen.h>

#define PATH_ROOM 1024          /* room for the path of the program */

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: passfd [-h] [file]\n"
		"  The child opens file (default: test.txt beside passfd) and\n"
		"  passes the descriptor to the parent, which prints\n"
		"  buf=<contents>.\n");
	exit(status);
}

/*
 * The default file: test.txt in the program's directory, or in its parent
 * (the STREAMS build is ch17/streams/passfd).  The directory comes from
 * /proc/self/exe where there is one (Linux), else from argv[0]; with
 * neither, test.txt in the current directory, as in the book.
 */
static const char *default_file(const char *argv0, char *buf, size_t size)
{
	char exe[PATH_ROOM], *dir;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n > 0)
		exe[n] = '\0';
	else if (strchr(argv0, '/') != NULL && strlen(argv0) < sizeof exe)
		strcpy(exe, argv0);
	else
		return "test.txt";
	dir = dirname(exe);
	snprintf(buf, size, "%s/test.txt", dir);
	if (access(buf, F_OK) == 0)
		return buf;
	snprintf(buf, size, "%s/../test.txt", dir);
	if (access(buf, F_OK) == 0)
		return buf;
	return "test.txt";
}

/* Child: open the file, pass it, or pass the reason it could not be opened. */
static void child(int sock, const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		char msg[MAXLINE];
		int error = errno;

		snprintf(msg, sizeof msg, "can't open %s: %s\n", path,
			 strerror(error));
		if (send_err(sock, -error, msg) < 0)
			err_sys("send_err error");
		close(sock);
		exit(0);
	}
	if (send_fd(sock, fd) < 0)
		err_sys("send_fd error");
	close(fd);                      /* the parent has its own now */
	close(sock);
	exit(0);
}

/* Parent: print everything readable through fd after "buf=". */
static void print_contents(int fd)
{
	char buf[MAXLINE];
	ssize_t n;
	char last = '\0';

	fputs("buf=", stdout);
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		fwrite(buf, 1, (size_t)n, stdout);
		last = buf[n - 1];
	}
	if (n < 0)
		err_sys("read error");
	if (last != '\n')
		putchar('\n');
}

int main(int argc, char *argv[])
{
	char found[PATH_ROOM + 16];
	const char *path;
	int sockfd[2], fd, status;
	pid_t pid;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		usage(stderr, 2);
	path = argc == 2 ? argv[1] : default_file(argv[0], found, sizeof found);

	if (fd_pipe(sockfd) < 0)
		err_sys("fd_pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(sockfd[0]);
		child(sockfd[1], path);
	}
	close(sockfd[1]);
	fd = recv_fd(sockfd[0], write);     /* error text goes to stderr */
	close(sockfd[0]);
	if (waitpid(pid, &status, 0) < 0)
		err_sys("waitpid error");
	if (fd < 0)
		exit(1);                /* the child's message is already out */
	print_contents(fd);
	close(fd);
	exit(0);
}
