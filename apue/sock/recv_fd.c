/*
 * recv_fd.c - receive a descriptor over a UNIX domain socket
 * (book: 3e Figure 17.14).
 *
 * The book's loop, in its order: recvmsg a piece; scan it for the null
 * byte; the byte after the null is the status; text before the null goes
 * to userfunc; once the status is in, return the descriptor (status 0) or
 * -status.  Each duty the book leaves out is one call beside it:
 *   recv_piece (sock_reply.c)  reads never past the status byte, retries
 *       EINTR, holds the first descriptor and closes every other one,
 *       notes MSG_CTRUNC;
 *   reply_scan, reply_text, reply_verdict, reply_peer_closed,
 *       reply_failed (reply.c, shared with the STREAMS recv_fd).
 *
 * Differences from the book:
 * - never exits or aborts (the book calls err_dump on a malformed reply):
 *   every failure is -1 with errno set and one line on stderr, and every
 *   descriptor that arrived but is not returned is closed;
 * - a status from the peer returns -status with errno 0, so a caller can
 *   tell status 1 from a local failure (the book leaves errno as it was);
 * - never reads past the status byte (the book reads up to MAXLINE bytes,
 *   so one read may swallow the start of the next reply and lose it);
 * - the null and status bytes may come in separate reads, and text may
 *   contain any bytes (the book wants the null byte next to last in one
 *   read); a reply that ends early is ECONNRESET (the book prints
 *   "connection closed by server" and returns -1);
 * - recvmsg is retried after EINTR; its other errors are returned, not
 *   printed (the book's err_ret);
 * - a userfunc failure does not stop the read half way: the reply is read
 *   to its end (so the next one stays in step), then -1 with its errno;
 * - userfunc may be NULL (the text is dropped);
 * - the control buffer is a local union with room for credentials and a
 *   few descriptors (the book mallocs one static CMSG_LEN buffer, which
 *   is not thread-safe and lets the kernel drop extra descriptors);
 * - the book's "controllen RELOP CONTROLLEN" check (< on Linux, != else)
 *   becomes: status 0 must come with exactly one descriptor.
 */
#include "apue.h"
#include "sock.h"

int recv_fd(int fd, ssize_t (*userfunc)(int, const void *, size_t))
{
	char buf[MAXLINE];
	struct reply r;         /* the scan: null seen, status */
	struct arrived in;      /* the descriptor held, problems noted */
	ssize_t nr;
	size_t ntext;

	reply_init(&r);
	arrived_init(&in);
	for (;;) {
		nr = recv_piece(fd, buf, sizeof buf, &r, &in);  /* recvmsg */
		if (nr < 0)
			return reply_failed(&in);
		if (nr == 0)
			return reply_peer_closed(&in, &r, "recv_fd");

		/* The scan: text up to the null byte, then the status byte
		 * (zero status means a descriptor came with it). */
		ntext = reply_scan(&r, buf, (size_t)nr);
		reply_text(&in, userfunc, buf, ntext);

		if (r.status >= 0)      /* the status byte came: done */
			return reply_verdict(&in, &r, NULL, "recv_fd");
	}
}
