/*
 * plainint.c - why sending the descriptor's number as plain data does not
 * work, beside send_fd, which does.
 *
 * Book: 3e Section 17.4 (2e §17.4) explains that a descriptor is an index
 * into the sending process's table, meaningless in another process; this
 * program shows it.  The child opens the file and moves it to number num
 * (default 20), then writes that number down the pipe.  The parent tries
 * it twice: with nothing open at num (EBADF), and with a file of its own
 * open at num (it reads the wrong file).  Then the child passes the same
 * descriptor with send_fd, and the parent reads the right file.
 *
 * usage: plainint [-h] [-n num] file decoy
 */
#include "apue.h"
#include <sys/wait.h>

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: plainint [-h] [-n num] file decoy\n"
		"  The child opens file as descriptor num (default 20) and sends\n"
		"  the number as plain data; the parent uses it with nothing\n"
		"  open there, then with decoy open there; then send_fd.\n");
	exit(status);
}

/* The first line of what fd reads, without its newline. */
static void print_first_line(int fd)
{
	char buf[256];
	ssize_t n = read(fd, buf, sizeof buf - 1);

	if (n < 0) {
		printf("read failed: %s\n", strerror(errno));
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("reads \"%s\"\n", buf);
}

static void child(int sock, const char *path, int num)
{
	int fd = open(path, O_RDONLY), round;

	if (fd < 0)
		err_sys("child: can't open %s", path);
	if (fd != num) {
		if (dup2(fd, num) < 0)
			err_sys("child: dup2 error");
		close(fd);
	}
	/* Two rounds of the number as data, then the real thing. */
	for (round = 0; round < 2; round++)
		if (writen(sock, &num, sizeof num) != sizeof num)
			err_sys("child: writen error");
	if (readn(sock, &round, sizeof round) != sizeof round)
		err_sys("child: readn error");
	if (send_fd(sock, num) < 0)
		err_sys("child: send_fd error");
	exit(0);
}

int main(int argc, char *argv[])
{
	int num = 20, sock[2], got, fd, status, go = 1, decoy;
	pid_t pid;
	char *end;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc == 5 && strcmp(argv[1], "-n") == 0) {
		errno = 0;
		num = (int)strtol(argv[2], &end, 10);
		if (errno != 0 || *end != '\0' || num < 3 || num > 1000)
			err_quit("plainint: bad descriptor number '%s' (3..1000)",
				 argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 3 || argv[1][0] == '-')
		usage(stderr, 2);

	if (fd_pipe(sock) < 0)
		err_sys("fd_pipe error");
	if (sock[0] == num || sock[1] == num)
		err_quit("plainint: descriptor %d is our pipe; choose another -n",
			 num);
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(sock[0]);
		child(sock[1], argv[1], num);
	}
	close(sock[1]);
	close(num);                     /* nothing of ours at num */

	if (readn(sock[0], &got, sizeof got) != sizeof got)
		err_quit("plainint: no number from the child");
	printf("child sent the number %d as data\n", got);
	printf("  parent, nothing open at %d: ", got);
	print_first_line(got);

	if (readn(sock[0], &got, sizeof got) != sizeof got)
		err_quit("plainint: no number from the child");
	if ((decoy = open(argv[2], O_RDONLY)) < 0)
		err_sys("can't open %s", argv[2]);
	if (decoy != got && (dup2(decoy, got) < 0 || close(decoy) < 0))
		err_sys("dup2 error");
	printf("  parent, its own file open at %d: ", got);
	print_first_line(got);
	close(got);

	if (writen(sock[0], &go, sizeof go) != sizeof go)
		err_sys("writen error");
	if ((fd = recv_fd(sock[0], write)) < 0)
		err_quit("plainint: recv_fd failed");
	printf("child passed descriptor %d with send_fd\n", num);
	printf("  parent received it as %d: ", fd);
	print_first_line(fd);
	close(fd);
	if (waitpid(pid, &status, 0) < 0)
		err_sys("waitpid error");
	return status == 0 ? 0 : 1;
}
