/*
 * inflight.c - descriptors in flight: a socket sent over its own
 * connection and then closed is held only by the message queued on
 * itself.  Nothing can ever receive it, and the reference count never
 * drops to zero by itself; the kernel's garbage collector for UNIX domain
 * sockets finds such cycles and reclaims them.
 *
 * Book: not covered; 3e Section 17.4 only notes that a descriptor being
 * passed is "in flight" between sendmsg and recvmsg.
 *
 * We watch our two sockets, by inode number, in /proc/net/unix (which
 * lists every UNIX domain socket of this network namespace): listed after
 * socketpair, one still listed after both are closed (unless the
 * collector already ran), and none once the collector has run.  Closing a
 * UNIX domain socket is what wakes the collector, so we close a fresh
 * socketpair while we wait.
 *
 * Linux only: /proc/net/unix.
 *
 * usage: inflight [-h]
 */
#include "apue.h"
#include <sys/socket.h>
#include <time.h>

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: inflight [-h]\n"
		"  Send a socket over its own connection, close it, and watch the\n"
		"  kernel reclaim it in /proc/net/unix.\n");
	exit(status);
}

static unsigned long inode_of(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		err_sys("fstat error");
	return (unsigned long)st.st_ino;
}

/* How many of the inodes ino[0..n-1] /proc/net/unix lists. */
static int listed(const unsigned long *ino, int n)
{
	char line[512];
	int count = 0;
	FILE *fp = fopen("/proc/net/unix", "r");

	if (fp == NULL)
		err_sys("can't open /proc/net/unix");
	if (fgets(line, sizeof line, fp) == NULL)       /* the header */
		err_quit("inflight: /proc/net/unix is empty");
	while (fgets(line, sizeof line, fp) != NULL) {
		unsigned long inode;

		/* Num RefCount Protocol Flags Type St Inode [Path] */
		if (sscanf(line, "%*s %*s %*s %*s %*s %*s %lu", &inode) != 1)
			continue;
		for (int i = 0; i < n; i++)
			if (inode == ino[i])
				count++;
	}
	fclose(fp);
	return count;
}

static void send_fd_raw(int sock, int fd)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
	if (sendmsg(sock, &msg, 0) != 1)
		err_sys("sendmsg error");
}

/* Close a throwaway socketpair, which lets the collector run. */
static void poke_collector(void)
{
	int pair[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) < 0)
		err_sys("socketpair error");
	close(pair[0]);
	close(pair[1]);
}

int main(int argc, char *argv[])
{
	int sv[2], left;
	unsigned long ino[2];
	struct timespec tick = { 0, 10 * 1000 * 1000 };    /* 10 ms */

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc != 1)
		usage(stderr, 2);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		err_sys("socketpair error");
	ino[0] = inode_of(sv[0]);
	ino[1] = inode_of(sv[1]);
	printf("our sockets listed in /proc/net/unix after socketpair: %d\n",
	       listed(ino, 2));

	/* sv[1] travels over sv[0] and so waits in sv[1]'s own queue. */
	send_fd_raw(sv[0], sv[1]);
	close(sv[0]);
	close(sv[1]);
	left = listed(ino, 2);
	printf("after sending the second over the first and closing both: %s\n",
	       left == 1 ? "1 (the one in flight, held by its own queue)" :
	       left == 0 ? "0 (the collector has already run)" : "2");

	for (int i = 0; i < 300 && (left = listed(ino, 2)) > 0; i++) {
		poke_collector();
		nanosleep(&tick, NULL);
	}
	printf("after the garbage collector: %d%s\n", left,
	       left == 0 ? " (reclaimed)" : " (still there after 3 seconds)");
	return left == 0 ? 0 : 1;
}
