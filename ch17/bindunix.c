/*
 * bindunix.c - bind an address to a UNIX domain socket (book: 3e Figure
 * 17.5, §17.2.1).  bind creates the socket file; it stays when the
 * program ends, and a second bind to the same name fails with
 * EADDRINUSE until the file is removed.
 *
 * usage: bindunix [-h] [path]      (path defaults to foo.socket)
 *
 * Differences from the book: the name may be given (the book's is always
 * foo.socket in the current directory), and a name too long for sun_path
 * is refused with a clear error; the address is zeroed before use; the
 * socket is closed before exit.  The length passed to bind is the
 * book's: offsetof(struct sockaddr_un, sun_path) plus the name's length,
 * without its null byte.
 */
#include "apue.h"
#include <sys/socket.h>
#include <sys/un.h>

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out, "usage: bindunix [-h] [path]\n"
		"  Bind a UNIX domain stream socket to path (default\n"
		"  foo.socket); the socket file stays behind.\n");
	exit(status);
}

int main(int argc, char *argv[])
{
	int fd, size;
	struct sockaddr_un un;
	const char *path = "foo.socket";

	if (argc == 2 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		usage(stderr, 2);
	if (argc == 2)
		path = argv[1];
	if (strlen(path) >= sizeof(un.sun_path))
		err_quit("bindunix: %s: name too long (a UNIX domain socket "
			 "name has at most %zu bytes)", path,
			 sizeof(un.sun_path) - 1);

	memset(&un, 0, sizeof(un));
	un.sun_family = AF_UNIX;
	strcpy(un.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		err_sys("socket failed");
	size = (int)(offsetof(struct sockaddr_un, sun_path) + strlen(un.sun_path));
	if (bind(fd, (struct sockaddr *)&un, (socklen_t)size) < 0)
		err_sys("bind failed");
	printf("UNIX domain socket bound\n");
	close(fd);                      /* the name stays all the same */
	exit(0);
}
