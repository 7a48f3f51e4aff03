/*
 * sock_reply.c - receive one reply of the 2-byte protocol over a UNIX
 * domain stream socket: the heart of recv_fd and recv_ufd.
 *
 * Two rules live here and nowhere else.
 *
 * No received descriptor leaks: keep_or_close() holds the first descriptor
 * that arrives and closes every other one at once; finish() closes the held
 * one too unless the reply is well-formed.  Every way out closes it.
 *
 * Nothing after the status byte is consumed: a stream socket keeps no
 * message boundaries, so a reply that a peer sent right behind this one
 * must stay queued for the next call.  The first read asks for 2 bytes,
 * which is the whole of a normal reply ("\0", status 0, descriptor).  When
 * text comes first, each later read is sized by peeking (MSG_PEEK without a
 * control buffer, so no descriptor is installed) for the null byte.
 */
#include "apue.h"
#include "report.h"
#include "sock.h"

struct arrivals {
	int fd;                 /* the one descriptor we may hand over */
	size_t extra;           /* descriptors beyond the first (closed) */
	int truncated;          /* MSG_CTRUNC or MSG_TRUNC was set */
	int bad_rights;         /* an SCM_RIGHTS message of odd length */
	int have_uid;           /* credentials came with the descriptor */
	uid_t uid;
};

static void keep_or_close(struct arrivals *in, int fd)
{
	if (in->fd < 0) {
		in->fd = fd;
	} else {
		close(fd);
		in->extra++;
	}
}

/* Take every descriptor out of one SCM_RIGHTS message; return how many. */
static size_t take_rights(struct arrivals *in, const struct msghdr *msg,
			  const struct cmsghdr *cmsg)
{
	const unsigned char *data = CMSG_DATA(cmsg);
	const unsigned char *end = (const unsigned char *)msg->msg_control +
				   msg->msg_controllen;
	size_t len = cmsg->cmsg_len - CMSG_LEN(0);
	size_t count = 0;

	if (len > (size_t)(end - data))         /* never trust a length */
		len = (size_t)(end - data);
	if (len % sizeof(int) != 0)
		in->bad_rights = 1;
	for (size_t off = 0; off + sizeof(int) <= len; off += sizeof(int)) {
		int fd;

		memcpy(&fd, data + off, sizeof fd);
		keep_or_close(in, fd);
		count++;
	}
	return count;
}

/* Collect what one recvmsg delivered.  Credentials count only when they
 * came in the same read as the descriptor they vouch for. */
static void take_control(struct arrivals *in, const struct msghdr *msg)
{
	struct cmsghdr *cmsg;
	size_t fds = 0;
	int have_uid = 0;
	uid_t uid = 0;

	if (msg->msg_flags & (MSG_CTRUNC | MSG_TRUNC))
		in->truncated = 1;
	for (cmsg = CMSG_FIRSTHDR((struct msghdr *)msg); cmsg != NULL;
	     cmsg = CMSG_NXTHDR((struct msghdr *)msg, cmsg)) {
		if (cmsg->cmsg_len < CMSG_LEN(0))
			break;
		if (cmsg->cmsg_level == SOL_SOCKET &&
		    cmsg->cmsg_type == SCM_RIGHTS)
			fds += take_rights(in, msg, cmsg);
		else if (creds_uid(cmsg, &uid))
			have_uid = 1;
		else
			creds_close_pidfd(cmsg);
	}
	if (fds > 0) {
		in->have_uid = have_uid;
		in->uid = uid;
	}
}

