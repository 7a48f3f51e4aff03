/*
 * getfd.c - pidfd_getfd(2), the current Linux alternative to passing a
 * descriptor: a process with ptrace permission over another duplicates
 * one of its descriptors, without the other's cooperation and without a
 * socket.  The copy is the same open file description (shared offset)
 * and, unlike a received SCM_RIGHTS descriptor, is always close-on-exec.
 *
 * Book: none; compare send_fd/recv_fd (3e Figures 17.13-17.14).
 *
 * Linux only (5.6 and later): pidfd_open and pidfd_getfd, called with
 * syscall(2) because glibc before 2.36 has no wrappers.  Exits 77 with the
 * reason when the kernel lacks them or refuses (ptrace permission).
 *
 * usage: getfd [-h] file
 */
#define _GNU_SOURCE             /* Linux only: syscall() */
#include "apue.h"
#include <sys/syscall.h>
#include <sys/wait.h>

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: getfd [-h] file\n"
		"  The child opens file; the parent takes a copy of the child's\n"
		"  descriptor with pidfd_getfd and shows the shared offset.\n");
	exit(status);
}

static int pidfd_open_call(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

static int pidfd_getfd_call(int pidfd, int targetfd)
{
	return (int)syscall(SYS_pidfd_getfd, pidfd, targetfd, 0);
}

/* Child: open, report the number and then offsets on request, until EOF. */
static void child(int tell, int ask, const char *path)
{
	int fd = open(path, O_RDONLY);
	char c;

	if (writen(tell, &fd, sizeof fd) != sizeof fd)
		exit(1);
	if (fd < 0)
		exit(1);
	while (read(ask, &c, 1) == 1) {
		off_t off = lseek(fd, 0, SEEK_CUR);

		if (writen(tell, &off, sizeof off) != sizeof off)
			exit(1);
	}
	exit(0);
}

static long long child_offset(int ask, int tell)
{
	off_t off;

	if (write(ask, "?", 1) != 1 || readn(tell, &off, sizeof off) != sizeof off)
		err_quit("getfd: the child stopped answering");
	return (long long)off;
}

static int finish(pid_t pid, int ask, int code)
{
	int status;

	close(ask);
	waitpid(pid, &status, 0);
	return code;
}

int main(int argc, char *argv[])
{
	int to_parent[2], to_child[2], childfd, pidfd, fd, flags;
	char buf[4];
	pid_t pid;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc != 2 || argv[1][0] == '-')
		usage(stderr, 2);
	if (pipe(to_parent) < 0 || pipe(to_child) < 0)
		err_sys("pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(to_parent[0]);
		close(to_child[1]);
		child(to_parent[1], to_child[0], argv[1]);
	}
	close(to_parent[1]);
	close(to_child[0]);
	if (readn(to_parent[0], &childfd, sizeof childfd) != sizeof childfd ||
	    childfd < 0)
		err_quit("getfd: the child could not open %s", argv[1]);
	printf("child has %s open as descriptor %d\n", argv[1], childfd);

	if ((pidfd = pidfd_open_call(pid)) < 0) {
		printf("pidfd_open unavailable: %s\n", strerror(errno));
		return finish(pid, to_child[1], 77);
	}
	if ((fd = pidfd_getfd_call(pidfd, childfd)) < 0) {
		printf("pidfd_getfd unavailable: %s\n", strerror(errno));
		return finish(pid, to_child[1], 77);
	}
	printf("pidfd_getfd(pidfd, %d): parent now has it as descriptor %d\n",
	       childfd, fd);
	flags = fcntl(fd, F_GETFD);
	printf("  close-on-exec: %s\n", flags & FD_CLOEXEC ? "set" : "clear");
	printf("  offsets: parent %lld, child %lld\n",
	       (long long)lseek(fd, 0, SEEK_CUR), child_offset(to_child[1],
							       to_parent[0]));
	if (read(fd, buf, sizeof buf) != sizeof buf)
		err_quit("getfd: can't read 4 bytes of %s", argv[1]);
	printf("  parent reads 4 bytes: parent %lld, child %lld\n",
	       (long long)lseek(fd, 0, SEEK_CUR), child_offset(to_child[1],
							       to_parent[0]));
	if (pidfd_getfd_call(pidfd, 999) < 0)
		printf("pidfd_getfd(pidfd, 999), nothing open there: %s\n",
		       strerror(errno));
	close(fd);
	close(pidfd);
	return finish(pid, to_child[1], 0);
}
