/*
 * hostile_streams.c - the STREAMS column of the hostile-peer matrix (see
 * hostile.h): one peer per row that a STREAMS pipe can produce, built
 * from what a STREAMS program has: write(2) and putmsg(2) for data
 * messages, ioctl(I_SENDFD) for descriptors, and the library's send_fd,
 * send_err and send_ufd.  Linked with the STREAMS libraries: no book figure,
 * this tests the STREAMS recv_fd (2e §17.4.1) and recv_ufd as a
 * hostile peer would.
 *
 * Message boundaries make some socket rows meaningless here (several
 * descriptors in one SCM_RIGHTS, cmsg_len, SO_PASSCRED): those cells are
 * empty and skipped.  Rows where STREAMS differs have rows of their own
 * (H_STR_*).  Two rows forge records of our emulation (emu.h) with raw
 * sendmsg, as a hostile peer on Linux could; they exist only there.
 *
 * Linux-only pieces: TIOCOUTQ (bytes the receiver has not read yet, for
 * dribbling) and /proc/PID/stat (to see the receiver asleep), as in the
 * socket column; struct ucred in emu.h needs _GNU_SOURCE.
 */
#if defined(__linux__)
#define _GNU_SOURCE             /* emu.h: struct ucred */
#endif
#include "hostile_peers.h"
#include "plain_pipe.h"
#include "peer.h"
#include <stropts.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <grp.h>
#include <time.h>
#ifdef APUE_STREAMS_EMULATED
#include "streams_emu/emu.h"    /* the record a forging peer imitates */
#endif

/* ---- what the peers do ---- */

/* One data message by putmsg, no control part (n may be 0). */
static void must_putmsg_data(int fd, const char *data, size_t n)
{
	struct strbuf dat = { .len = (int)n, .buf = (char *)data };

	if (putmsg(fd, NULL, &dat, 0) < 0)
		_exit(PEER_BROKEN);
}

/* ioctl(I_SENDFD) of a fresh payload descriptor. */
static void must_sendfd_ioctl(int fd)
{
	int payload = payload_fd();

	if (ioctl(fd, I_SENDFD, payload) < 0)
		_exit(PEER_BROKEN);
	close(payload);
}

/* ---- the peers, one per row ---- */

static void p_good_text_and_fd(int fd, void *ctx)
{
	(void)ctx;
	must_putmsg_data(fd, "here it comes\n", 14);
	must_send_fd(fd);
}

static void p_null_then_close(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "partial", 8);       /* with its null byte */
}

/* The null byte, the descriptor, and no status byte. */
static void p_fd_and_null_then_close(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "", 1);
	must_sendfd_ioctl(fd);
}

#ifdef APUE_STREAMS_EMULATED
/* The emulated stream is a socket: a hostile peer can end its sending
 * side and stay.  No POLLHUP then, but getmsg sees hangup. */
static void p_shutdown_after_text(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "half", 4);
	if (shutdown(fd, SHUT_WR) < 0)
		_exit(PEER_BROKEN);
	wait_for_close(fd);
}
#else
#define p_shutdown_after_text NULL
#endif

static void p_dies_after_fd(int fd, void *ctx)
{
	p_fd_and_null_then_close(fd, ctx);
	die_now();
}

/* The reply, then more bytes in a message of their own. */
static void p_bytes_after_status(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "\0\0", 2);
	must_sendfd_ioctl(fd);
	must_write(fd, "junk", 4);
	shared->peer_done = 1;
}

static void p_fd_with_status(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "\0\5", 2);
	must_sendfd_ioctl(fd);
	shared->peer_done = 1;
}

#if defined(APUE_STREAMS_EMULATED) && defined(TIOCOUTQ)
/* One byte per message, each read before the next is sent. */
static void dribble(int fd, const char *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		must_write(fd, bytes + i, 1);
		wait_until_read(fd);
	}
}

static void p_dribble_fd(int fd, void *ctx)
{
	static const char reply[] = "dribbled\n\0";   /* + the null: status 0 */

	(void)ctx;
	dribble(fd, reply, sizeof reply);
	must_sendfd_ioctl(fd);
}

