/*
 * kcmp.c - kcmp(2) with KCMP_FILE (Linux 3.5; beyond/share): the header
 * <linux/kcmp.h> and the system call number.  musl ships no Linux kernel
 * headers, so there it fails to compile.  Whether the kernel lets us use
 * it (ptrace rules, CONFIG_KCMP) is beyond/share's to find out at run
 * time, so the call's result is not checked here.
 */
#define _GNU_SOURCE             /* syscall() */
#include <linux/kcmp.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	pid_t self = getpid();

	(void)syscall(SYS_kcmp, self, self, KCMP_FILE, 0, 0);
	printf("kcmp\n");
	return 0;
}
