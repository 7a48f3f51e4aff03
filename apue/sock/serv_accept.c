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
 *
 * Hardened, because a server that runs this as root is attacked through
 * the client's name (NOTES.md): a relative name is refused (EPERM: it
 * would resolve from the server's directory, not the client's); the
 * directories of the name are opened one by one from "/" without
 * following a symbolic link (open_parent), and the check and the unlink
 * both act on the directory so held, so swapping a directory of the path
 * for a link (rename) cannot redirect either.  The server still learns
 * the uid from a file: the open servers use it only for teaching (-T).
 */
#include "apue.h"
#include "sock/unique.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <limits.h>
#include <time.h>

/* The directory holding the absolute name path, opened one component at a
 * time from "/" with O_NOFOLLOW, and path's last component in *leaf (a
 * pointer into copy).  The descriptor, or -1 with errno (ELOOP or ENOTDIR
 * when a component is a symbolic link). */
static int open_parent(const char *path, char *copy, size_t size,
		       const char **leaf)
{
	char *p, *slash;
	int dirfd, next;

	if (strlen(path) >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(copy, path);
	if ((dirfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	for (p = copy + 1; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		*slash = '\0';
		if (*p == '\0')
			continue;               /* "//" */
		next = openat(dirfd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					O_CLOEXEC);
		close(dirfd);
		if (next < 0)
			return -1;
		dirfd = next;
	}
	*leaf = p;
	return dirfd;
}

/* Check the client's socket file, leaf in dirfd; its owner into *uidptr.
 * 0 or errno. */
static int check_client_file(int dirfd, const char *leaf, uid_t *uidptr)
{
	struct stat st;
	time_t staletime;

	if (fstatat(dirfd, leaf, &st, AT_SYMLINK_NOFOLLOW) < 0)
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
	char copy[sizeof un.sun_path + 1];
	const char *leaf = NULL;
	uid_t uid = (uid_t)-1;
	int clifd, error, dirfd = -1;

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

	if (path[0] != '/')
		error = EPERM;          /* unnamed, abstract or relative */
	else if ((dirfd = open_parent(path, copy, sizeof copy, &leaf)) < 0)
		error = errno;
	else
		error = check_client_file(dirfd, leaf, &uid);
	if (error != 0) {
		if (dirfd >= 0)
			close(dirfd);
		close(clifd);
		errno = error;
		return -1;
	}
	unlinkat(dirfd, leaf, 0);       /* done with the client's name */
	close(dirfd);
	if (uidptr != NULL)
		*uidptr = uid;
	return clifd;
}
