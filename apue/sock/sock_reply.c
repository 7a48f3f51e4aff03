/*
 * sock_reply.c - receive one reply of the 2-byte protocol over a UNIX
 * domain socket: the heart of recv_fd and recv_ufd.
 *
 * The rule "never leak a received descriptor" lives here, in
 * keep_or_close(): the first descriptor that arrives is held, every other
 * one is closed at once, and the held one is closed too unless the reply
 * turns out well-formed.  (Linux's SCM_PIDFD, the one other message that
 * carries a descriptor, is closed by close_pidfd() as it arrives.)
 * Every way out goes through finish().
 */
#include "apue.h"
#include "sock.h"

struct arrivals {
	int fd;                 /* the one descriptor we may hand over */
	size_t extra;           /* descriptors beyond the first (closed) */
	int truncated;          /* MSG_CTRUNC or MSG_TRUNC was set */
	int bad_rights;         /* an SCM_RIGHTS message of odd length */
	int have_uid;
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

/* Take every descriptor out of one SCM_RIGHTS message. */
static void take_rights(struct arrivals *in, const struct msghdr *msg,
			const struct cmsghdr *cmsg)
{
	const unsigned char *data = CMSG_DATA(cmsg);
	const unsigned char *end = (const unsigned char *)msg->msg_control +
				   msg->msg_controllen;
	size_t len = cmsg->cmsg_len - CMSG_LEN(0);

	if (len > (size_t)(end - data))         /* never trust a length */
		len = (size_t)(end - data);
	if (len % sizeof(int) != 0)
		in->bad_rights = 1;
	for (size_t off = 0; off + sizeof(int) <= len; off += sizeof(int)) {
		int fd;

		memcpy(&fd, data + off, sizeof fd);
		keep_or_close(in, fd);
	}
}

/* Linux 6.5 and later: with SO_PASSPIDFD set on the socket, every
 * recvmsg also installs a pidfd of the sender, in an SCM_PIDFD message.
 * It is never the reply's descriptor: close it.  (Older C libraries lack
 * the name; the number is the same on every Linux architecture.) */
#if defined(__linux__) && !defined(SCM_PIDFD)
#define SCM_PIDFD 0x04
#endif

#ifdef SCM_PIDFD
static void close_pidfd(const struct cmsghdr *cmsg)
{
	int fd;

	if (cmsg->cmsg_len < CMSG_LEN(sizeof fd))
		return;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
	close(fd);
}
#endif

static void take_control(struct arrivals *in, const struct msghdr *msg)
{
	struct cmsghdr *cmsg;

	if (msg->msg_flags & (MSG_CTRUNC | MSG_TRUNC))
		in->truncated = 1;
	for (cmsg = CMSG_FIRSTHDR((struct msghdr *)msg); cmsg != NULL;
	     cmsg = CMSG_NXTHDR((struct msghdr *)msg, cmsg)) {
		if (cmsg->cmsg_len < CMSG_LEN(0))
			break;
		if (cmsg->cmsg_level == SOL_SOCKET &&
		    cmsg->cmsg_type == SCM_RIGHTS)
			take_rights(in, msg, cmsg);
#ifdef SCM_PIDFD
		else if (cmsg->cmsg_level == SOL_SOCKET &&
			 cmsg->cmsg_type == SCM_PIDFD)
			close_pidfd(cmsg);
#endif
		else if (creds_uid(cmsg, &in->uid))
			in->have_uid = 1;
		/* Anything else carries no descriptor of ours: ignored. */
	}
}

/* Decide what the reply means; close whatever is not handed over. */
static int finish(struct arrivals *in, const struct reply *r,
		  uid_t *uidptr, const char *who)
{
	const char *problem = NULL;
	char detail[128];

	if (in->truncated) {
		problem = "control data or message truncated (descriptors that "
			  "did not fit were closed)";
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
			err_msg("%s: malformed reply: %s", who, problem);
			errno = EBADMSG;
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
	if (r->seen_null || r->user_errno != 0 || in->extra > 0)
		err_msg("%s: connection closed in the middle of a reply", who);
	else
		err_msg("%s: connection closed by peer", who);
	errno = ECONNRESET;
	return -1;
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

	if (uidptr != NULL && creds_enable(fd) < 0)
		return -1;
	reply_init(&r);
	while (!r.done) {
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf };
		struct msghdr msg = { 0 };
		ssize_t n;

		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control.space;
		msg.msg_controllen = sizeof control.space;
		n = recvmsg(fd, &msg, 0);
		if (n < 0) {
			int saved = errno;

			if (saved == EINTR)
				continue;
			if (in.fd >= 0)
				close(in.fd);
			errno = saved;
			return -1;
		}
		take_control(&in, &msg);
		/* 0 is end of file on a stream socket, control data or not:
		 * with SO_PASSCRED set, Linux still returns an empty
		 * credentials message with every read at end of file. */
		if (n == 0)
			return closed_early(&in, &r, who);
		reply_feed(&r, buf, (size_t)n, userfunc);
	}
	return finish(&in, &r, uidptr, who);
}
