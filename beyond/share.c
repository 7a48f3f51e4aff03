/*
 * share.c - one open file description, two processes.  A descriptor
 * passed with send_fd and the child's own descriptor are the same open
 * file description: kcmp(KCMP_FILE) says so, and they share one offset.
 * Re-opening the file through /proc/PID/fd/N makes a new description with
 * its own offset.  Shown side by side.
 *
 * Book: the picture of passing an open file (3e Figure 17.11; 2e §17.4)
 * draws the shared file table entry, and Exercise 17.2 shows the shared
 * offset; kcmp and /proc are Linux's ways to see it directly.
 *
 * Linux only: kcmp(2) (no glibc wrapper: called with syscall(2)) and
 * /proc/PID/fd.  Exits 77 with the reason when the kernel refuses kcmp.
 *
 * usage: share [-h] file
 */
#define _GNU_SOURCE             /* Linux only: syscall() */
#include "apue.h"
#include <linux/kcmp.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: share [-h] file\n"
		"  The child opens file and passes it to the parent; kcmp and the\n"
		"  offsets show one open file description, a /proc re-open another.\n");
	exit(status);
}

/* 0: same open file description; 1, 2 or 3: different; -1: error. */
static int same_description(pid_t pid1, int fd1, pid_t pid2, int fd2)
{
	return (int)syscall(SYS_kcmp, pid1, pid2, KCMP_FILE, fd1, fd2);
}

static const char *kcmp_words(int r)
{
	return r == 0 ? "same" : "different";
}

static off_t offset(int fd)
{
	off_t off = lseek(fd, 0, SEEK_CUR);

	if (off < 0)
		err_sys("lseek error");
	return off;
}

/* Child: open, pass, tell the number, then seek on command, until EOF. */
static void child(int sock, const char *path)
{
	int fd = open(path, O_RDONLY);
	off_t where;

	if (fd < 0) {
		send_err(sock, -1, "can't open file\n");
		exit(1);
	}
	if (send_fd(sock, fd) < 0 || writen(sock, &fd, sizeof fd) != sizeof fd)
		err_sys("child: send error");
	while (readn(sock, &where, sizeof where) == sizeof where) {
		if (lseek(fd, where, SEEK_SET) < 0)
			err_sys("child: lseek error");
		if (writen(sock, &where, sizeof where) != sizeof where)
			err_sys("child: writen error");
	}
	exit(0);
}

static void child_seek(int sock, off_t where)
{
	if (writen(sock, &where, sizeof where) != sizeof where ||
	    readn(sock, &where, sizeof where) != sizeof where)
		err_quit("share: the child stopped answering");
}

static void row(const char *what, int passed, int reopened)
{
	printf("%-34s %-10lld %lld\n", what, (long long)offset(passed),
	       (long long)offset(reopened));
}

int main(int argc, char *argv[])
{
	int sock[2], passed, childfd, reopened, status, k;
	char path[64], buf[3];
	pid_t pid;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc != 2 || argv[1][0] == '-')
		usage(stderr, 2);
	if (fd_pipe(sock) < 0)
		err_sys("fd_pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(sock[0]);
		child(sock[1], argv[1]);
	}
	close(sock[1]);
	if ((passed = recv_fd(sock[0], write)) < 0)
		err_quit("share: the child could not pass %s", argv[1]);
	if (readn(sock[0], &childfd, sizeof childfd) != sizeof childfd)
		err_quit("share: no descriptor number from the child");
	snprintf(path, sizeof path, "/proc/%ld/fd/%d", (long)pid, childfd);
	if ((reopened = open(path, O_RDONLY)) < 0)
		err_sys("can't open %s", path);

	k = same_description(getpid(), passed, pid, childfd);
	if (k < 0) {
		int error = errno;

		close(sock[0]);
		waitpid(pid, &status, 0);
		printf("kcmp(KCMP_FILE) unavailable: %s\n", strerror(error));
		return 77;
	}
	printf("%-34s %-10s %s\n", "", "passed", "reopened");
	printf("%-34s %-10s %s\n", "", "(send_fd)", "(/proc)");
	printf("%-34s %-10s %s\n", "kcmp(KCMP_FILE) with the child's", kcmp_words(k),
	       kcmp_words(same_description(getpid(), reopened, pid, childfd)));
	row("offset at first", passed, reopened);
	child_seek(sock[0], 5);
	row("offset after the child seeks to 5", passed, reopened);
	if (read(reopened, buf, sizeof buf) != sizeof buf)
		err_sys("read error");
	row("after reading 3 via reopened", passed, reopened);
	child_seek(sock[0], 9);
	row("offset after the child seeks to 9", passed, reopened);

	close(sock[0]);                 /* the child sees EOF and exits */
	if (waitpid(pid, &status, 0) < 0)
		err_sys("waitpid error");
	return 0;
}
