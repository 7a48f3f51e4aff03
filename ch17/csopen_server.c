/*
 * csopen_server.c - the version 2 client checks who runs the server
 * before it sends a request or takes a descriptor (not in the book,
 * whose csopen talks to whatever answers at the well-known name).
 *
 * While no server runs, any user can start one on the name; a root
 * client would then take whatever descriptor it sent.  So the client asks
 * the kernel who made the server's end (SO_PEERCRED of the connected
 * socket: the user that called listen, or, under the STREAMS emulation,
 * the user that attached the name), and also looks at the owner of the
 * name itself (over real STREAMS the only witness).  Either must be the
 * expected owner: by default root or the caller's own user; csopen_owner
 * (open2 -u) names another.  SO_PEERCRED and struct ucred need
 * _GNU_SOURCE on Linux; elsewhere getpeereid.
 */
#if defined(__linux__)
#define _GNU_SOURCE             /* struct ucred, SO_PEERCRED */
#elif defined(__FreeBSD__) || defined(__APPLE__)
#define __BSD_VISIBLE 1         /* getpeereid */
#endif
#include "open.h"
#include <sys/socket.h>

static uid_t expected_owner;
static int owner_named;

void csopen_owner(uid_t uid)
{
	expected_owner = uid;
	owner_named = 1;
}

static int trusted(uid_t uid)
{
	if (owner_named)
		return uid == expected_owner;
	return uid == 0 || uid == geteuid();
}

/* The user the kernel says made the server's end of fd; -1 if it cannot
 * say (not a socket). */
static int peer_owner(int fd, uid_t *uid)
{
#if defined(SO_PEERCRED)
	struct ucred cred;
	socklen_t len = sizeof cred;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
	    len != sizeof cred)
		return -1;
	*uid = cred.uid;
	return 0;
#elif defined(__FreeBSD__) || defined(__APPLE__)
	gid_t gid;

	return getpeereid(fd, uid, &gid);
#else
	(void)fd;
	(void)uid;
	return -1;
#endif
}

static int refuse(const char *name, const char *what, uid_t uid)
{
	if (owner_named)
		err_msg("csopen: %s: %s is uid %ld, not uid %ld: refused", name,
			what, (long)uid, (long)expected_owner);
	else
		err_msg("csopen: %s: %s is uid %ld, not root or uid %ld: refused "
			"(-u names another owner)", name, what, (long)uid,
			(long)geteuid());
	errno = EPERM;
	return -1;
}

int csopen_check_server(int fd, const char *name)
{
	struct stat sb;
	uid_t uid;
	int witnesses = 0;

	if (peer_owner(fd, &uid) == 0) {
		if (!trusted(uid))
			return refuse(name, "the server", uid);
		witnesses++;
	}
	if (stat(name, &sb) == 0) {
		if (!trusted(sb.st_uid))
			return refuse(name, "the owner of the name", sb.st_uid);
		witnesses++;
	}
	if (witnesses == 0) {
		err_msg("csopen: %s: can't tell who runs the server: refused", name);
		errno = EPERM;
		return -1;
	}
	return 0;
}
