/* cliconn.c - stand-in (our own code): bind our own name (the server
 * learns our uid from it), then connect to the server's. */
#include "apue.h"
#include <sys/socket.h>
#include <sys/un.h>

int cli_conn(const char *name)
{
	struct sockaddr_un me, server;
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	memset(&me, 0, sizeof me);
	me.sun_family = AF_UNIX;
	sprintf(me.sun_path, "/var/tmp/%05ld", (long)getpid());
	unlink(me.sun_path);
	memset(&server, 0, sizeof server);
	server.sun_family = AF_UNIX;
	strncpy(server.sun_path, name, sizeof server.sun_path - 1);
	if (bind(fd, (struct sockaddr *)&me, sizeof me) < 0 ||
	    chmod(me.sun_path, S_IRWXU) < 0 ||
	    connect(fd, (struct sockaddr *)&server, sizeof server) < 0) {
		unlink(me.sun_path);
		close(fd);
		return -1;
	}
	return fd;              /* serv_accept removes our name */
}
