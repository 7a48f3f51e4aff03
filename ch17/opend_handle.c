/*
 * opend_handle.c - answer requests (book: handle_request, 3e Figures 17.22
 * and 17.30).
 *
 * Differences: requests are framed by a null byte (opend_reader.c) and
 * parsed in full first (opend_request.c); the file is opened as the
 * client's uid (opend_access.c); the errno goes back as the status, so
 * the client sees the real reason; a reply that cannot be sent ends that
 * client only.  No text of the client's is ever used as a format.
 */
#include "opend.h"

int handle_request(const char *buf, size_t len, int clifd, uid_t uid)
{
	struct open_request req;
	char errmsg[REQUEST_MAX + 128];
	int code, fd, rc;

	code = parse_request(buf, len, &req, errmsg, sizeof errmsg);
	if (code != 0)
		return send_err(clifd, -code, errmsg);
	if ((fd = open_as(uid, req.pathname, req.oflag)) < 0) {
		code = errno > 0 && errno <= 255 ? errno : EIO;
		snprintf(errmsg, sizeof errmsg, "can't open %s: %s\n",
			 req.pathname, strerror(code));
		return send_err(clifd, -code, errmsg);
	}
	rc = send_fd(clifd, fd);
	close(fd);                      /* the client has its own now */
	return rc;
}

int client_serve(struct request_reader *in, int infd, int outfd, uid_t uid)
{
	const char *req;
	size_t room, len;
	ssize_t n;
	char *space = reader_space(in, &room);

	n = read(infd, space, room);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;       /* nothing after all: wait again */
		log_ret("read error, uid %ld", (long)uid);
		return -1;
	}
	if (n == 0) {
		/* End of file: answer an unfinished request, if any. */
		if ((len = reader_pending(in, &req)) > 0)
			(void)handle_request(req, len, outfd, uid);
		return -1;
	}
	client_active(infd);
	reader_commit(in, (size_t)n);
	while (reader_next(in, &req, &len))
		if (handle_request(req, len, outfd, uid) < 0)
			return -1;
	return 0;
}
