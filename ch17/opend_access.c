/*
 * opend_access.c - open a file as the client would: the server never
 * hands out a descriptor the client could not have opened itself.
 * Not in the book, whose server opens with its own rights (NOTES.md,
 * "17.6 An open server, version 2").
 *
 * A server running as root takes the client's user, group and
 * supplementary groups for the one open() (seteuid and friends), so the
 * kernel checks every directory on the path and the file itself.  A
 * server that is not root serves only its own user.  initgroups and
 * setgroups are not POSIX: _DEFAULT_SOURCE (glibc) declares them.
 *
 * unlink_as removes a file (the name a client bound, which the server
 * removes for it) with the client's user and group IDs and no
 * supplementary groups: the name's one directory is CLI_PATH, where only
 * the user counts, and no lookup in the user database is made, which
 * could be slow or need descriptors the server has run out of.
 *
 * Every open is non-blocking, so a FIFO without a writer cannot stall the
 * server; the flag is cleared again unless the client asked for it.
 */
#define _DEFAULT_SOURCE         /* initgroups, setgroups (glibc) */
#include "opend.h"
#include <grp.h>
#include <pwd.h>

static int open_here(const char *pathname, int oflag)
{
	int fd = open(pathname, oflag | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	int flags;

	if (fd < 0)
		return -1;
	if (!(oflag & O_NONBLOCK)) {
		if ((flags = fcntl(fd, F_GETFL)) < 0 ||
		    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
	}
	return fd;
}

/* The server's own groups, to come back to after each switch. */
static gid_t *own_groups;
static int own_ngroups = -1;

static void save_own_groups(void)
{
	int n = getgroups(0, NULL);

	if (n < 0 || (own_groups = calloc((size_t)n + 1, sizeof(gid_t))) == NULL ||
	    (own_ngroups = getgroups(n, own_groups)) < 0)
		log_sys("can't save the server's groups");
}

/* Back to root, with our own groups.  A server that cannot get back must
 * not serve anyone else: that is the end of it. */
static void restore_self(gid_t egid)
{
	if (seteuid(0) < 0 || setegid(egid) < 0 ||
	    setgroups((size_t)own_ngroups, own_groups) < 0)
		log_sys("can't restore the server's identity");
}

/* Take on uid's user, group and supplementary groups (as root).  0, or
 * -1 with errno and our own identity back. */
static int switch_to(uid_t uid, gid_t egid)
{
	struct passwd *pw;
	int saved;

	if (geteuid() != 0) {
		errno = EPERM;          /* we cannot act as anyone else */
		return -1;
	}
	if (own_ngroups < 0)
		save_own_groups();
	if ((pw = getpwuid(uid)) == NULL) {
		errno = EPERM;          /* a user we know nothing about */
		return -1;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) < 0 ||
	    setegid(pw->pw_gid) < 0 || seteuid(uid) < 0) {
		saved = errno;
		restore_self(egid);
		errno = saved;
		return -1;
	}
	return 0;
}

int open_as(uid_t uid, const char *pathname, int oflag)
{
	gid_t egid = getegid();
	int fd, saved;

	if (uid == geteuid())
		return open_here(pathname, oflag);
	if (switch_to(uid, egid) < 0)
		return -1;
	fd = open_here(pathname, oflag);
	saved = errno;
	restore_self(egid);
	errno = saved;
	return fd;
}

/* Take on uid and gid alone (as root), with no supplementary groups.
 * 0, or -1 with errno and our own identity back. */
static int switch_ids(uid_t uid, gid_t gid, gid_t egid)
{
	int saved;

	if (geteuid() != 0) {
		errno = EPERM;
		return -1;
	}
	if (own_ngroups < 0)
		save_own_groups();
	if (setgroups(0, NULL) < 0 || setegid(gid) < 0 || seteuid(uid) < 0) {
		saved = errno;
		restore_self(egid);
		errno = saved;
		return -1;
	}
	return 0;
}

int unlink_as(uid_t uid, gid_t gid, const char *pathname)
{
	gid_t egid = getegid();
	int r, saved;

	if (uid == geteuid())
		return unlink(pathname);
	if (switch_ids(uid, gid, egid) < 0)
		return -1;
	r = unlink(pathname);
	saved = errno;
	restore_self(egid);
	errno = saved;
	return r;
}