static void p_dribble_error(int fd, void *ctx)
{
	static const char reply[] = "no such file\n\0\2";

	(void)ctx;
	dribble(fd, reply, sizeof reply - 1);
}
#else
#define p_dribble_fd NULL
#define p_dribble_error NULL
#endif

#if defined(APUE_STREAMS_EMULATED) && defined(TIOCOUTQ)
/* The same while recv_fd waits in I_RECVFD: the status byte has been
 * read, the descriptor is not sent yet. */
static void p_str_signal_before_sendfd(int fd, void *ctx)
{
	const struct peer_ctx *peer = ctx;

	must_write(fd, "\0\0", 2);
	wait_until_read(fd);
	wait_until_asleep(peer->receiver);
	if (kill(peer->receiver, HOSTILE_SIGNAL) < 0)
		_exit(PEER_BROKEN);
	while (shared->signals_taken == 0)
		short_pause();
	wait_until_asleep(peer->receiver);
	must_sendfd_ioctl(fd);
}
#else
#define p_str_signal_before_sendfd NULL
#endif

/* One data message of 10 * MAXLINE + 7 bytes: getmsg returns it in
 * pieces (MOREDATA). */
static void p_text_long_with_fd(int fd, void *ctx)
{
	static char text[10 * MAXLINE + 7];

	(void)ctx;
	fill_text(text, sizeof text);
	must_putmsg_data(fd, text, sizeof text);
	must_send_fd(fd);
}

static void p_ufd_dies_mid_reply(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "", 1);
	die_now();
}

/* ---- peers for the STREAMS rows ---- */

static void p_str_bytes_after_status(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "\0\0junk", 6);
	must_sendfd_ioctl(fd);
	shared->peer_done = 1;
}

static void p_str_two_sendfds(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "\0\0", 2);
	must_sendfd_ioctl(fd);
	must_sendfd_ioctl(fd);
	shared->peer_done = 1;
}

static void p_str_data_for_fd(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "\0\0", 2);
	must_putmsg_data(fd, "not a descriptor", 16);
}

static void p_str_fd_before_status(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "early", 5);
	must_sendfd_ioctl(fd);
	must_write(fd, "\0\0", 2);
}

static void p_str_fd_before_error_status(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "early", 5);
	must_sendfd_ioctl(fd);
	must_write(fd, "\0\7", 2);
}

/* The protocol bytes as the data part of an M_PROTO message; then the
 * descriptor, which the receiver must not take. */
static void p_str_putmsg_control(int fd, void *ctx)
{
	struct strbuf ctl = { .len = 3, .buf = "ctl" };
	struct strbuf dat = { .len = 2, .buf = "\0\0" };

	(void)ctx;
	if (putmsg(fd, &ctl, &dat, 0) < 0)
		_exit(PEER_BROKEN);
	must_sendfd_ioctl(fd);
	shared->peer_done = 1;
}

static void p_str_zero_length_in_text(int fd, void *ctx)
{
	(void)ctx;
	must_putmsg_data(fd, "before ", 7);
	must_putmsg_data(fd, "", 0);
	must_putmsg_data(fd, "after\n", 6);
	must_send_fd(fd);
}

static void p_str_zero_length_for_fd(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "\0\0", 2);
	must_putmsg_data(fd, "", 0);
	must_sendfd_ioctl(fd);
	shared->peer_done = 1;
}

static void p_str_zero_length_after_error(int fd, void *ctx)
{
	(void)ctx;
	must_send_err(fd, 3, "gone\n");
	must_putmsg_data(fd, "", 0);
	shared->peer_done = 1;
}

/* Status 0 goes out; the descriptor only once the receiver has hung up,
 * when I_SENDFD must fail with ENXIO. */
static void p_str_hangup_before_sendfd(int fd, void *ctx)
{
	int payload = payload_fd();

	(void)ctx;
	must_write(fd, "\0\0", 2);
	shared->peer_done = 1;
	wait_for_close(fd);
	if (ioctl(fd, I_SENDFD, payload) == 0 || errno != ENXIO)
		_exit(PEER_BROKEN);
	close(payload);
}

