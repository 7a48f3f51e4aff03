/*
 * cli_conn.c - connect to a server's well-known name, binding our own end
 * to a file of mode rwx------ so the server can tell who we are
 * (book: 3e Figure 17.10; 2e §17.3, the sockets cli_conn).
 *
 * Differences: our name is CLI_PATH "cli.<pid>.<n>" with a counter, so one
 * process can hold many connections at once (the book's name is the pid
 * alone, and a second call unlinks the first one's file before the server
 * has checked it); every failure returns -1 with errno set, closes the
 * socket and removes our file.  On success the file stays for serv_accept,
 * which removes it after its checks.
 */
#include "apue.h"
#include "sock/unique.h"
#include <sys/socket.h>
#include <sys/un.h>

static unsigned long connections;       /* makes our names unique */

/* Fill *un with path; its length, or 0 if path does not fit. */
static socklen_t make_addr(struct sockaddr_un *un, const char *path)
{
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof un->sun_path)
		return 0;
	memset(un, 0, sizeof *un);
	un->sun_family = AF_UNIX;
	memcpy(un->sun_path, path, n + 1);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
}

int cli_conn(const char *name)
{
	struct sockaddr_un un, sun;
	char ours[sizeof un.sun_path];
	socklen_t len, slen;
	int fd, saved, bound = 0;

	if ((slen = make_addr(&sun, name)) == 0) {
		errno = name[0] == '\0' ? ENOENT : ENAMETOOLONG;
		return -1;
	}
	snprintf(ours, sizeof ours, "%s%s%ld.%lu", CLI_PATH, CLI_PREFIX,
		 (long)getpid(), connections++);
	if ((len = make_addr(&un, ours)) == 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;
	unlink(ours);                   /* a leftover of a dead process */
	if (bind(fd, (struct sockaddr *)&un, len) < 0)
		goto fail;
	bound = 1;
	if (chmod(ours, CLI_PERM) < 0)
		goto fail;
	while (connect(fd, (struct sockaddr *)&sun, slen) < 0)
		if (errno != EINTR)
			goto fail;
	return fd;

fail:
	saved = errno;
	close(fd);
	if (bound)
		unlink(ours);
	errno = saved;
	return -1;
}
