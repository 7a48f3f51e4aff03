/*
 * cli_conn.c - connect to a server's well-known name over a UNIX domain
 * socket, binding our own end to a file of mode rwx------ so that the
 * server's serv_accept can tell who we are (book: 3e Figure 17.10,
 * cli_conn).
 *
 * The book's steps, in its order: check the name's length; socket; fill
 * in our address (CLI_PATH and our pid); unlink it in case it exists;
 * bind; chmod to CLI_PERM; fill in the server's address; connect; on an
 * error, close the socket and remove our file if it was made.
 *
 * Differences from the book:
 * - our name is CLI_PATH "cli.<pid>.<n>" with a counter, so one process
 *   can hold many connections at once (the book's name is the pid alone,
 *   in five digits, and a second call unlinks the first one's file before
 *   the server has checked it); the name is made before the socket, and
 *   copied into sun_path with memcpy of its checked length;
 * - the book's leftover debugging printf of the name is gone;
 * - a name we cannot take, because another user's file has it (left by an
 *   earlier process with our pid, or put there to lock us out; CLI_PATH
 *   is sticky, so our unlink fails), makes us try another n, hard to
 *   guess, up to NAME_TRIES names (the book's bind fails with
 *   EADDRINUSE);
 * - every failure returns -1 with errno set (the book returns -1..-4 by
 *   step); an empty name is ENOENT; connect is retried after EINTR;
 * - on success our file stays for serv_accept, which removes it after
 *   its checks (as in the book).
 */
#include "apue.h"
#include "sock/unique.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

/* Makes our names unique; wide enough that no jump wraps it. */
static unsigned long long connections;

/* How many names cli_conn tries before it gives up with EADDRINUSE. */
#define NAME_TRIES 64

/* Our next name, CLI_PATH "cli.<pid>.<n>", into ours (of size
 * sizeof(sun_path)).  0, or -1 with errno ENAMETOOLONG. */
static int next_name(char *ours, size_t size)
{
	if (snprintf(ours, size, "%s%s%ld.%llu", CLI_PATH, CLI_PREFIX,
		     (long)getpid(), connections++) >= (int)size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* After a clash the count jumps by an amount read off the clock, so that
 * no one can make in advance every name we will try. */
static void skip_names(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
		connections += (unsigned long long)ts.tv_nsec;
}

/* Fill in *un with path (which fits); the address length. */
static socklen_t fill_addr(struct sockaddr_un *un, const char *path)
{
	memset(un, 0, sizeof(*un));
	un->sun_family = AF_UNIX;
	memcpy(un->sun_path, path, strlen(path) + 1);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
}

int cli_conn(const char *name)
{
	int fd, err, tries = 0, do_unlink = 0;
	socklen_t len;
	struct sockaddr_un un, sun;
	char ours[sizeof(un.sun_path)];

	if (strlen(name) >= sizeof(un.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (name[0] == '\0') {
		errno = ENOENT;
		return -1;
	}
	if (next_name(ours, sizeof(ours)) < 0)
		return -1;

	/* the client's end: a stream socket */
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;

	/* our own name, so the server can see who we are */
	for (;;) {
		len = fill_addr(&un, ours);
		unlink(un.sun_path);    /* a file left by an earlier client */
		if (bind(fd, (struct sockaddr *)&un, len) == 0)
			break;
		/* EADDRINUSE: another user's file, which we may not remove */
		if (errno != EADDRINUSE || ++tries == NAME_TRIES)
			goto errout;
		skip_names();
		if (next_name(ours, sizeof(ours)) < 0)
			goto errout;
	}
	do_unlink = 1;
	if (chmod(un.sun_path, CLI_PERM) < 0)
		goto errout;

	/* then the server's well-known name */
	len = fill_addr(&sun, name);
	while (connect(fd, (struct sockaddr *)&sun, len) < 0)
		if (errno != EINTR)
			goto errout;
	return fd;

errout:
	err = errno;
	close(fd);
	if (do_unlink)
		unlink(un.sun_path);
	errno = err;
	return -1;
}