/* An M_PROTO message with both parts empty: to getmsg it looks like
 * hangup (0, both lengths 0); the peer is still there, and a reply
 * follows. */
static void p_str_empty_control(int fd, void *ctx)
{
	struct strbuf ctl = { .len = 0, .buf = "" };
	struct strbuf dat = { .len = 0, .buf = "" };

	(void)ctx;
	if (putmsg(fd, &ctl, &dat, 0) < 0)
		_exit(PEER_BROKEN);
	must_send_fd(fd);
	shared->peer_done = 1;
	wait_for_close(fd);
}

/* The bytes and the descriptor over the emulation's socket as nobody but
 * a hostile peer sends them: sendmsg, no header of ours. */
#ifdef APUE_STREAMS_EMULATED
static void p_str_foreign_rights(int fd, void *ctx)
{
	int fds[2];

	(void)ctx;
	fds[0] = fds[1] = payload_fd();
	if (raw_send(fd, "\0\0", 2, fds, 2) < 0)
		_exit(PEER_BROKEN);
	close(fds[0]);
}

/* A record made to look like I_SENDFD's, with 10 descriptors where
 * I_SENDFD sends one. */
static void p_str_forged_passfp(int fd, void *ctx)
{
	struct wire_head wh = { .magic = WIRE_MAGIC, .kind = WIRE_PASSFP,
				.cookie = 1 };
	int fds[10];

	(void)ctx;
	must_write(fd, "\0\0", 2);
	fds[0] = payload_fd();
	for (size_t i = 1; i < sizeof fds / sizeof fds[0]; i++)
		fds[i] = fds[0];
	if (raw_send(fd, &wh, sizeof wh, fds, sizeof fds / sizeof fds[0]) < 0)
		_exit(PEER_BROKEN);
	close(fds[0]);
}
#else
#define p_str_foreign_rights NULL
#define p_str_forged_passfp NULL
#endif

/* ---- preparing our end ---- */

static void prep_not_a_stream(int ours)
{
	int p[2];

	if (plain_pipe(p) < 0 || dup2(p[0], ours) < 0)
		err_sys("pipe error");
	close(p[0]);
	close(p[1]);
}

/* No free descriptor slot: the soft RLIMIT_NOFILE at the lowest free
 * descriptor.  The reply must be queued first. */

/* ---- what this system cannot do ---- */

