/*
 * opend_accept.c - accepting a client for the version 2 server's loops
 * (the serv_accept step of the loop with select and the loop with poll,
 * 3e Figures 17.29 and 17.30, hardened).  Not
 * in the book, whose loops call serv_accept and end the server, with
 * log_sys, on any failure.
 *
 * Here a failed serv_accept is logged and the loop goes on, except when
 * the listening endpoint is gone (listener_gone): then log_sys ends the
 * server, instead of waking for the dead endpoint for ever.  Accepted
 * connections are non-blocking, so a client that does not read its
 * answers is dropped instead of stalling everyone.  A client that waits
 * while the server is out of descriptors is taken with a spare
 * descriptor and closed, and its socket file removed
 * (refuse_waiting_client).  The client's IDs come from the kernel
 * (serv_accept_peer); the book's file-owner serv_accept only with -T.
 */
#include "opend.h"
#include "opend_privsep.h"
#include <poll.h>
#include <pwd.h>
#include <sys/un.h>

/* /dev/null, held so that a client can still be taken, and refused, when
 * every other descriptor slot is in use; -1 if it could not be had. */
static int spare_fd = -1;

void accept_spare_open(void)
{
	if ((spare_fd = open("/dev/null", O_RDONLY)) < 0)
		log_sys("can't open /dev/null");
}

/* Is error, from serv_accept(listenfd), one that every retry would meet
 * again, because the listening endpoint is gone or was never one?  Any
 * other error concerns one client (the socket serv_accept's checks of the
 * client's file, a connection aborted) or a shortage that passes (EMFILE,
 * ENOMEM, ...), and the server goes on. */
static int listener_gone(int listenfd, int error)
{
	struct stat sb;

	switch (error) {
	case ENXIO:             /* STREAMS: hangup (the fattach helper died) */
	case EBADMSG:           /* STREAMS: a message I_RECVFD cannot take is
				 * stuck at the head of the stream */
	case EBADF:             /* not open */
	case EINVAL:            /* a socket that is not listening */
	case EOPNOTSUPP:        /* a socket that cannot accept */
	case ENOTTY:            /* STREAMS: not a stream */
#ifdef ENOSTR
	case ENOSTR:
#endif
		return 1;
	case ENOTSOCK:
		/* Also the socket serv_accept's verdict on a client's file:
		 * only the listener's own type may end the server. */
		return fstat(listenfd, &sb) < 0 || !S_ISSOCK(sb.st_mode);
	default:
		return 0;
	}
}

/* The client's IDs: the kernel's, or with -T the owner of the client's
 * socket file (the group is then the user's own). */
static int accept_with_ids(int listenfd, uid_t *uidptr, gid_t *gidptr)
{
	struct passwd *pw;
	int clifd;

	if (!opend_settings.teaching)
		return serv_accept_peer(listenfd, uidptr, gidptr);
	if ((clifd = serv_accept(listenfd, uidptr)) >= 0)
		*gidptr = (pw = getpwuid(*uidptr)) != NULL ? pw->pw_gid : (gid_t)-1;
	return clifd;
}

/* Out of descriptors (EMFILE, ENFILE): over sockets the client stays in
 * the backlog, so the listener stays readable and the loop would wake for
 * it at once, for ever.  Give up the spare descriptor, take the client
 * with it and hang up, then take the spare back.  (Over STREAMS I_RECVFD
 * has already dropped the client's pipe; nothing is waiting.)  The
 * client's socket file is removed once the connection is closed, so that
 * nothing the removal does can want the slot. */
static void refuse_waiting_client(int listenfd)
{
	struct pollfd p = { .fd = listenfd, .events = POLLIN };
	char name[sizeof(((struct sockaddr_un *)0)->sun_path)];
	uid_t uid;
	gid_t gid;
	int clifd, named;

	if (spare_fd < 0)
		return;
	close(spare_fd);
	if (poll(&p, 1, 0) == 1 && (p.revents & POLLIN) &&
	    (clifd = accept_with_ids(listenfd, &uid, &gid)) >= 0) {
		named = client_name(clifd, name, sizeof name) == 0;
		close_as_client(clifd, uid, gid);
		if (named)
			(void)unlink_as(uid, gid, name);
		log_msg("out of descriptors: a client refused");
	}
	if ((spare_fd = open("/dev/null", O_RDONLY)) < 0)
		log_ret("can't reopen the spare descriptor");
}

int accept_or_exit(int listenfd, uid_t *uidptr)
{
	gid_t gid;
	int clifd;

	if (opend_settings.worker)
		return worker_take_client(listenfd, uidptr);
	/* One process (-B): the loop takes clients itself. */
	if ((clifd = accept_identified(listenfd, uidptr, &gid)) >= 0)
		remove_client_name(clifd, *uidptr, gid);
	return clifd;
}

int accept_identified(int listenfd, uid_t *uidptr, gid_t *gidptr)
{
	int clifd, error;

	if ((clifd = accept_with_ids(listenfd, uidptr, gidptr)) >= 0)
		return clifd;
	error = errno;
	if (listener_gone(listenfd, error)) {
		errno = error;
		log_sys("serv_accept error: the listening endpoint is gone");
	}
	errno = error;
	log_ret("serv_accept error");
	if (error == EMFILE || error == ENFILE)
		refuse_waiting_client(listenfd);
	return -1;
}

int accept_client(int listenfd, uid_t *uidptr)
{
	int clifd, flags;

	if ((clifd = accept_or_exit(listenfd, uidptr)) < 0)
		return -1;
	if ((flags = fcntl(clifd, F_GETFL)) < 0 ||
	    fcntl(clifd, F_SETFL, flags | O_NONBLOCK) < 0) {
		refuse_client(clifd, *uidptr, "can't make it non-blocking");
		return -1;
	}
	return clifd;
}

void refuse_client(int clifd, uid_t uid, const char *why)
{
	close(clifd);
	client_gone(clifd);
	log_msg("uid %ld, fd %d refused: %s", (long)uid, clifd, why);
}
