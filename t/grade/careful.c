/*
 * careful.c - a sample for make grade (test data, not an exercise): a
 * send_fd, send_err and recv_fd for UNIX domain sockets written apart
 * from the library, that holds every line of the card.  t/0900 expects
 * a full score: the card asks for the contract, not for our code.
 *
 * recv_fd reads one byte per recvmsg, so it never reads past the status
 * byte; counts every descriptor that arrives and closes them all unless
 * exactly one came with status 0; treats MSG_CTRUNC as a bad reply;
 * retries EINTR; and takes end of file as the end.
 *
 * The mistake samples (no_status_check.c, ...) include this file with
 * one MISTAKE_ macro defined, so each differs from it in one way only.
 *
 * grade-sockets-fails: none
 */
#include "apue.h"
#include <sys/socket.h>

#define MAX_HELD 4              /* descriptors one recvmsg has room for */

#ifdef MISTAKE_READS_PAST_STATUS
#define READ_SIZE MAXLINE       /* may take the next reply's bytes too */
#else
#define READ_SIZE 1
#endif

union control_room {
	struct cmsghdr align;
	unsigned char bytes[CMSG_SPACE(MAX_HELD * sizeof(int))];
};

int send_fd(int fd, int fd_to_send)
{
	unsigned char proto[2] = { 0, 0 };
	struct iovec iov = { .iov_base = proto, .iov_len = sizeof proto };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	union control_room room;
	ssize_t sent;

	if (fd_to_send < 0) {
		if (fd_to_send < -255) {
			errno = EINVAL;
			return -1;
		}
		proto[1] = (unsigned char)-fd_to_send;
	} else {
		struct cmsghdr *cmsg;

		memset(&room, 0, sizeof room);
		msg.msg_control = room.bytes;
		msg.msg_controllen = CMSG_SPACE(sizeof(int));
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd_to_send, sizeof(int));
	}
	do
		sent = sendmsg(fd, &msg, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	return sent == (ssize_t)sizeof proto ? 0 : -1;
}

int send_err(int fd, int errcode, const char *msg)
{
	size_t n = strlen(msg);

	if (n > 0 && writen(fd, msg, n) != (ssize_t)n)
		return -1;
	return send_fd(fd, errcode < 0 ? errcode : -1);
}

/* Every descriptor that came with this reply. */
struct arrived {
	int fds[MAX_HELD];
	int count;
	int truncated;
};

static void close_arrived(struct arrived *a)
{
	for (int i = 0; i < a->count && i < MAX_HELD; i++)
		close(a->fds[i]);
	a->count = 0;
}

static void take_rights(struct cmsghdr *cmsg, struct arrived *a)
{
	size_t n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);

	for (size_t i = 0; i < n; i++) {
		int fd;

		memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof fd);
#ifdef MISTAKE_LEAKS_EXTRA_FD
		if (a->count > 0)
			continue;       /* the first is the one: the rest leak */
#endif
		if (a->count < MAX_HELD)
			a->fds[a->count++] = fd;
		else
			close(fd);
	}
}

/* Up to size bytes and whatever descriptors ride on them. */
static ssize_t read_some(int fd, char *buf, size_t size, struct arrived *a)
{
	union control_room room;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;
	ssize_t n;

	do {
		msg.msg_control = room.bytes;
		msg.msg_controllen = sizeof room.bytes;
		n = recvmsg(fd, &msg, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
#ifndef MISTAKE_IGNORES_CTRUNC
	if (msg.msg_flags & MSG_CTRUNC)
		a->truncated = 1;
#endif
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg != NULL;
	     cmsg = CMSG_NXTHDR(&msg, cmsg))
		if (cmsg->cmsg_level == SOL_SOCKET &&
		    cmsg->cmsg_type == SCM_RIGHTS)
			take_rights(cmsg, a);
	return n;
}

/* The status byte has come: hand over the descriptor, or close all. */
static int verdict(struct arrived *a, int status)
{
#ifdef MISTAKE_NO_STATUS_CHECK
	(void)status;
	if (a->count == 1 && !a->truncated)
		return a->fds[0];
#else
	if (status != 0) {
		close_arrived(a);
		return -status;
	}
	if (a->count == 1 && !a->truncated)
		return a->fds[0];
#endif
	close_arrived(a);
	errno = EBADMSG;
	return -1;
}

static int pass_text(ssize_t (*userfunc)(int, const void *, size_t),
		     const char *text, size_t n)
{
	return n == 0 || userfunc == NULL ||
	       userfunc(STDERR_FILENO, text, n) == (ssize_t)n;
}

int recv_fd(int fd, ssize_t (*userfunc)(int, const void *, size_t))
{
	char in[READ_SIZE], text[MAXLINE];
	size_t held = 0;
	int null_seen = 0;
	struct arrived a = { .count = 0 };

	for (;;) {
		ssize_t n = read_some(fd, in, sizeof in, &a);

		if (n < 0) {
			int saved = errno;

			close_arrived(&a);
			errno = saved;
			return -1;
		}
		if (n == 0) {
#ifdef MISTAKE_LOOPS_AT_EOF
			continue;       /* "nothing yet": at end of file, forever */
#endif
			close_arrived(&a);
			errno = ECONNRESET;
			return -1;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (null_seen) {        /* the status byte */
				if (!pass_text(userfunc, text, held)) {
					close_arrived(&a);
					return -1;
				}
				return verdict(&a, (unsigned char)in[i]);
			}
			if (in[i] == 0) {
				null_seen = 1;
				continue;
			}
			text[held++] = in[i];
			if (held == sizeof text) {
				if (!pass_text(userfunc, text, held)) {
					close_arrived(&a);
					return -1;
				}
				held = 0;
			}
		}
	}
}
