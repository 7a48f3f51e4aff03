/*
 * book_style.c - a sample for make grade (test data, not an exercise):
 * send_err, send_fd and recv_fd for sockets with the weaknesses of the
 * book's versions (3e Figures 17.12 to 17.14), in our own code.  It
 * keeps the book's contract and fails the hardening the card names:
 *
 *   - the control buffer is malloc'ed once, sized CMSG_LEN(sizeof(int)),
 *     and MSG_CTRUNC is never looked at: extra descriptors are dropped
 *     by the kernel or taken as the one;
 *   - a read whose null byte is not next to last (a reply in pieces, two
 *     replies in one read, a peer gone after the null byte), or a status
 *     0 without a descriptor, ends the process in err_dump (abort): a
 *     byte stream is treated as messages;
 *   - a descriptor that comes with an error status, or with the text, is
 *     never closed;
 *   - EINTR from recvmsg is a failure (err_ret, -1).
 *
 * grade-sockets-fails: malformed status0-no-fd fd-with-error fd-then-next
 *   fd-on-text-error two-fds fds-in-two-writes ctrunc-many ctrunc-one
 *   dies-mid-reply eintr dribble queued no-leak survives
 */
#include "apue.h"
#include <sys/socket.h>

#define ONE_FD_CONTROL CMSG_LEN(sizeof(int))

static struct cmsghdr *send_control;    /* malloc'ed on first use */
static struct cmsghdr *recv_control;

int send_fd(int fd, int fd_to_send)
{
	char proto[2];
	struct iovec iov = { .iov_base = proto, .iov_len = 2 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	proto[0] = 0;
	if (fd_to_send >= 0) {
		if (send_control == NULL &&
		    (send_control = malloc(ONE_FD_CONTROL)) == NULL)
			return -1;
		send_control->cmsg_level = SOL_SOCKET;
		send_control->cmsg_type = SCM_RIGHTS;
		send_control->cmsg_len = ONE_FD_CONTROL;
		*(int *)CMSG_DATA(send_control) = fd_to_send;
		msg.msg_control = send_control;
		msg.msg_controllen = ONE_FD_CONTROL;
		proto[1] = 0;
	} else {
		proto[1] = (char)-fd_to_send;
		if (proto[1] == 0)
			proto[1] = 1;   /* -256 would read as success */
	}
	return sendmsg(fd, &msg, 0) == 2 ? 0 : -1;
}

int send_err(int fd, int errcode, const char *msg)
{
	size_t len = strlen(msg);

	if (len > 0 && writen(fd, msg, len) != (ssize_t)len)
		return -1;
	return send_fd(fd, errcode < 0 ? errcode : -1);
}

int recv_fd(int fd, ssize_t (*userfunc)(int, const void *, size_t))
{
	char buf[MAXLINE];
	int status = -1, result = -1;

	for (;;) {
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n, text;

		if (recv_control == NULL &&
		    (recv_control = malloc(ONE_FD_CONTROL)) == NULL)
			return -1;
		msg.msg_control = recv_control;
		msg.msg_controllen = ONE_FD_CONTROL;
		if ((n = recvmsg(fd, &msg, 0)) < 0) {
			err_ret("recvmsg failed");
			return -1;
		}
		if (n == 0) {
			err_ret("the server closed the connection");
			return -1;
		}
		text = n;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != 0)
				continue;
			if (i != n - 2)
				err_dump("reply in the wrong format");
			status = buf[i + 1] & 0xff;
			if (status == 0) {
				if (msg.msg_controllen < ONE_FD_CONTROL)
					err_dump("status 0 without a descriptor");
				result = *(int *)CMSG_DATA(recv_control);
			} else {
				result = -status;
			}
			text = i;
			break;
		}
		if (text > 0 && userfunc(STDERR_FILENO, buf, text) != text)
			return -1;
		if (status >= 0)
			return result;
	}
}
