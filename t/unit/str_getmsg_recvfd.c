/*
 * str_getmsg_recvfd.c - reading the data of a message that carries a
 * descriptor, then the descriptor: getmsg then I_RECVFD, and
 * stream_getmsg_recvfd, which does both in one step (recv_fd uses it).
 * Both give the descriptor that was sent, with the sender's effective
 * IDs; the one-step call takes the descriptor only when it hands over
 * the last data byte.  Also: what getmsg remembers of a stream is never
 * applied to another stream that later gets the same descriptor number.
 * With room for any message (STREAM_MSG_ROOM) the one-step call takes
 * the head message whole, with no look first: every kind of message,
 * a cut control part, EMSGSIZE for a longer one, hangup.
 * STREAMS emulation only.
 */
#include "tap.h"
#include "plain_pipe.h"
#include "peer.h"
#include <stropts.h>
#include <sys/socket.h>
#include <sys/stat.h>

#define NOBODY 65534

/* The file the test passes: a pipe's read end, known by its inode. */
static int payload[2];

static int same_file(int fd, int as)
{
	struct stat a, b;

	return fd >= 0 && fstat(fd, &a) == 0 && fstat(as, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static struct strbuf data_buf(char *buf, int maxlen)
{
	return (struct strbuf){ .maxlen = maxlen, .buf = buf };
}

/* Nothing is queued: a non-blocking getmsg says EAGAIN. */
static int stream_empty(int fd)
{
	char buf[16];
	struct strbuf dat = data_buf(buf, sizeof buf);
	int flags = 0, fl = fcntl(fd, F_GETFL), r;

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	errno = 0;
	r = getmsg(fd, NULL, &dat, &flags);
	fcntl(fd, F_SETFL, fl);
	return r == -1 && errno == EAGAIN;
}

/* Child: effective IDs NOBODY (real IDs stay 0), then "id" + payload. */
static void send_as_nobody(int sock, void *arg)
{
	(void)arg;
	if (setegid(NOBODY) < 0 || seteuid(NOBODY) < 0)
		_exit(3);
	if (stream_write_sendfd(sock, "id", 2, payload[0]) < 0 ||
	    stream_write_sendfd(sock, "id", 2, payload[0]) < 0)
		_exit(4);
}

static void effective_ids(void)
{
	struct strrecvfd got = { .fd = -1 };
	char buf[16];
	struct strbuf dat = data_buf(buf, sizeof buf);
	int sock, flags = 0, taken = -1;
	pid_t pid;

	if (geteuid() != 0) {
		skip(4, "the effective-ID checks need root (to seteuid)");
		return;
	}
	pid = start_peer(&sock, send_as_nobody, NULL);
	ok(getmsg(sock, NULL, &dat, &flags) == 0 &&
	   ioctl(sock, I_RECVFD, &got) == 0 && same_file(got.fd, payload[0]),
	   "effective IDs differ from real: getmsg, I_RECVFD give the file");
	ok(got.uid == NOBODY && got.gid == NOBODY,
	   "and the sender's effective uid and gid");
	close(got.fd);
	got.fd = -1;
	ok(stream_getmsg_recvfd(sock, NULL, &dat, &flags, &got, &taken) == 0 &&
	   taken == 0 && same_file(got.fd, payload[0]),
	   "stream_getmsg_recvfd gives the file in one step");
	ok(got.uid == NOBODY && got.gid == NOBODY,
	   "and the sender's effective uid and gid");
	close(got.fd);
	close(sock);
	finish_peer(pid);
}

/* fd's stream is replaced, under the same number, by a new one holding
 * what put() queues; getmsg had read part of a message on the old one. */
static void reuse_number(int fd, int *writer, int (*put)(int))
{
	int q[2];

	if (stream_pipe(q) < 0 || put(q[1]) < 0 || dup2(q[0], fd) < 0)
		err_sys("new stream");
	close(q[0]);
	*writer = q[1];
}

static int put_passfp_with_data(int w)
{
	return stream_write_sendfd(w, "xy", 2, payload[0]);
}

static int put_plain_data(int w)
{
	return write(w, "hello", 5) == 5 ? 0 : -1;
}

static int put_bare_passfp(int w)
{
	return ioctl(w, I_SENDFD, payload[0]);
}

/* getmsg reads all of a message's data, leaving its descriptor; the
 * stream is closed and a new one takes its number: nothing of the old
 * message's state may apply to the new stream's messages. */
static void slot_reuse(void)
{
	struct strrecvfd got = { .fd = -1 };
	char buf[16];
	struct strbuf dat = data_buf(buf, sizeof buf);
	int p[2], w, flags = 0, taken = -1;

	/* The new head is a message with data before its descriptor. */
	if (stream_pipe(p) < 0 || stream_write_sendfd(p[1], "ab", 2,
						      payload[0]) < 0)
		err_sys("stream_pipe");
	ok(getmsg(p[0], NULL, &dat, &flags) == 0 && dat.len == 2,
	   "reuse: getmsg takes the data, the descriptor stays");
	close(p[1]);
	reuse_number(p[0], &w, put_passfp_with_data);
	errno = 0;
	ok(ioctl(p[0], I_RECVFD, &got) == -1 && errno == EBADMSG,
	   "new stream, data at its head: I_RECVFD says EBADMSG");
	dat = data_buf(buf, sizeof buf);
	ok(getmsg(p[0], NULL, &dat, &flags) == 0 && dat.len == 2 &&
	   memcmp(buf, "xy", 2) == 0, "and its data is all there");
	ok(ioctl(p[0], I_RECVFD, &got) == 0 && same_file(got.fd, payload[0]),
	   "then its descriptor");
	close(got.fd);
	ok(stream_empty(p[0]), "nothing else queued");
	close(p[0]);
	close(w);

	/* The new head is plain data. */
	if (stream_pipe(p) < 0 || stream_write_sendfd(p[1], "ab", 2,
						      payload[0]) < 0)
		err_sys("stream_pipe");
	dat = data_buf(buf, sizeof buf);
	getmsg(p[0], NULL, &dat, &flags);
	close(p[1]);
	reuse_number(p[0], &w, put_plain_data);
	errno = 0;
	ok(ioctl(p[0], I_RECVFD, &got) == -1 && errno == EBADMSG,
	   "new stream, plain data at its head: EBADMSG");
	dat = data_buf(buf, sizeof buf);
	taken = -1;
	ok(stream_getmsg_recvfd(p[0], NULL, &dat, &flags, &got, &taken) ==
	   0 && dat.len == 5 && memcmp(buf, "hello", 5) == 0 && taken == -1,
	   "and the data is read whole, no descriptor taken");
	close(p[0]);
	close(w);

	/* The new head is a descriptor with no data before it. */
	if (stream_pipe(p) < 0 || stream_write_sendfd(p[1], "ab", 2,
						      payload[0]) < 0)
		err_sys("stream_pipe");
	dat = data_buf(buf, sizeof buf);
	getmsg(p[0], NULL, &dat, &flags);
	close(p[1]);
	reuse_number(p[0], &w, put_bare_passfp);
	ok(ioctl(p[0], I_RECVFD, &got) == 0 && same_file(got.fd, payload[0]),
	   "new stream, a bare descriptor at its head: I_RECVFD takes it");
	close(got.fd);
	ok(stream_empty(p[0]), "nothing else queued");
	close(p[0]);
	close(w);

	/* Half the old data read; the one-step call on the new stream. */
	if (stream_pipe(p) < 0 || stream_write_sendfd(p[1], "ab", 2,
						      payload[0]) < 0)
		err_sys("stream_pipe");
	dat = data_buf(buf, 1);
	ok(getmsg(p[0], NULL, &dat, &flags) == MOREDATA,
	   "reuse: getmsg reads one of two data bytes");
	close(p[1]);
	reuse_number(p[0], &w, put_passfp_with_data);
	dat = data_buf(buf, sizeof buf);
	taken = -1;
	got.fd = -1;
	ok(stream_getmsg_recvfd(p[0], NULL, &dat, &flags, &got, &taken) ==
	   0 && dat.len == 2 && memcmp(buf, "xy", 2) == 0,
	   "the new stream's data comes whole, from its first byte");
	ok(taken == 0 && same_file(got.fd, payload[0]),
	   "with its descriptor");
	close(got.fd);
	ok(stream_empty(p[0]), "nothing else queued");
	close(p[0]);
	close(w);
}

/* With room for any message (STREAM_MSG_ROOM), stream_getmsg_recvfd
 * takes the head message whole in one call, with no look first. */
static void whole_messages(void)
{
	static char big[STREAM_MSG_ROOM], huge[70000];
	char cbuf[4];
	struct strbuf ctl = { .maxlen = sizeof cbuf, .buf = cbuf };
	struct strbuf dat = data_buf(big, sizeof big);
	struct strbuf pc = { .len = 12, .buf = "CONTROL PART" };
	struct strbuf pd = { .len = 4, .buf = "data" };
	struct strrecvfd got = { .fd = -1 };
	int p[2], flags = 0, taken, before = open_fd_count();

	if (stream_pipe(p) < 0)
		err_sys("stream_pipe");
	stream_write_sendfd(p[1], "ab", 2, payload[0]);
	if (write(p[1], "hi", 2) != 2)
		err_sys("write");
	ok(stream_getmsg_recvfd(p[0], &ctl, &dat, &flags, &got, &taken) == 0 &&
	   dat.len == 2 && memcmp(big, "ab", 2) == 0 && taken == 0 &&
	   same_file(got.fd, payload[0]) && got.uid == geteuid() &&
	   got.gid == getegid(),
	   "whole: the data, the descriptor, our uid and gid, in one call");
	close(got.fd);
	ok(stream_getmsg_recvfd(p[0], &ctl, &dat, &flags, &got, &taken) == 0 &&
	   dat.len == 2 && memcmp(big, "hi", 2) == 0 && taken == -1 &&
	   stream_empty(p[0]), "whole: then the next message, and no more");

	ioctl(p[1], I_SENDFD, payload[0]);
	got.fd = -1;
	ok(stream_getmsg_recvfd(p[0], &ctl, &dat, &flags, &got, &taken) == 0 &&
	   dat.len == 0 && taken == 0 && same_file(got.fd, payload[0]),
	   "whole: a bare descriptor comes with its message (no data)");
	close(got.fd);

	putmsg(p[1], &pc, &pd, 0);
	ok(stream_getmsg_recvfd(p[0], &ctl, &dat, &flags, &got, &taken) == 0 &&
	   ctl.len == 4 && memcmp(cbuf, "CONT", 4) == 0 && dat.len == 4 &&
	   memcmp(big, "data", 4) == 0 && taken == -1,
	   "whole: a control part longer than its room is cut");

	putmsg(p[1], NULL, &(struct strbuf){ .len = 0, .buf = "" }, 0);
	ok(stream_getmsg_recvfd(p[0], &ctl, &dat, &flags, &got, &taken) == 0 &&
	   ctl.len == -1 && dat.len == 0 && taken == -1,
	   "whole: a zero-length message");

	/* A record longer than any message: no writer of ours makes one
	 * (write splits, putmsg refuses), a sender crafting its own can. */
	memset(huge, 'h', sizeof huge);
	if (send(p[1], huge, sizeof huge, 0) != (ssize_t)sizeof huge)
		err_sys("write");
	if (write(p[1], "next", 4) != 4)
		err_sys("write");
	errno = 0;
	ok(stream_getmsg_recvfd(p[0], &ctl, &dat, &flags, &got, &taken) == -1 &&
	   errno == EMSGSIZE, "whole: a 70000-byte record fails with EMSGSIZE");
	ok(stream_getmsg_recvfd(p[0], &ctl, &dat, &flags, &got, &taken) == 0 &&
	   dat.len == 4 && memcmp(big, "next", 4) == 0,
	   "and is gone: the next message comes");

	stream_write_sendfd(p[1], "ab", 2, payload[0]);
	dat = data_buf(big, 1);
	stream_getmsg_recvfd(p[0], &ctl, &dat, &flags, &got, &taken);
	dat = data_buf(big, sizeof big);
	got.fd = -1;
	ok(stream_getmsg_recvfd(p[0], &ctl, &dat, &flags, &got, &taken) == 0 &&
	   dat.len == 1 && big[0] == 'b' && taken == 0 &&
	   same_file(got.fd, payload[0]),
	   "a message read in part is finished by the looking path, exactly");
	close(got.fd);

	/* recv_fd: a reply message over the room is a malformed reply, and
	 * the reply after it still comes right. */
	if (send(p[1], huge, sizeof huge, 0) != (ssize_t)sizeof huge ||
	    send_fd(p[1], -5) < 0 || send_fd(p[1], payload[0]) < 0)
		err_sys("send, send_fd");
	errno = 0;
	capture_stderr();
	taken = recv_fd(p[0], NULL);
	ok(taken == -1 && errno == EBADMSG,
	   "recv_fd: a 70000-byte record is a malformed reply (EBADMSG)");
	is_str(captured_stderr(),
	       "recv_fd: malformed reply: a record longer than any message\n",
	       "and says so");
	got.fd = recv_fd(p[0], NULL);
	ok(same_file(got.fd, payload[0]), "and the reply after it, read to its status byte, is still the next");
	close(got.fd);

	close(p[1]);
	ok(stream_getmsg_recvfd(p[0], &ctl, &dat, &flags, &got, &taken) == 0 &&
	   ctl.len == 0 && dat.len == 0, "whole: hangup, both lengths 0");
	close(p[0]);
	is_int(open_fd_count(), before, "whole: no descriptor left behind");
}

int main(void)
{
	struct strrecvfd got = { .fd = -1 };
	char buf[16];
	struct strbuf dat;
	int p[2], before, flags = 0, taken;

	plan(44);
	before = open_fd_count();
	if (plain_pipe(payload) < 0)
		err_sys("pipe");

	/* getmsg, then I_RECVFD. */
	if (stream_pipe(p) < 0)
		err_sys("stream_pipe");
	if (stream_write_sendfd(p[1], "ab", 2, payload[0]) < 0)
		err_sys("stream_write_sendfd");
	dat = data_buf(buf, sizeof buf);
	ok(getmsg(p[0], NULL, &dat, &flags) == 0 && dat.len == 2 &&
	   memcmp(buf, "ab", 2) == 0, "getmsg: the data before the descriptor");
	ok(ioctl(p[0], I_RECVFD, &got) == 0 && same_file(got.fd, payload[0]),
	   "I_RECVFD: the descriptor that was sent");
	ok(got.uid == geteuid() && got.gid == getegid(),
	   "with our uid and gid");
	close(got.fd);
	ok(stream_empty(p[0]), "nothing else queued");

	/* Both in one step. */
	stream_write_sendfd(p[1], "ab", 2, payload[0]);
	dat = data_buf(buf, sizeof buf);
	got.fd = -1;
	ok(stream_getmsg_recvfd(p[0], NULL, &dat, &flags, &got, &taken) == 0 &&
	   dat.len == 2 && memcmp(buf, "ab", 2) == 0,
	   "stream_getmsg_recvfd: the data");
	ok(taken == 0 && same_file(got.fd, payload[0]) &&
	   got.uid == geteuid() && got.gid == getegid(),
	   "and the descriptor, with our uid and gid");
	close(got.fd);
	ok(stream_empty(p[0]), "nothing else queued");

	/* Data in pieces: the descriptor comes with the last one. */
	stream_write_sendfd(p[1], "ab", 2, payload[0]);
	dat = data_buf(buf, 1);
	ok(stream_getmsg_recvfd(p[0], NULL, &dat, &flags, &got, &taken) ==
	   MOREDATA && dat.len == 1 && buf[0] == 'a' && taken == -1,
	   "one byte at a time: MOREDATA, no descriptor yet");
	got.fd = -1;
	ok(stream_getmsg_recvfd(p[0], NULL, &dat, &flags, &got, &taken) == 0 &&
	   dat.len == 1 && buf[0] == 'b' && taken == 0 &&
	   same_file(got.fd, payload[0]), "the last byte brings the descriptor");
	close(got.fd);

	/* Plain data: no descriptor, and the next message stays queued. */
	if (write(p[1], "hi", 2) != 2)
		err_sys("write");
	stream_write_sendfd(p[1], "ab", 2, payload[0]);
	dat = data_buf(buf, sizeof buf);
	ok(stream_getmsg_recvfd(p[0], NULL, &dat, &flags, &got, &taken) == 0 &&
	   dat.len == 2 && memcmp(buf, "hi", 2) == 0 && taken == -1,
	   "plain data: read whole, no descriptor taken");
	got.fd = -1;
	ok(stream_getmsg_recvfd(p[0], NULL, &dat, &flags, &got, &taken) == 0 &&
	   taken == 0 && same_file(got.fd, payload[0]),
	   "the next message's descriptor is still there");
	close(got.fd);

	/* A descriptor with no data before it: getmsg's EBADMSG, kept. */
	ioctl(p[1], I_SENDFD, payload[0]);
	dat = data_buf(buf, sizeof buf);
	errno = 0;
	ok(stream_getmsg_recvfd(p[0], NULL, &dat, &flags, &got, &taken) == -1 &&
	   errno == EBADMSG && taken == -1,
	   "a bare descriptor at the head: EBADMSG, as getmsg");
	ok(ioctl(p[0], I_RECVFD, &got) == 0 && same_file(got.fd, payload[0]),
	   "and it stays queued for I_RECVFD");
	close(got.fd);
	close(p[0]);
	close(p[1]);

	effective_ids();
	slot_reuse();
	whole_messages();

	close(payload[0]);
	close(payload[1]);
	is_int(open_fd_count(), before, "no descriptor left open");
	return done_testing();
}
