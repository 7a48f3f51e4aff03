/*
 * serv_accept_cred.c - serv_accept with the client's user ID taken from
 * the kernel instead of from the owner of a file the client names: the
 * stronger way (NOTES.md, "SO_PEERCRED").  Socket transport only.
 *
 * Linux: getsockopt(SO_PEERCRED) gives the credentials the client had when
 * it called connect(); struct ucred needs _GNU_SOURCE, so it stays in this
 * file.  FreeBSD and macOS: getpeereid().
 */
#if defined(__linux__)
#define _GNU_SOURCE             /* struct ucred, SO_PEERCRED */
#elif defined(__FreeBSD__) || defined(__APPLE__)
#define _BSD_SOURCE
#define __BSD_VISIBLE 1         /* getpeereid */
#endif
#include "apue.h"
#include "sock/unique.h"
#include <sys/socket.h>

/* The peer's effective user ID.  0 or -1 with errno. */
static int peer_uid(int fd, uid_t *uid)
{
#if defined(SO_PEERCRED)
	struct ucred cred;
	socklen_t len = sizeof cred;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return -1;
	if (len != sizeof cred) {
		errno = EPROTO;
		return -1;
	}
	*uid = cred.uid;
	return 0;
#elif defined(__FreeBSD__) || defined(__APPLE__)
	gid_t gid;

	return getpeereid(fd, uid, &gid);
#else
	(void)fd;
	(void)uid;
	errno = ENOSYS;
	return -1;
#endif
}

int serv_accept_cred(int listenfd, uid_t *uidptr)
{
	uid_t uid;
	int clifd, saved;

	do
		clifd = accept(listenfd, NULL, NULL);
	while (clifd < 0 && errno == EINTR);
	if (clifd < 0)
		return -1;
	if (peer_uid(clifd, &uid) < 0) {
		saved = errno;
		close(clifd);
		errno = saved;
		return -1;
	}
	if (uidptr != NULL)
		*uidptr = uid;
	return clifd;
}
