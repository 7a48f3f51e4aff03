/*
 * recv_ufd.c - receive a descriptor and the sender's user ID over a UNIX
 * domain socket (book: 3e Figure 17.16).
 *
 * The book's order: ask the kernel to pass credentials (SO_PASSCRED on
 * Linux), then recv_fd's loop; the control data gives the descriptor
 * (SCM_RIGHTS) and the sender's uid (SCM_CREDENTIALS or SCM_CREDS), which
 * goes to *uidptr.
 *
 * Differences from the book: all of recv_fd's (recv_fd.c); and
 * - the credentials are found by type wherever they sit in the control
 *   data, and count only when they came with the descriptor; a reply with a
 *   descriptor but no credentials is an error, never a descriptor with a
 *   made-up uid;
 * - *uidptr is written only when a descriptor is returned (the book writes
 *   it as soon as the credentials are seen); uidptr may be NULL;
 * - the feature tests live in creds.c (creds_enable, creds_uid), not here;
 * - on FreeBSD the uid reported is cmcred_euid, the sender's effective uid,
 *   where the book takes cmcred_uid, its real uid (unix(4) fills in both).
 *   The book's Linux sender states its effective uid (geteuid), STREAMS'
 *   I_RECVFD and SO_PEERCRED give the effective uid, and access checks use
 *   it; so every system reports the same one here;
 * - the setsockopt(SO_PASSCRED) failure is returned, not printed;
 * - the buffer is a local union with room for the credentials and a few
 *   descriptors, sized with CMSG_SPACE (the book mallocs a static one of
 *   the two CMSG_LENs, 4 bytes short on 64-bit Linux: the kernel puts the
 *   credentials first, the descriptor no longer fits (MSG_CTRUNC, and the
 *   kernel closes it), and its length check calls err_dump; NOTES.md,
 *   "The book's errata").
 */
#include "apue.h"
#include "sock.h"

int recv_ufd(int fd, uid_t *uidptr,
	     ssize_t (*userfunc)(int, const void *, size_t))
{
	char buf[MAXLINE];
	struct reply r;
	struct arrived in;
	uid_t uid;
	ssize_t nr;
	size_t ntext;

	if (creds_enable(fd) < 0)       /* SO_PASSCRED */
		return -1;
	reply_init(&r);
	arrived_init(&in);
	for (;;) {
		nr = recv_piece(fd, buf, sizeof buf, &r, &in);  /* recvmsg */
		if (nr < 0)
			return reply_failed(&in);
		if (nr == 0)
			return reply_peer_closed(&in, &r, "recv_ufd");

		/* The scan, as in recv_fd. */
		ntext = reply_scan(&r, buf, (size_t)nr);
		reply_text(&in, userfunc, buf, ntext);

		if (r.status >= 0) {    /* the status byte came: done */
			fd = reply_verdict(&in, &r, &uid, "recv_ufd");
			if (fd >= 0 && uidptr != NULL)
				*uidptr = uid;
			return fd;
		}
	}
}