/* Decide what the reply means; close whatever is not handed over. */
static int finish(struct arrivals *in, const struct reply *r,
		  uid_t *uidptr, const char *who)
{
	const char *problem = NULL;
	char detail[128];
	int error = EBADMSG;

	if (in->truncated && in->fd < 0) {
		problem = "control data truncated and no descriptor arrived: this "
			  "process may be out of descriptors (EMFILE)";
		error = EMFILE;
	} else if (in->truncated) {
		problem = "control data truncated (descriptors that did not fit "
			  "were closed)";
	} else if (in->bad_rights) {
		problem = "SCM_RIGHTS message of odd length";
	} else if (in->extra > 0) {
		snprintf(detail, sizeof detail, "%zu descriptors, expected at most 1",
			 in->extra + 1);
		problem = detail;
	} else if (r->trailing > 0) {
		snprintf(detail, sizeof detail, "%zu bytes after the status byte",
			 r->trailing);
		problem = detail;
	} else if (r->status == 0 && in->fd < 0) {
		problem = "status 0 but no descriptor";
	} else if (r->status != 0 && in->fd >= 0) {
		snprintf(detail, sizeof detail,
			 "status %d with a descriptor", r->status);
		problem = detail;
	} else if (r->status == 0 && uidptr != NULL && !in->have_uid) {
		problem = "descriptor without the sender's credentials";
	}

	if (problem != NULL || r->user_errno != 0) {
		if (in->fd >= 0)
			close(in->fd);
		if (problem != NULL) {
			apue_report("%s: %s%s", who,
				    error == EBADMSG ? "malformed reply: " : "",
				    problem);
			errno = error;
		} else {
			errno = r->user_errno;
		}
		return -1;
	}
	if (r->status != 0) {
		errno = 0;              /* the peer's error, not ours */
		return -r->status;
	}
	if (uidptr != NULL)
		*uidptr = in->uid;
	return in->fd;
}

static int closed_early(struct arrivals *in, const struct reply *r,
			const char *who)
{
	if (in->fd >= 0)
		close(in->fd);
	if (r->bytes > 0 || in->extra > 0)
		apue_report("%s: connection closed in the middle of a reply", who);
	else
		apue_report("%s: connection closed by peer", who);
	errno = ECONNRESET;
	return -1;
}

/* How many bytes the next read may take without passing the status byte:
 * 1 once the null byte is in, otherwise up to and including the status
 * byte if the peek shows it, else all the text the peek shows.  Returns 0
 * at end of file, -1 on error. */
static ssize_t next_read_size(int fd, const struct reply *r, char *buf,
			      size_t size)
{
	ssize_t n;
	const char *nul;

	if (r->seen_null)
		return 1;
	do
		n = recv(fd, buf, size, MSG_PEEK);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return n;
	nul = memchr(buf, '\0', (size_t)n);
	if (nul != NULL && nul - buf + 2 <= n)
		return nul - buf + 2;
	return n;
}

int sock_recv_reply(int fd, uid_t *uidptr, reply_userfunc *userfunc,
		    const char *who)
{
	char buf[MAXLINE];
	union {
		struct cmsghdr align;
		unsigned char space[CREDS_ROOM +
				    CMSG_SPACE(RECV_FD_ROOM * sizeof(int))];
	} control;
	struct arrivals in = { .fd = -1 };
	struct reply r;
	ssize_t want = 2;               /* a whole normal reply */

	if (uidptr != NULL && creds_enable(fd) < 0)
		return -1;
	reply_init(&r);
	while (!r.done) {
		struct iovec iov = { .iov_base = buf, .iov_len = (size_t)want };
		struct msghdr msg = { 0 };
		ssize_t n;

		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control.space;
		msg.msg_controllen = sizeof control.space;
		n = recvmsg(fd, &msg, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto failed;
		take_control(&in, &msg);
		if (n == 0)     /* end of file, whatever control came with it */
			return closed_early(&in, &r, who);
		reply_feed(&r, buf, (size_t)n, userfunc);
		if (r.done)
			break;
		want = next_read_size(fd, &r, buf, sizeof buf);
		if (want == 0)
			return closed_early(&in, &r, who);
		if (want < 0)
			goto failed;
	}
	return finish(&in, &r, uidptr, who);

failed:
	{
		int saved = errno;

		if (in.fd >= 0)
			close(in.fd);
		errno = saved;
		return -1;
	}
}
