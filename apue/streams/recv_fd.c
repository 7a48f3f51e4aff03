/*
 * recv_fd.c - receive a descriptor over a STREAMS pipe (book: 2e §17.4.1,
 * the STREAMS recv_fd).
 *
 * The book's loop, in its order: getmsg a data message; scan it for the
 * null byte; the byte after the null is the status; text before the null
 * goes to userfunc; once the status is in, a zero status means the
 * descriptor is the next message, taken with ioctl(I_RECVFD); return it,
 * or -status.  Only the SVR4 interface is used, so this file runs
 * unchanged against a real <stropts.h>.  Each duty the book leaves out is
 * one call beside it:
 *   strm_get_data (strm_reply.c)  getmsg, EINTR retried; a descriptor, a
 *       control part or an overlong record before the status byte is
 *       closed or skipped and noted; hangup told from an empty message;
 *   strm_finish_message  the rest of the message that held the status;
 *   strm_take_fd  ioctl(I_RECVFD), EINTR retried, its failures judged;
 *   strm_take_fd_behind  a descriptor queued behind an error status is
 *       taken, so that it is closed, not left for the next reply;
 *   reply_scan, reply_text, reply_verdict, ... (reply.c, shared with the
 *       socket recv_fd).
 *
 * Differences from the book:
 * - never exits or aborts (the book calls err_sys on a getmsg error and
 *   err_dump on a malformed reply): -1 with errno and one line on stderr,
 *   with the socket recv_fd's errors and messages, and every descriptor
 *   that arrived but is not returned is closed;
 * - the buffers hold any message a stream head makes by default (64 KB of
 *   data, 1 KB of control; the book has MAXLINE and no control buffer), so
 *   one getmsg takes each message whole; a control part is asked for so
 *   that an M_PROTO message is seen and refused, not left blocking;
 * - the null and status bytes may come in separate messages; bytes after
 *   the status byte make the reply malformed;
 * - a userfunc failure does not stop the read half way (the reply is read
 *   to its end), and userfunc may be NULL.
 */
#include "apue.h"
#include "strm.h"

int recv_fd(int fd, ssize_t (*userfunc)(int, const void *, size_t))
{
	char buf[STRMSGSZ];
	struct reply r;         /* the scan: null seen, status */
	struct arrived in;      /* the descriptor, problems noted */
	ssize_t nread;
	size_t ntext;
	int more;

	reply_init(&r);
	arrived_init(&in);
	for (;;) {
		nread = strm_get_data(fd, buf, sizeof buf, &in, &more); /* getmsg */
		if (nread < 0)
			return reply_failed(&in);
		if (nread == 0)
			return reply_peer_closed(&in, &r, "recv_fd");

		/* The scan: text up to the null byte, then the status byte
		 * (zero status means a descriptor is the next message). */
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
			return reply_verdict(&in, &r, NULL, "recv_fd");
		}
	}
}
