/*
 * book_style_streams.c - a sample for make grade-streams (test data, not
 * an exercise): send_err, send_fd and recv_fd for STREAMS pipes with the
 * weaknesses of the book's versions (2e section 17.4.1, send_fd and
 * recv_fd over STREAMS), in our own code.  It keeps the book's contract
 * and fails the hardening the card names:
 *
 *   - a failed getmsg (EINTR included) ends the process in err_sys;
 *   - a message whose null byte is not next to last (a reply one byte
 *     per message, a peer gone after the null byte) ends it in err_dump
 *     (abort);
 *   - a descriptor queued behind an error status, or before the status
 *     byte, is never received: the next getmsg finds it and fails.
 *
 * grade-streams-fails: malformed fd-then-next fd-on-text-error
 *   dies-mid-reply eintr dribble survives
 */
#include "apue.h"
#include <stropts.h>

int send_fd(int fd, int fd_to_send)
{
	char proto[2];

	proto[0] = 0;
	proto[1] = fd_to_send >= 0 ? 0 : (char)-fd_to_send;
	if (fd_to_send < 0 && proto[1] == 0)
		proto[1] = 1;           /* -256 would read as success */
	if (write(fd, proto, 2) != 2)
		return -1;
	if (fd_to_send >= 0 && ioctl(fd, I_SENDFD, fd_to_send) < 0)
		return -1;
	return 0;
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
		struct strbuf data = { .maxlen = MAXLINE, .buf = buf };
		struct strrecvfd received;
		int flags = 0, text;

		if (getmsg(fd, NULL, &data, &flags) < 0)
			err_sys("getmsg failed");
		if (data.len == 0) {
			err_ret("the server closed the connection");
			return -1;
		}
		text = data.len;
		for (int i = 0; i < data.len; i++) {
			if (buf[i] != 0)
				continue;
			if (i != data.len - 2)
				err_dump("reply in the wrong format");
			status = buf[i + 1] & 0xff;
			if (status == 0) {
				if (ioctl(fd, I_RECVFD, &received) < 0)
					return -1;
				result = received.fd;
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
