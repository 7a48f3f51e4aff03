/*
 * serv_accept_cred.c - serv_accept with the client's user ID taken from
 * the kernel instead of from the owner of a file the client names: the
 * stronger way (NOTES.md, "Figure 17.9: serv_accept").  Socket transport only.
 *
 * Linux: getsockopt(SO_PEERCRED) gives the credentials the client had when
 * it called connect(); struct ucred needs _GNU_SOURCE, so it stays in this
 * file.  FreeBSD and macOS: getpeereid().  serv_accept_peer (apue.h) gives
 * the group ID too; over STREAMS apue/streams/serv_accept_cred.c is its
 * counterpart.
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

/* The peer's effective user and group IDs.  0 or -1 with errno. */
static int peer_ids(int fd, uid_t *uid, gid_t *gid)
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
	*gid = cred.gid;
	return 0;
#elif defined(__FreeBSD__) || defined(__APPLE__)
	return getpeereid(fd, uid, gid);
#else
	(void)fd;
	(void)uid;
	(void)gid;
	errno = ENOSYS;
	return -1;
#endif
}

int serv_accept_cred(int listenfd, uid_t *uidptr)
{
	return serv_accept_peer(listenfd, uidptr, NULL);
}

int serv_accept_peer(int listenfd, uid_t *uidptr, gid_t *gidptr)
{
	uid_t uid;
	gid_t gid;
	int clifd, saved;

	do
		clifd = accept(listenfd, NULL, NULL);
	while (clifd < 0 && errno == EINTR);
	if (clifd < 0)
		return -1;
	if (peer_ids(clifd, &uid, &gid) < 0) {
		saved = errno;
		close(clifd);
		errno = saved;
		return -1;
	}
	if (uidptr != NULL)
		*uidptr = uid;
	if (gidptr != NULL)
		*gidptr = gid;
	return clifd;
}