const struct transport_column hostile_column = {
	.name = "streams",
	.cells = {
		[H_GOOD_FD] = { .run = p_good_fd },
		[H_GOOD_TEXT_AND_FD] = { .run = p_good_text_and_fd },
		[H_PEER_ERROR] = { .run = p_peer_error },
		[H_PEER_ERROR_255] = { .run = p_peer_error_255 },
		[H_TWO_REPLIES_QUEUED] = { .run = p_two_replies_queued,
		  .prepare = prep_wait_peer_done },
		[H_TWO_ERRORS_QUEUED] = { .run = p_two_errors_queued,
		  .prepare = prep_wait_peer_done },
		[H_CLOSE_AT_ONCE] = { .run = p_close_at_once },
		[H_NO_NULL_THEN_CLOSE] = { .run = p_no_null_then_close },
		[H_NULL_THEN_CLOSE] = { .run = p_null_then_close },
		[H_FD_AND_NULL_THEN_CLOSE] =
			{ .run = p_fd_and_null_then_close },
		[H_SHUTDOWN_AFTER_TEXT] = { .run = p_shutdown_after_text },
		[H_DIES_MID_REPLY] = { .run = p_dies_mid_reply },
		[H_DIES_AFTER_FD] = { .run = p_dies_after_fd },
		[H_NULL_NOT_NEXT_TO_LAST] = { .run = p_null_not_next_to_last },
		[H_BYTES_AFTER_STATUS] = { .run = p_bytes_after_status,
		  .prepare = prep_wait_peer_done },
		[H_STATUS0_NO_FD] = { .run = p_status0_no_fd },
		[H_FD_WITH_STATUS] = { .run = p_fd_with_status,
		  .prepare = prep_wait_peer_done },
		[H_DRIBBLE_FD] = { .run = p_dribble_fd },
		[H_DRIBBLE_ERROR] = { .run = p_dribble_error },
		[H_SIGNAL_DURING_WAIT] = { .run = p_signal_during_wait,
		  .unavailable = no_proc_stat },
		[H_TEXT_MAXLINE] = { .run = p_text_maxline },
		[H_TEXT_MAXLINE_PLUS_1] = { .run = p_text_maxline_plus_1 },
		[H_TEXT_LONG_WITH_FD] = { .run = p_text_long_with_fd },
		[H_USERFUNC_FAILS] = { .run = p_userfunc_fails },
		[H_USERFUNC_FAILS_WITH_FD] = { .run = p_text_then_fd },
		[H_USERFUNC_SHORT] = { .run = p_userfunc_short },
		[H_USERFUNC_NULL] = { .run = p_text_then_fd },
		[H_BAD_DESCRIPTOR] = { .run = p_wait_for_close,
		  .prepare = prep_closed },
		[H_NONBLOCKING_EMPTY] = { .run = p_wait_for_close,
		  .prepare = prep_nonblocking },
		[H_NONBLOCKING_PARTIAL] = { .run = p_half_then_wait,
		  .prepare = prep_nonblocking_after_peer },
		[H_NO_FREE_DESCRIPTOR] = { .run = p_fd_queued,
		  .prepare = prep_no_free_slot,
		  .restore = restore_nofile },
		[H_UFD_GOOD] = { .run = p_ufd_good },
		[H_UFD_OTHER_USER] = { .run = p_ufd_other_user,
		  .unavailable = not_root },
		[H_UFD_PEER_ERROR] = { .run = p_ufd_peer_error },
		[H_UFD_CREDS_NO_FD] = { .run = p_status0_no_fd },
		[H_UFD_DIES_MID_REPLY] = { .run = p_ufd_dies_mid_reply },

		[H_STR_BYTES_AFTER_STATUS] = { .run = p_str_bytes_after_status,
		  .prepare = prep_wait_peer_done },
		[H_STR_TWO_SENDFDS] = { .run = p_str_two_sendfds,
		  .prepare = prep_wait_peer_done },
		[H_STR_DATA_FOR_FD] = { .run = p_str_data_for_fd },
		[H_STR_FD_BEFORE_STATUS] = { .run = p_str_fd_before_status },
		[H_STR_FD_BEFORE_ERROR_STATUS] =
			{ .run = p_str_fd_before_error_status },
		[H_STR_PUTMSG_CONTROL] = { .run = p_str_putmsg_control,
		  .prepare = prep_wait_peer_done },
		[H_STR_ZERO_LENGTH_IN_TEXT] =
			{ .run = p_str_zero_length_in_text },
		[H_STR_ZERO_LENGTH_FOR_FD] = { .run = p_str_zero_length_for_fd,
		  .prepare = prep_wait_peer_done },
		[H_STR_ZERO_LENGTH_AFTER_ERROR] =
			{ .run = p_str_zero_length_after_error,
			  .prepare = prep_wait_peer_done },
		[H_STR_HANGUP_BEFORE_SENDFD] =
			{ .run = p_str_hangup_before_sendfd,
			  .prepare = prep_nonblocking_after_peer },
		[H_STR_SIGNAL_BEFORE_SENDFD] =
			{ .run = p_str_signal_before_sendfd,
			  .unavailable = no_proc_stat },
		[H_STR_NOT_A_STREAM] = { .run = p_wait_for_close,
		  .prepare = prep_not_a_stream },
		[H_STR_UFD_PLAIN_SEND_FD] = { .run = p_good_fd },
		[H_STR_FOREIGN_RIGHTS] = { .run = p_str_foreign_rights },
		[H_STR_FORGED_PASSFP] = { .run = p_str_forged_passfp },
		[H_STR_EMPTY_CONTROL] = { .run = p_str_empty_control,
		  .prepare = prep_wait_peer_done },
	},
};
