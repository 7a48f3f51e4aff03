/*
 * pidfd_getfd.c - pidfd_open(2) and pidfd_getfd(2) (Linux 5.3 and 5.6;
 * beyond/getfd, and a row of beyond/bench_passfd): their system call
 * numbers, called with syscall(2) as glibc before 2.36 has no wrappers.
 * Whether the running kernel has them is the program's to find out, so
 * the calls' results are not checked here.
 */
#define _GNU_SOURCE             /* syscall() */
#include <sys/syscall.h>
#include <stdio.h>
#include <unistd.h>

#if !defined(SYS_pidfd_open) || !defined(SYS_pidfd_getfd)
#error "no SYS_pidfd_open or SYS_pidfd_getfd"
#endif

int main(void)
{
	int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);

	if (pidfd >= 0) {
		int fd = (int)syscall(SYS_pidfd_getfd, pidfd, 0, 0);

		if (fd >= 0)
			close(fd);
		close(pidfd);
	}
	printf("pidfd_getfd\n");
	return 0;
}
