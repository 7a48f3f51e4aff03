/*
 * wire.c - how STREAMS messages travel as SOCK_SEQPACKET records (the
 * record shapes are described in emu.h): peek at the head message,
 * remove it, send one of ours.  Linux only.
 */
#include "emu.h"
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Room for the credentials and a few descriptors: a peer that sends more
 * than one gets the extras closed, not left to the kernel to drop. */
#define CREDS_SPACE  CMSG_SPACE(sizeof(struct ucred))
#define RIGHTS_ROOM  4

static uint64_t cookie_of(pid_t pid)
{
	static atomic_uint_fast32_t counter;

	return (uint64_t)(uint32_t)pid << 32 |
	       (uint32_t)(atomic_fetch_add(&counter, 1) + 1);
}

uint64_t wire_cookie(void)
{
	return cookie_of(getpid());
}

/* A socket error, as a STREAMS call reports it. */
static int stream_errno(int error)
{
	if (error == ENOTSOCK)
		return ENOSTR;
	return error;
}

static ssize_t peek_into(int fd, char *buf, size_t room, int flags,
			 int *ctrunc, size_t *controllen)
{
	union {
		struct cmsghdr align;
		unsigned char space[CREDS_SPACE];
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = room };
	struct msghdr msg = { 0 };
	ssize_t n;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	n = recvmsg(fd, &msg, MSG_PEEK | MSG_TRUNC | flags);
	*ctrunc = (msg.msg_flags & MSG_CTRUNC) != 0;
	*controllen = msg.msg_controllen;
	return n;
}

static int parse_ours(struct head_msg *h)
{
	const struct wire_head *w = &h->wire;
	size_t body = h->rec_len - sizeof *w;

	if (h->rec_len < sizeof *w)
		return -1;
	memcpy(&h->wire, h->rec, sizeof h->wire);
	if (w->magic != WIRE_MAGIC)
		return -1;
	if (w->kind == WIRE_PASSFP) {
		if (w->data_len < 0 || (size_t)w->data_len > body)
			return -1;
		h->kind = HEAD_PASSFP;
		h->ctl_len = -1;
		h->data = h->rec + sizeof *w;
		h->data_len = w->data_len;
		return 0;
	}
	if (w->kind == WIRE_PROTO) {
		size_t c = w->ctl_len < 0 ? 0 : (size_t)w->ctl_len;
		size_t d = w->data_len < 0 ? 0 : (size_t)w->data_len;

		if (w->ctl_len < 0 || c > body || d > body - c)
			return -1;
		h->kind = HEAD_PROTO;
		h->ctl = h->rec + sizeof *w;
		h->ctl_len = w->ctl_len;
		h->data = h->ctl + c;
		h->data_len = w->data_len;
		return 0;
	}
	return -1;
}

int head_peek(int fd, struct head_msg *h, int nonblock)
{
	int flags = nonblock ? MSG_DONTWAIT : 0;
	int ctrunc;
	size_t controllen;
	ssize_t n;

	memset(h, 0, offsetof(struct head_msg, local));
	h->ctl_len = h->data_len = -1;
	h->rec = h->local;
	n = peek_into(fd, h->local, sizeof h->local, flags, &ctrunc,
		      &controllen);
	if (n > (ssize_t)sizeof h->local) {     /* MSG_TRUNC: the real size */
		h->heap = malloc((size_t)n);
		if (h->heap == NULL)
			return -1;
		h->rec = h->heap;
		n = peek_into(fd, h->heap, (size_t)n, flags, &ctrunc,
			      &controllen);
	}
	if (n < 0) {
		int error = errno;

		head_release(h);
		errno = stream_errno(error);
		return -1;
	}
	h->rec_len = (size_t)n;
	if (n == 0 && controllen == 0 && !ctrunc) {
		h->kind = HEAD_HANGUP;          /* no record: end of file */
		return 0;
	}
	if (ctrunc && parse_ours(h) == 0)
		return 0;
	/* Plain data, or descriptors without our header (a foreign sender):
	 * the latter is read as data, and its descriptors closed. */
	h->kind = HEAD_DATA;
	h->data = h->rec;
	h->data_len = (long)h->rec_len;
	return 0;
}

void head_release(struct head_msg *h)
{
	free(h->heap);
	h->heap = NULL;
}

static void take_control(struct msghdr *msg, int *keep_fd,
			 struct wire_creds *creds)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL;
	     c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SCM_RIGHTS) {
			size_t len = c->cmsg_len - CMSG_LEN(0);

			for (size_t off = 0; off + sizeof(int) <= len;
			     off += sizeof(int)) {
				int fd;

				memcpy(&fd, CMSG_DATA(c) + off, sizeof fd);
				if (keep_fd != NULL && *keep_fd < 0)
					*keep_fd = fd;
				else
					close(fd);
			}
		} else if (c->cmsg_type == SCM_CREDENTIALS && creds != NULL &&
			   c->cmsg_len >= CMSG_LEN(sizeof(struct ucred))) {
			struct ucred u;

			memcpy(&u, CMSG_DATA(c), sizeof u);
			creds->have = 1;
			creds->uid = u.uid;
			creds->gid = u.gid;
		}
	}
}

int head_consume(int fd, int *keep_fd, struct wire_creds *creds,
		 struct wire_head *wire)
{
	union {
		struct cmsghdr align;
		unsigned char space[CREDS_SPACE +
				    CMSG_SPACE(RIGHTS_ROOM * sizeof(int))];
	} control;
	struct wire_head head;
	struct iovec iov = { .iov_base = &head, .iov_len = sizeof head };
	struct msghdr msg = { 0 };
	ssize_t n;

	if (keep_fd != NULL)
		*keep_fd = -1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	do
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		errno = stream_errno(errno);
		return -1;
	}
	take_control(&msg, keep_fd, creds);
	if (wire != NULL) {
		memset(wire, 0, sizeof *wire);
		if ((size_t)n >= sizeof head)
			*wire = head;
	}
	return 0;
}

int wire_send(int fd, const struct wire_head *wh, const void *a, size_t alen,
	      const void *b, size_t blen, int send_fd, int nonblock)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int)) + CREDS_SPACE];
	} control;
	struct ucred me = { .pid = getpid(), .uid = geteuid(), .gid = getegid() };
	struct wire_head head = *wh;
	struct iovec iov[3] = {
		{ .iov_base = &head, .iov_len = sizeof head },
		{ .iov_base = (void *)a, .iov_len = alen },
		{ .iov_base = (void *)b, .iov_len = blen },
	};
	struct msghdr msg = { 0 };
	struct cmsghdr *c;
	ssize_t n;

	if (head.cookie == 0)
		head.cookie = cookie_of(me.pid);  /* one getpid for both */
	memset(&control, 0, sizeof control);
	msg.msg_iov = iov;
	msg.msg_iovlen = 3;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &send_fd, sizeof send_fd);
	c = CMSG_NXTHDR(&msg, c);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof me);
	memcpy(CMSG_DATA(c), &me, sizeof me);
	do
		n = sendmsg(fd, &msg, MSG_NOSIGNAL | (nonblock ? MSG_DONTWAIT : 0));
	while (n < 0 && errno == EINTR && !nonblock);
	if (n < 0) {
		errno = stream_errno(errno);
		return -1;
	}
	return 0;
}
