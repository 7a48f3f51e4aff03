/*
 * strm_reply.c - the helpers of the STREAMS recv_fd and recv_ufd (see
 * strm.h): the duties the 2e's loop (getmsg, scan, I_RECVFD) leaves out.
 *
 * Only the SVR4 interface is used: on a real stream and over our
 * emulation the same code runs.  (Over the emulation, one getmsg with
 * room for any message takes a descriptor along with the data before it,
 * and the I_RECVFD that follows costs no system call: that lives in the
 * emulation, apue/streams_emu/getmsg.c.)
 *
 * The rule "no received descriptor leaks" holds here as on sockets: every
 * descriptor I_RECVFD takes goes into struct arrived, where the verdict
 * (reply.c) hands over exactly one or closes it.
 */
#include "apue.h"
#include "strm.h"
#include <poll.h>

/* I_RECVFD, EINTR retried. */
static int recvfd(int fd, struct strrecvfd *rfd)
{
	int r;

	while ((r = ioctl(fd, I_RECVFD, rfd)) < 0 && errno == EINTR)
		;
	return r;
}

/* getmsg returned 0 with both lengths 0: hangup, or a message whose
 * control and data parts are both empty (putmsg can send one).  It was
 * hangup only if poll says the stream would not block (POLLHUP or
 * POLLIN) and yet no message is queued (I_NREAD). */
static int hung_up(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int nbytes;
	int r;

	while ((r = poll(&p, 1, 0)) < 0 && errno == EINTR)
		;
	if (r == 0)
		return 0;               /* nothing to read: the stream is up */
	return r < 0 || ioctl(fd, I_NREAD, &nbytes) <= 0;
}

ssize_t strm_get_data(int fd, char *buf, size_t size, struct arrived *a,
		      int *more)
{
	char ctlbuf[STRCTLSZ];
	struct strrecvfd rfd;

	for (;;) {
		struct strbuf ctl = { .maxlen = sizeof ctlbuf, .buf = ctlbuf };
		struct strbuf dat = { .maxlen = (int)size, .buf = buf };
		int flag = 0;

		*more = getmsg(fd, &ctl, &dat, &flag);
		if (*more < 0 && errno == EINTR)
			continue;
		if (*more < 0 && errno == EBADMSG) {
			/* A descriptor before the status byte: not ours to
			 * keep.  Take it off the queue and close it. */
			if (recvfd(fd, &rfd) < 0)
				return -1;
			close(rfd.fd);
			reply_malformed(a, EBADMSG, "a descriptor came before "
					"the status byte");
			continue;
		}
		if (*more < 0 && errno == EMSGSIZE) {
			/* A crafted record longer than any message, taken and
			 * lost: malformed, but read on to the status byte to
			 * stay in step. */
			reply_malformed(a, EBADMSG, "a record longer than any "
					"message");
			continue;
		}
		if (*more < 0)
			return -1;
		if (ctl.len == 0 && dat.len == 0 && *more == 0 && hung_up(fd))
			return 0;
		if (ctl.len >= 0 || (*more & MORECTL))
			reply_malformed(a, EBADMSG, "a message with a control "
					"part");
		*more &= MOREDATA;
		if (dat.len > 0)
			return dat.len;
	}
}

int strm_finish_message(int fd, char *buf, size_t size, struct reply *r,
			struct arrived *a, int more)
{
	while (more & MOREDATA) {
		ssize_t n = strm_get_data(fd, buf, size, a, &more);

		if (n <= 0)
			return (int)n;  /* hangup ends the message too */
		(void)reply_scan(r, buf, (size_t)n);    /* all trailing */
	}
	return 0;
}

int strm_take_fd(int fd, struct arrived *a)
{
	struct strrecvfd rfd;

	if (recvfd(fd, &rfd) < 0) {
		if (errno == EMFILE)
			reply_malformed(a, EMFILE, "no descriptor arrived: this "
					"process may be out of descriptors "
					"(EMFILE)");
		else if (errno != ENXIO && errno != EBADMSG)
			return -1;
		return 0;       /* no descriptor: the verdict says so */
	}
	reply_keep_fd(a, rfd.fd);
	a->uid = rfd.uid;
	a->have_uid = rfd.uid != (uid_t)-1;
	return 0;
}

void strm_take_fd_behind(int fd, struct arrived *a)
{
	struct strrecvfd rfd;
	int nbytes = -1;
	int saved = errno;

	/* A message of no data bytes at the head may be a descriptor; an
	 * empty data message makes I_RECVFD fail (EBADMSG) and stays. */
	if (ioctl(fd, I_NREAD, &nbytes) > 0 && nbytes == 0 &&
	    recvfd(fd, &rfd) == 0)
		reply_keep_fd(a, rfd.fd);
	errno = saved;
}
