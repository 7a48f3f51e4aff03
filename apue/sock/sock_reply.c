/*
 * sock_reply.c - recv_piece: the recvmsg of recv_fd and recv_ufd over a
 * UNIX domain stream socket (3e Figures 17.14 and 17.16), with the duties
 * the book leaves out.
 *
 * Nothing after the status byte is consumed: a stream socket keeps no
 * message boundaries, so a reply that a peer sent right behind this one
 * must stay queued for the next call.  The first read asks for 2 bytes,
 * which is the whole of a normal reply ("\0", status 0, descriptor).  When
 * text comes first, each later read is sized by peeking (MSG_PEEK without a
 * control buffer, so no descriptor is installed) for the null byte.
 *
 * No received descriptor is lost or leaked: every SCM_RIGHTS message is
 * walked, the first descriptor is held (reply_keep_fd) and every other one
 * closed at once; a descriptor in an SCM_PIDFD message is closed too.
 * MSG_CTRUNC, which means the kernel dropped descriptors that did not fit,
 * is noted, so the verdict can refuse the reply.
 */
#include "apue.h"
#include "sock.h"

/* Hold or close every descriptor of one SCM_RIGHTS message; how many. */
static size_t take_rights(struct arrived *a, const struct msghdr *msg,
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
		a->bad_rights = 1;
	for (size_t off = 0; off + sizeof(int) <= len; off += sizeof(int)) {
		int fd;

		memcpy(&fd, data + off, sizeof fd);
		reply_keep_fd(a, fd);
		count++;
	}
	return count;
}

/* Collect what one recvmsg delivered.  Credentials count only when they
 * came in the same read as the descriptor they vouch for. */
static void take_control(struct arrived *a, const struct msghdr *msg)
{
	struct cmsghdr *cmsg;
	int have_uid = 0;
	size_t fds = 0;
	uid_t uid = 0;

	if (msg->msg_flags & (MSG_CTRUNC | MSG_TRUNC))
		a->truncated = 1;
	for (cmsg = CMSG_FIRSTHDR((struct msghdr *)msg); cmsg != NULL;
	     cmsg = CMSG_NXTHDR((struct msghdr *)msg, cmsg)) {
		if (cmsg->cmsg_len < CMSG_LEN(0))
			break;
		if (cmsg->cmsg_level == SOL_SOCKET &&
		    cmsg->cmsg_type == SCM_RIGHTS)
			fds += take_rights(a, msg, cmsg);
		else if (creds_uid(cmsg, &uid))
			have_uid = 1;
		else
			creds_close_pidfd(cmsg);
	}
	if (fds > 0) {
		a->have_uid = have_uid;
		a->uid = uid;
	}
}

/* How many bytes the next read may take without passing the status byte:
 * 2 at first (a whole normal reply), 1 once the null byte is in, otherwise
 * up to and including the status byte if a peek shows it, else all the
 * text the peek shows.  0 at end of file, -1 on error. */
static ssize_t next_read_size(int fd, const struct reply *r, char *buf,
			      size_t size)
{
	ssize_t n;
	const char *nul;

	if (r->bytes == 0)
		return 2;
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

ssize_t recv_piece(int fd, char *buf, size_t size, const struct reply *r,
		   struct arrived *a)
{
	union {
		struct cmsghdr align;
		unsigned char space[CONTROL_ROOM];
	} control;
	struct iovec iov[1];
	struct msghdr msg;
	ssize_t want, nr;

	if ((want = next_read_size(fd, r, buf, size)) <= 0)
		return want;
	for (;;) {
		memset(&msg, 0, sizeof msg);
		iov[0].iov_base = buf;
		iov[0].iov_len = (size_t)want;
		msg.msg_iov = iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control.space;
		msg.msg_controllen = sizeof control.space;
		if ((nr = recvmsg(fd, &msg, 0)) >= 0 || errno != EINTR)
			break;
	}
	if (nr >= 0)
		take_control(a, &msg);  /* even at end of file */
	return nr;
}
