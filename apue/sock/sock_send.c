/*
 * sock_send.c - the book's "sendmsg(fd, &msg, 0) != 2" for send_fd and
 * send_ufd, made safe: a signal (EINTR) is retried, a send that took only
 * the first byte is finished (the control data went with it), and
 * MSG_NOSIGNAL turns a vanished peer into EPIPE instead of a fatal SIGPIPE.
 */
#include "apue.h"
#include "sock.h"

int send_two_bytes(int fd, struct msghdr *msg)
{
	const char *bytes = msg->msg_iov[0].iov_base;
	size_t len = msg->msg_iov[0].iov_len;
	ssize_t sent;

	do
		sent = sendmsg(fd, msg, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return -1;
	while ((size_t)sent < len) {
		ssize_t more = send(fd, bytes + sent, len - (size_t)sent,
				    MSG_NOSIGNAL);

		if (more < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		sent += more;
	}
	return 0;
}
