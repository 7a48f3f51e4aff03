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

/* The sender's half of a cookie: a counter, never 0. */
static uint64_t cookie_count(void)
{
	static atomic_uint_fast32_t counter;
	uint32_t n;

	while ((n = (uint32_t)(atomic_fetch_add(&counter, 1) + 1)) == 0)
		;
	return n;
}

uint64_t wire_cookie(void)
{
	return (uint64_t)(uint32_t)getpid() << 32 | cookie_count();
}

/* The receiver's half: the sender's pid, as the kernel vouches for it in
 * the credentials, replaces the upper 32 bits. */
static uint64_t cookie_named(uint64_t sent, const struct ucred *from)
{
	if (from == NULL)
		return sent;
	return (uint64_t)(uint32_t)from->pid << 32 | (sent & 0xffffffffu);
}

/* The credentials in msg, or NULL. */
static const struct ucred *creds_in(struct msghdr *msg, struct ucred *u)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL;
	     c = CMSG_NXTHDR(msg, c))
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len >= CMSG_LEN(sizeof *u)) {
			memcpy(u, CMSG_DATA(c), sizeof *u);
			return u;
		}
	return NULL;
}

/* A socket error, as a STREAMS call reports it. */
static int stream_errno(int error)
{
	if (error == ENOTSOCK)
		return ENOSTR;
	return error;
}

static ssize_t peek_into(int fd, char *buf, size_t room, int flags,
			 int *ctrunc, size_t *controllen,
			 struct ucred *from, int *have_from)
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
	*have_from = n >= 0 && creds_in(&msg, from) != NULL;
	return n;
}

static int parse_ours(struct head_msg *h, const struct ucred *from)
{
	const struct wire_head *w = &h->wire;
	size_t body = h->rec_len - sizeof *w;

	if (h->rec_len < sizeof *w)
		return -1;
	memcpy(&h->wire, h->rec, sizeof h->wire);
	if (w->magic != WIRE_MAGIC)
		return -1;
	h->wire.cookie = cookie_named(h->wire.cookie, from);
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
	int ctrunc, have_from;
	size_t controllen;
	struct ucred from;
	ssize_t n;

	memset(h, 0, offsetof(struct head_msg, local));
	h->ctl_len = h->data_len = -1;
	h->rec = h->local;
	n = peek_into(fd, h->local, sizeof h->local, flags, &ctrunc,
		      &controllen, &from, &have_from);
	if (n > (ssize_t)sizeof h->local) {     /* MSG_TRUNC: the real size */
		h->heap = malloc((size_t)n);
		if (h->heap == NULL)
			return -1;
		h->rec = h->heap;
		n = peek_into(fd, h->heap, (size_t)n, flags, &ctrunc,
			      &controllen, &from, &have_from);
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
	if (ctrunc && parse_ours(h, have_from ? &from : NULL) == 0)
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

/* Keep one descriptor of msg in *keep_fd (if not NULL), close the rest;
 * return its credentials (in *u), or NULL. */
static const struct ucred *take_control(struct msghdr *msg, int *keep_fd,
					struct ucred *u)
{
	const struct ucred *from = NULL;

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
		} else if (c->cmsg_type == SCM_CREDENTIALS &&
			   c->cmsg_len >= CMSG_LEN(sizeof *u)) {
			memcpy(u, CMSG_DATA(c), sizeof *u);
			from = u;
		}
	}
	return from;
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
	struct ucred u;
	const struct ucred *from;
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
	from = take_control(&msg, keep_fd, &u);
	if (creds != NULL && from != NULL) {
		creds->have = 1;
		creds->uid = from->uid;
		creds->gid = from->gid;
	}
	if (wire != NULL) {
		memset(wire, 0, sizeof *wire);
		if ((size_t)n >= sizeof head) {
			*wire = head;
			wire->cookie = cookie_named(head.cookie, from);
		}
	}
	if (keep_fd != NULL && *keep_fd >= 0 && (size_t)n >= sizeof head &&
	    head.magic == WIRE_MAGIC && head.kind == WIRE_PASSFP &&
	    (head.flags & WIRE_OPENER))
		connld_accepted(*keep_fd);
	return 0;
}

