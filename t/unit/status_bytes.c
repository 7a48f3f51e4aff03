/*
 * status_bytes.c - every status byte 1..255 survives the trip, error text
 * of any length arrives intact, and a status the byte cannot carry is
 * refused before anything is sent.  Runs over both transports.
 *
 * The peer waits for a one-byte acknowledgement after each reply: the
 * protocol is one reply per request, as in the open servers.
 */
#include "tap.h"
#include "peer.h"
#include <poll.h>

static const size_t text_lengths[] = {
	0, 1, 2, MAXLINE - 1, MAXLINE, MAXLINE + 1, 3 * MAXLINE + 7
};
#define NLENGTHS (sizeof text_lengths / sizeof text_lengths[0])

static void wait_ack(int sock)
{
	char ack;

	if (readn(sock, &ack, 1) != 1)
		_exit(3);
}

/* The byte at position i of a test text: never 0, easy to check. */
static char text_byte(size_t i)
{
	return (char)('A' + i % 26);
}

static void send_statuses(int sock, void *arg)
{
	(void)arg;
	for (int status = 1; status <= 255; status++) {
		if (send_fd(sock, -status) < 0)
			_exit(4);
		wait_ack(sock);
	}
}

static void send_texts(int sock, void *arg)
{
	static char text[3 * MAXLINE + 8];

	(void)arg;
	for (size_t k = 0; k < NLENGTHS; k++) {
		size_t n = text_lengths[k];

		for (size_t i = 0; i < n; i++)
			text[i] = text_byte(i);
		text[n] = '\0';
		if (send_err(sock, -(int)(k + 1), text) < 0)
			_exit(4);
		wait_ack(sock);
	}
	/* An errcode that is not negative goes out as status 1. */
	if (send_err(sock, 0, "zero becomes one\n") < 0)
		_exit(4);
	wait_ack(sock);
}

static int nothing_pending(int sock)
{
	struct pollfd p = { .fd = sock, .events = POLLIN };

	return poll(&p, 1, 0) == 0;
}

static void leave_at_once(int sock, void *arg)
{
	(void)sock;
	(void)arg;
}

/* Sending to a peer that has gone: -1, and we are still here to say so
 * (no SIGPIPE).  Sockets say EPIPE; a hung-up STREAMS pipe says ENXIO. */
static void send_to_vanished_peer(void)
{
	int sock, fd = open("/dev/null", O_RDONLY);
	char c;
	pid_t pid = start_peer(&sock, leave_at_once, NULL);

	finish_peer(pid);
	(void)!read(sock, &c, 1);               /* its end is closed */
	errno = 0;
	ok(send_err(sock, -3, "nobody reads this\n") == -1 &&
	   (errno == EPIPE || errno == ENXIO),
	   "send_err to a vanished peer: -1 with EPIPE or ENXIO, no SIGPIPE");
	errno = 0;
	ok(send_fd(sock, fd) == -1 && (errno == EPIPE || errno == ENXIO),
	   "send_fd to a vanished peer: -1 with EPIPE or ENXIO, no SIGPIPE");
	close(fd);
	close(sock);
}

int main(void)
{
	int sock, bad = 0, first_bad = 0;
	pid_t pid;

	plan(2 * (int)NLENGTHS + 10);

	pid = start_peer(&sock, send_statuses, NULL);
	for (int status = 1; status <= 255; status++) {
		int got;

		errno = -1;
		got = recv_fd(sock, NULL);
		if (got != -status || errno != 0) {
			if (bad++ == 0)
				first_bad = status;
		}
		if (writen(sock, "k", 1) != 1)
			err_sys("ack");
	}
	ok(bad == 0, "status bytes 1..255 come back as -status with errno 0");
	if (bad)
		diag("%d statuses wrong, the first %d", bad, first_bad);
	is_int(finish_peer(pid), 0, "the sending peer exited cleanly");
	close(sock);

	pid = start_peer(&sock, send_texts, NULL);
	for (size_t k = 0; k < NLENGTHS; k++) {
		size_t n = text_lengths[k];
		int got, intact;

		collect_reset();
		got = recv_fd(sock, collect_text);
		is_int(got, -(long)(k + 1), "text of %zu bytes: status %zu", n,
		       k + 1);
		intact = collected_len == n;
		for (size_t i = 0; intact && i < n; i++)
			intact = collected[i] == text_byte(i);
		ok(intact, "text of %zu bytes passed to userfunc intact", n);
		if (writen(sock, "k", 1) != 1)
			err_sys("ack");
	}
	collect_reset();
	is_int(recv_fd(sock, collect_text), -1, "send_err with errcode 0 sends status 1");
	is_str(collected, "zero becomes one\n", "and its text");
	if (writen(sock, "k", 1) != 1)
		err_sys("ack");
	is_int(finish_peer(pid), 0, "the text peer exited cleanly");

	/* Statuses the byte cannot carry: refused, and nothing is sent. */
	{
		int pair[2];

		if (fd_pipe(pair) < 0)
			err_sys("fd_pipe");
		errno = 0;
		ok(send_fd(pair[1], -256) == -1 && errno == EINVAL,
		   "send_fd(-256) fails with EINVAL");
		errno = 0;
		ok(send_err(pair[1], -1000, "never sent") == -1 && errno == EINVAL,
		   "send_err with errcode -1000 fails with EINVAL");
		ok(nothing_pending(pair[0]), "and neither wrote a byte");
		close(pair[0]);
		close(pair[1]);
	}
	close(sock);
	send_to_vanished_peer();
	return done_testing();
}
