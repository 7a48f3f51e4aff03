/*
 * serv_accept.c - accept a client and learn its user ID from the owner of
 * the socket file it bound (book: 3e Figure 17.9; 2e §17.3, the sockets
 * serv_accept).
 *
 * The checks, as in the book: the client's name must be a socket, with
 * mode rwx------ exactly, not older than STALE_SECONDS; the user ID is the
 * file's owner, and the file is removed once the checks pass.
 *
 * Differences: lstat, not stat, so a symbolic link put in place of the
 * socket is refused instead of followed; a client that bound no name (or
 * an abstract one) is refused; each failure is -1 with errno set: the
 * accept error, EPERM (no name, or wrong mode), ENOTSOCK, ETIMEDOUT (too
 * old), or the lstat error.  The new connection is closed on every
 * failure.  serv_accept_cred.c shows the stronger check (see NOTES.md).
 */
#include "apue.h"
#include "sock/unique.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

/* Check the client's socket file; its owner into *uidptr.  0 or errno. */
static int check_client_file(const char *path, uid_t *uidptr)
{
	struct stat st;
	time_t staletime;

	if (lstat(path, &st) < 0)
		return errno;
	if (!S_ISSOCK(st.st_mode))
		return ENOTSOCK;
	if ((st.st_mode & 07777) != CLI_PERM)
		return EPERM;
	staletime = time(NULL) - STALE_SECONDS;
	if (st.st_atime < staletime || st.st_ctime < staletime ||
	    st.st_mtime < staletime)
		return ETIMEDOUT;       /* i-node too old */
	*uidptr = st.st_uid;
	return 0;
}

int serv_accept(int listenfd, uid_t *uidptr)
{
	struct sockaddr_un un;
	char path[sizeof un.sun_path + 1];
	socklen_t len = sizeof un;
	size_t pathlen;
	uid_t uid = (uid_t)-1;
	int clifd, error;

	memset(&un, 0, sizeof un);
	do
		clifd = accept(listenfd, (struct sockaddr *)&un, &len);
	while (clifd < 0 && errno == EINTR);
	if (clifd < 0)
		return -1;

	/* The client's name: sun_path may lack its null byte. */
	pathlen = len > offsetof(struct sockaddr_un, sun_path) ?
		  len - offsetof(struct sockaddr_un, sun_path) : 0;
	if (pathlen > sizeof un.sun_path)
		pathlen = sizeof un.sun_path;
	memcpy(path, un.sun_path, pathlen);
	path[pathlen] = '\0';

	if (path[0] == '\0')
		error = EPERM;          /* unnamed or abstract: nothing to check */
	else
		error = check_client_file(path, &uid);
	if (error != 0) {
		close(clifd);
		errno = error;
		return -1;
	}
	unlink(path);                   /* done with the client's name */
	if (uidptr != NULL)
		*uidptr = uid;
	return clifd;
}