/* Our effective IDs go with every record.  When they are our real IDs
 * the kernel attaches them itself (SO_PASSCRED is on at both ends of a
 * stream), which costs less than stating them: no getpid, and no pid
 * lookup in the kernel.  Otherwise they are stated (SCM_CREDENTIALS). */
int head_take(int fd, char *buf, size_t room, struct head_msg *h,
	      int *keep_fd, struct wire_creds *creds)
{
	union {
		struct cmsghdr align;
		unsigned char space[CREDS_SPACE +
				    CMSG_SPACE(RIGHTS_ROOM * sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = room };
	struct msghdr msg = { 0 };
	struct ucred u;
	const struct ucred *from;
	int had_fds;
	ssize_t n;

	*keep_fd = -1;
	memset(h, 0, offsetof(struct head_msg, local));
	h->ctl_len = h->data_len = -1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	n = recvmsg(fd, &msg, MSG_TRUNC);       /* n: the record's whole size */
	if (n < 0) {
		errno = stream_errno(errno);
		return -1;
	}
	from = take_control(&msg, keep_fd, &u);
	had_fds = *keep_fd >= 0 || (msg.msg_flags & MSG_CTRUNC);
	if (from != NULL) {
		creds->have = 1;
		creds->uid = from->uid;
		creds->gid = from->gid;
	}
	h->rec = buf;
	h->rec_len = (size_t)n < room ? (size_t)n : room;
	if (n == 0 && msg.msg_controllen == 0) {
		h->kind = HEAD_HANGUP;
		return 0;
	}
	if ((size_t)n > room || !had_fds || parse_ours(h, from) < 0 ||
	    h->kind != HEAD_PASSFP) {
		if (*keep_fd >= 0)      /* a marker, or a foreign sender's */
			close(*keep_fd);
		*keep_fd = -1;
	}
	if ((size_t)n > room) {
		errno = EMSGSIZE;       /* taken, and too long: lost */
		return -1;
	}
	if (h->kind != HEAD_PASSFP && h->kind != HEAD_PROTO) {
		h->kind = HEAD_DATA;
		h->data = h->rec;
		h->data_len = (long)h->rec_len;
	}
	if (*keep_fd >= 0 && (h->wire.flags & WIRE_OPENER))
		connld_accepted(*keep_fd);
	return 0;
}

int wire_send(int fd, const struct wire_head *wh, const void *a, size_t alen,
	      const void *b, size_t blen, int send_fd, int nonblock)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(int)) + CREDS_SPACE];
	} control;
	struct wire_head head = *wh;
	struct iovec iov[3] = {
		{ .iov_base = &head, .iov_len = sizeof head },
		{ .iov_base = (void *)a, .iov_len = alen },
		{ .iov_base = (void *)b, .iov_len = blen },
	};
	struct msghdr msg = { 0 };
	struct cmsghdr *c;
	struct ucred me;
	uid_t ruid, suid;
	gid_t rgid, sgid;
	ssize_t n;

	if (getresuid(&ruid, &me.uid, &suid) < 0 ||
	    getresgid(&rgid, &me.gid, &sgid) < 0)
		return -1;
	if (head.cookie == 0)
		head.cookie = cookie_count();   /* the receiver adds our pid */
	memset(&control, 0, sizeof control);
	msg.msg_iov = iov;
	msg.msg_iovlen = 3;
	msg.msg_control = control.space;
	msg.msg_controllen = CMSG_SPACE(sizeof(int));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &send_fd, sizeof send_fd);
	if (me.uid != ruid || me.gid != rgid) {
		me.pid = getpid();
		msg.msg_controllen = sizeof control.space;
		c = CMSG_NXTHDR(&msg, c);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_CREDENTIALS;
		c->cmsg_len = CMSG_LEN(sizeof me);
		memcpy(CMSG_DATA(c), &me, sizeof me);
	}
	do
		n = sendmsg(fd, &msg, MSG_NOSIGNAL | (nonblock ? MSG_DONTWAIT : 0));
	while (n < 0 && errno == EINTR && !nonblock);
	if (n < 0) {
		errno = stream_errno(errno);
		return -1;
	}
	return 0;
}
