/*
 * recv_ufd.c - receive a descriptor and the sender's user ID over a
 * STREAMS pipe (the STREAMS counterpart of 3e Figure 17.16; the 2e has
 * none, as I_RECVFD already reports the sender's IDs in struct strrecvfd).
 *
 * The STREAMS recv_fd's loop (recv_fd.c), with the uid that I_RECVFD
 * reports stored in *uidptr when a descriptor is returned.  A descriptor
 * without the sender's IDs (uid -1) is refused, as on sockets.
 */
#include "apue.h"
#include "strm.h"

int recv_ufd(int fd, uid_t *uidptr,
	     ssize_t (*userfunc)(int, const void *, size_t))
{
	char buf[STRMSGSZ];
	struct reply r;
	struct arrived in;
	ssize_t nread;
	size_t ntext;
	uid_t uid;
	int more, newfd;

	reply_init(&r);
	arrived_init(&in);
	for (;;) {
		nread = strm_get_data(fd, buf, sizeof buf, &in, &more); /* getmsg */
		if (nread < 0)
			return reply_failed(&in);
		if (nread == 0)
			return reply_peer_closed(&in, &r, "recv_ufd");

		ntext = reply_scan(&r, buf, (size_t)nread);
		reply_text(&in, userfunc, buf, ntext);

		if (r.status >= 0) {    /* the status byte came: done */
			if (strm_finish_message(fd, buf, sizeof buf, &r, &in,
						more) < 0)
				return reply_failed(&in);
			if (r.status == 0 && in.problem == NULL &&
			    r.trailing == 0) {
				if (strm_take_fd(fd, &in) < 0)  /* I_RECVFD */
					return reply_failed(&in);
			} else {
				strm_take_fd_behind(fd, &in);
			}
			newfd = reply_verdict(&in, &r, &uid, "recv_ufd");
			if (newfd >= 0 && uidptr != NULL)
				*uidptr = uid;
			return newfd;
		}
	}
}
