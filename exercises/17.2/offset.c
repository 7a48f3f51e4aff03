/*
 * offset.c - Exercise 17.2 (3e; the same exercise in the 2e): the child
 * opens a file and passes the descriptor to the parent, then moves the
 * file's offset with lseek and tells the parent, twice; each time the
 * parent prints its own offset and sees it move, because the two
 * descriptors share one file table entry (one open file description).
 *
 * Built on send_fd/recv_fd (3e Figures 17.13-17.14) and the parent-child
 * synchronisation routines of Section 8.9 (TELL_WAIT, TELL_PARENT,
 * WAIT_PARENT, TELL_CHILD, WAIT_CHILD), written here with two pipes as in
 * 3e Figure 15.7 rather than with signals as in 3e Figure 10.24:
 * no signal handlers, no global state.  They are local to this program,
 * as the book's are in its library.
 *
 * usage: offset [-h] file [offset1 offset2]    (default 100 and 2000)
 */
#include "apue.h"
#include <sys/wait.h>

/* Two pipes: parent to child and child to parent. */
static int pfd1[2], pfd2[2];

static void TELL_WAIT(void)
{
	if (pipe(pfd1) < 0 || pipe(pfd2) < 0)
		err_sys("pipe error");
}

static void TELL_PARENT(void)
{
	if (write(pfd2[1], "c", 1) != 1)
		err_sys("write error");
}

static void WAIT_PARENT(void)
{
	char c;

	if (read(pfd1[0], &c, 1) != 1 || c != 'p')
		err_quit("WAIT_PARENT: incorrect data");
}

static void TELL_CHILD(void)
{
	if (write(pfd1[1], "p", 1) != 1)
		err_sys("write error");
}

static void WAIT_CHILD(void)
{
	char c;

	if (read(pfd2[0], &c, 1) != 1 || c != 'c')
		err_quit("WAIT_CHILD: incorrect data");
}

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: offset [-h] file [offset1 offset2]\n"
		"  The child passes an open file to the parent, then seeks to\n"
		"  offset1 and offset2 (default 100 and 2000); the parent prints\n"
		"  its own offset after each.\n");
	exit(status);
}

static off_t parse_offset(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v < 0)
		err_quit("offset: bad offset '%s'", s);
	return (off_t)v;
}

static void child(int sock, const char *path, const off_t where[2])
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		char msg[MAXLINE];

		snprintf(msg, sizeof msg, "can't open %s: %s\n", path,
			 strerror(errno));
		send_err(sock, -1, msg);
		exit(1);
	}
	if (send_fd(sock, fd) < 0)
		err_sys("send_fd error");
	WAIT_PARENT();                  /* it has printed its first offset */
	for (int i = 0; i < 2; i++) {
		if (lseek(fd, where[i], SEEK_SET) < 0)
			err_sys("lseek error");
		printf("child: lseek to %lld\n", (long long)where[i]);
		fflush(stdout);
		TELL_PARENT();
		WAIT_PARENT();
	}
	exit(0);
}

int main(int argc, char *argv[])
{
	off_t where[2] = { 100, 2000 };
	int sock[2], fd, status;
	pid_t pid;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if ((argc != 2 && argc != 4) || argv[1][0] == '-')
		usage(stderr, 2);
	if (argc == 4) {
		where[0] = parse_offset(argv[2]);
		where[1] = parse_offset(argv[3]);
	}

	if (fd_pipe(sock) < 0)
		err_sys("fd_pipe error");
	TELL_WAIT();
	fflush(stdout);
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(sock[0]);
		child(sock[1], argv[1], where);
	}
	close(sock[1]);
	if ((fd = recv_fd(sock[0], write)) < 0) {
		waitpid(pid, &status, 0);
		exit(1);
	}
	printf("parent: received the descriptor, my offset is %lld\n",
	       (long long)lseek(fd, 0, SEEK_CUR));
	fflush(stdout);
	TELL_CHILD();
	for (int i = 0; i < 2; i++) {
		WAIT_CHILD();
		printf("parent: my offset is now %lld\n",
		       (long long)lseek(fd, 0, SEEK_CUR));
		fflush(stdout);
		TELL_CHILD();
	}
	if (waitpid(pid, &status, 0) < 0)
		err_sys("waitpid error");
	return 0;
}
