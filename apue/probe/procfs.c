/*
 * procfs.c - Linux's /proc, as beyond/fdtables, beyond/share and
 * beyond/inflight read it: /proc/PID/fd lists a process's descriptors as
 * symbolic links, and /proc/net/unix lists UNIX domain sockets.  Exit 0
 * when both can be read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char path[64], target[256];
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%ld/fd/0", (long)getpid());
	if (readlink(path, target, sizeof target) < 0) {
		printf("readlink %s: %s\n", path, strerror(errno));
		return 1;
	}
	if ((fp = fopen("/proc/net/unix", "r")) == NULL) {
		printf("/proc/net/unix: %s\n", strerror(errno));
		return 1;
	}
	fclose(fp);
	printf("/proc/PID/fd and /proc/net/unix\n");
	return 0;
}
