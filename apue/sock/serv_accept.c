/*
 * serv_accept.c - accept a client and learn its user ID from the owner of
 * the socket file it bound (book: 3e Figure 17.9; 2e §17.3, the sockets
 * serv_accept).
 *
 * The book's steps, in its order: accept; the client's name from the
 * address accept filled in; stat it; a socket, of mode rwx------, none of
 * its three times older than STALE_SECONDS (the book's STALE); the owner
 * is the client's uid; unlink the name.
 *
 * Differences from the book:
 * - the name is copied into a local array of sizeof(sun_path) + 1 bytes,
 *   its length clamped to sun_path (the book mallocs
 *   sizeof(un.sun_path + 1), the size of a pointer, and copies up to 108
 *   bytes into it: NOTES.md, "The book's errata");
 * - accept is retried after EINTR (the book returns -2, "often EINTR");
 * - the mode must be exactly rwx------, the set-user-ID, set-group-ID and
 *   sticky bits clear too ((mode & 07777) == CLI_PERM; the book looks at
 *   the nine permission bits only);
 * - lstat, not stat (fstatat with AT_SYMLINK_NOFOLLOW), so a symbolic link
 *   put in place of the socket is refused instead of followed; S_ISSOCK is
 *   always tested (the book tests it only #ifdef S_ISSOCK);
 * - a client that bound no name, an abstract one or a relative one is
 *   refused (EPERM; a relative name would resolve from the server's
 *   directory, not the client's); the book stats whatever it got;
 * - the directories of the name are opened one by one from "/" without
 *   following a symbolic link (open_parent), and the check and the unlink
 *   both act on the directory so held, so swapping a directory of the path
 *   for a link (rename) cannot redirect either (ch17/README.md, "Local
 *   attacks on the book's server");
 * - each failure is -1 with errno set (the book returns -1..-6 by step):
 *   the accept error, EPERM (no usable name, or wrong mode), ENOTSOCK,
 *   ETIMEDOUT (too old), or the lookup's error; the new connection is
 *   closed on every failure.
 *
 * The server still learns the uid from a file the client names: the open
 * servers use this only for teaching (-T), and serv_accept_cred.c asks the
 * kernel instead (NOTES.md, "Figure 17.9: serv_accept").
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
