/*
 * putmsg.c - putmsg(2) and putpmsg(2), emulated, and the extras
 * stream_write_sendfd and stream_write_sendfd_nowait.
 *
 * A message with only a data part is a plain record, exactly what
 * write(2) makes, so getmsg cannot tell them apart (nor can it on a real
 * stream).  A message with a control part is a record of ours (emu.h).
 * Only band 0; RS_HIPRI is refused (apue/streams_emu/README.md says why).
 */
#include "emu.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* Hangup, as STREAMS reports it on a write-side call. */
static int hangup_errno(int error)
{
	return error == EPIPE || error == ECONNRESET ? ENXIO : error;
}

static int send_data_only(int fd, const struct strbuf *dataptr)
{
	ssize_t n;

	do
		n = send(fd, dataptr->buf, (size_t)dataptr->len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int error = errno;

		errno = error == ENOTSOCK ? ENOSTR :
			error == EMSGSIZE ? ERANGE : hangup_errno(error);
		return -1;
	}
	return 0;
}

static int put_message(int fd, const struct strbuf *ctlptr,
		       const struct strbuf *dataptr, int flags)
{
	int have_ctl = ctlptr != NULL && ctlptr->len >= 0;
	int have_data = dataptr != NULL && dataptr->len >= 0;
	struct wire_head wh = { .magic = WIRE_MAGIC, .kind = WIRE_PROTO };
	int fl;

	if (flags != 0) {
		errno = EINVAL;         /* RS_HIPRI: not emulated */
		return -1;
	}
	if (!have_ctl && !have_data)
		return 0;               /* no parts: no message */
	if ((have_ctl && ctlptr->len > STREAM_CTLSZ) ||
	    (have_data && dataptr->len > STREAM_MSGSZ)) {
		errno = ERANGE;         /* strctlsz, strmsgsz */
		return -1;
	}
	if (!have_ctl)
		return send_data_only(fd, dataptr);
	wh.ctl_len = ctlptr->len;
	wh.data_len = have_data ? dataptr->len : -1;
	/* The marker descriptor: this stream itself (closed by the reader). */
	fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return -1;
	if (wire_send(fd, &wh, ctlptr->buf, (size_t)ctlptr->len,
		      have_data ? dataptr->buf : NULL,
		      have_data ? (size_t)dataptr->len : 0, fd,
		      (fl & O_NONBLOCK) != 0) < 0) {
		errno = errno == EMSGSIZE ? ERANGE : hangup_errno(errno);
		return -1;
	}
	return 0;
}

int putmsg(int fd, const struct strbuf *ctlptr, const struct strbuf *dataptr,
	   int flags)
{
	int r = put_message(fd, ctlptr, dataptr, flags);

	if (r < 0 && errno == ENOSTR)
		stream_not_linked_notice(fd);
	return r;
}

int putpmsg(int fd, const struct strbuf *ctlptr, const struct strbuf *dataptr,
	    int band, int flags)
{
	if (flags != MSG_BAND || band != 0) {
		errno = EINVAL;         /* band 0 only, no MSG_HIPRI */
		return -1;
	}
	return putmsg(fd, ctlptr, dataptr, 0);
}

/* One M_PASSFP record whose first n bytes are an M_DATA message. */
static int write_sendfd(int fd, const void *buf, size_t n, int fd_to_send,
			int nonblock)
{
	struct wire_head wh = { .magic = WIRE_MAGIC, .kind = WIRE_PASSFP };

	if (n > STREAM_MSGSZ) {
		errno = ERANGE;         /* one message: strmsgsz at most */
		return -1;
	}
	wh.data_len = (int32_t)n;
	return wire_send(fd, &wh, buf, n, NULL, 0, fd_to_send, nonblock);
}

int stream_write_sendfd(int fd, const void *buf, size_t n, int fd_to_send)
{
	return write_sendfd(fd, buf, n, fd_to_send, 0);
}

int stream_write_sendfd_nowait(int fd, const void *buf, size_t n,
			       int fd_to_send)
{
	return write_sendfd(fd, buf, n, fd_to_send, 1);
}
