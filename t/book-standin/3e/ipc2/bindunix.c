/* bindunix.c - stand-in (our own code): bind a UNIX domain socket to a
 * name and say so. */
#include "apue.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <stddef.h>

int main(void)
{
	struct sockaddr_un addr;
	socklen_t len;
	int sock;

	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	strcpy(addr.sun_path, "foo.socket");
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	if (sock < 0)
		err_sys("socket");
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
			  strlen(addr.sun_path));
	if (bind(sock, (struct sockaddr *)&addr, len) < 0)
		err_sys("bind");
	printf("bound to %s\n", addr.sun_path);
	return 0;
}
