/*
 * sock_send.c - send the two protocol bytes with control data attached.
 * Shared by send_fd and send_ufd.
 */
#include "apue.h"
#include "sock.h"

int sock_send_status(int fd, unsigned char status,
		     void *control, size_t controllen)
{
	unsigned char bytes[2] = { 0, status };
	struct iovec iov = { .iov_base = bytes, .iov_len = sizeof bytes };
	struct msghdr msg = { 0 };
	ssize_t sent;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = controllen;
	do
		sent = sendmsg(fd, &msg, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return -1;
	/* The control data went with the first byte; finish the rest. */
	while ((size_t)sent < sizeof bytes) {
		ssize_t more = send(fd, bytes + sent, sizeof bytes - (size_t)sent,
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
