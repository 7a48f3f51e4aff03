/*
 * seqpacket.c - AF_UNIX SOCK_SEQPACKET, which the STREAMS emulation is
 * built on (one record is one STREAMS message): a socket pair keeps the
 * boundaries of two records sent back to back.  macOS has no
 * SOCK_SEQPACKET for UNIX domain sockets.  Exit 0 when it works.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	char buf[16];
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0) {
		printf("socketpair(AF_UNIX, SOCK_SEQPACKET): %s\n", strerror(errno));
		return 1;
	}
	if (write(sv[0], "ab", 2) != 2 || write(sv[0], "c", 1) != 1) {
		printf("write: %s\n", strerror(errno));
		return 1;
	}
	if (read(sv[1], buf, sizeof buf) != 2 || read(sv[1], buf, sizeof buf) != 1) {
		printf("SOCK_SEQPACKET records run together\n");
		return 1;
	}
	printf("SOCK_SEQPACKET\n");
	return 0;
}
