/*
 * hostile_sock.c - the UNIX domain socket column of the hostile-peer
 * matrix (see hostile.h): one peer per row, crafting its reply with raw
 * sendmsg where the library would never send such a thing.
 *
 * Linux-only pieces, each behind #ifdef: SCM_CREDENTIALS and SO_PASSCRED
 * (struct ucred needs _GNU_SOURCE), SO_PASSPIDFD (Linux 6.5), TIOCOUTQ on
 * a socket (bytes the receiver has not read yet), and /proc/PID/stat to
 * see that the receiver is asleep in recvmsg.
 */
#if defined(__linux__)
#define _GNU_SOURCE             /* struct ucred, SCM_CREDENTIALS, SO_PASSCRED */
#endif
#include "hostile_peers.h"
#include "peer.h"
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <time.h>

/* SO_PASSPIDFD is younger than the C library headers of Debian 12; the
 * number is the asm-generic one (x86, arm, riscv, ...). */
#if defined(__linux__) && !defined(SO_PASSPIDFD) && \
	(defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || \
	 defined(__arm__) || defined(__riscv))
#define SO_PASSPIDFD 76
#endif

/* ---- crafting replies ---- */

enum craft_flags {
	WITH_CREDS = 1,         /* an SCM_CREDENTIALS message first */
	TWO_RIGHTS = 2,         /* the descriptors in two SCM_RIGHTS messages */
	EMPTY_RIGHTS = 4,       /* an SCM_RIGHTS message with no descriptor */
	LEN_PLUS_2 = 8,         /* cmsg_len 2 more than the descriptors need */
	LEN_OVERSTATED = 16     /* cmsg_len claims 4 descriptors, 1 is there */
};

#define MAX_CRAFT_FDS 200

/* Append one control message to msg; return its CMSG_SPACE. */
static size_t add_cmsg(struct msghdr *msg, size_t used, int type,
		       const void *data, size_t len, size_t claimed_len)
{
	struct cmsghdr *cmsg = (struct cmsghdr *)
		((unsigned char *)msg->msg_control + used);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = type;
	cmsg->cmsg_len = CMSG_LEN(claimed_len);
	memcpy(CMSG_DATA(cmsg), data, len);
	return CMSG_SPACE(len);
}

/* sendmsg n bytes with nfds copies of the payload descriptor, shaped by
 * flags.  Returns sendmsg's result. */
static ssize_t craft_send(int sock, const void *data, size_t n,
			  unsigned flags, size_t nfds)
{
	union {
		struct cmsghdr align;
		unsigned char space[2 * CMSG_SPACE(MAX_CRAFT_FDS * sizeof(int)) +
				    CMSG_SPACE(64)];
	} control;
	int fds[MAX_CRAFT_FDS];
	struct iovec iov = { .iov_base = (void *)data, .iov_len = n };
	struct msghdr msg = { 0 };
	size_t used = 0;
	int fd = nfds > 0 ? payload_fd() : -1;
	ssize_t sent;

	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	for (size_t i = 0; i < nfds; i++)
		fds[i] = fd;
#ifdef SCM_CREDENTIALS
	if (flags & WITH_CREDS) {
		struct ucred creds = { .pid = getpid(), .uid = geteuid(),
				       .gid = getegid() };

		used += add_cmsg(&msg, used, SCM_CREDENTIALS, &creds,
				 sizeof creds, sizeof creds);
	}
#endif
	if (flags & EMPTY_RIGHTS) {
		used += add_cmsg(&msg, used, SCM_RIGHTS, fds, 0, 0);
	} else if (flags & TWO_RIGHTS) {
		size_t first = nfds / 2;

		used += add_cmsg(&msg, used, SCM_RIGHTS, fds, first * sizeof(int),
				 first * sizeof(int));
		used += add_cmsg(&msg, used, SCM_RIGHTS, fds + first,
				 (nfds - first) * sizeof(int),
				 (nfds - first) * sizeof(int));
	} else if (nfds > 0) {
		size_t len = nfds * sizeof(int);
		size_t claimed = len;

		if (flags & LEN_PLUS_2)
			claimed += 2;
		if (flags & LEN_OVERSTATED)
			claimed = 4 * len;
		used += add_cmsg(&msg, used, SCM_RIGHTS, fds, len, claimed);
	}
	msg.msg_controllen = used;
	if (used == 0)
		msg.msg_control = NULL;
	sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
	if (fd >= 0)
		close(fd);
	return sent;
}

/* craft_send that must succeed. */
static void must_send(int sock, const void *data, size_t n, unsigned flags,
		      size_t nfds)
{
	if (craft_send(sock, data, n, flags, nfds) != (ssize_t)n)
		_exit(PEER_BROKEN);
}

#ifdef TIOCOUTQ
/* One byte per write, each read before the next is sent; fd_at is the
 * index of the byte that carries the descriptor, or -1. */
static void dribble(int sock, const char *bytes, size_t n, long fd_at)
{
	for (size_t i = 0; i < n; i++) {
		must_send(sock, bytes + i, 1, 0, (long)i == fd_at ? 1 : 0);
		wait_until_read(sock);
	}
}
#endif

/* ---- the peers, one per row ---- */

static void p_good_text_and_fd(int sock, void *ctx)
{
	(void)ctx;
	must_write(sock, "here it comes\n", 14);
	must_send_fd(sock);
}

static void p_null_then_close(int sock, void *ctx)
{
	(void)ctx;
	must_write(sock, "partial", 8);         /* with its null byte */
}

static void p_fd_and_null_then_close(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "", 1, 0, 1);
}

static void p_shutdown_after_text(int sock, void *ctx)
{
	(void)ctx;
	must_write(sock, "half", 4);
	if (shutdown(sock, SHUT_WR) < 0)
		_exit(PEER_BROKEN);
	wait_for_close(sock);
}

static void p_dies_after_fd(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "", 1, 0, 1);
	die_now();
}

static void p_bytes_after_status(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\0junk", 6, 0, 1);
}

static void p_fd_with_status(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\5", 2, 0, 1);
}

static void p_two_fds(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\0", 2, 0, 2);
}

static void p_two_rights_messages(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\0", 2, TWO_RIGHTS, 2);
}

static void p_fds_in_two_writes(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "", 1, 0, 1);           /* the null byte */
	must_send(sock, "", 1, 0, 1);           /* status 0 */
}

static void p_many_fds(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\0", 2, 0, MAX_CRAFT_FDS);
}

static void p_empty_rights(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\0", 2, EMPTY_RIGHTS, 0);
}

static void p_rights_len_not_multiple(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\0", 2, LEN_PLUS_2, 1);
}

static void p_rights_len_overstated(int sock, void *ctx)
{
	(void)ctx;
	if (craft_send(sock, "\0\0", 2, LEN_OVERSTATED, 1) >= 0 ||
	    errno != EINVAL)
		_exit(PEER_BROKEN);     /* the kernel let it through */
}

static void p_fd_before_status(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "early", 5, 0, 1);
	must_write(sock, "\0\0", 2);
}

static void p_fd_before_error_status(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "early", 5, 0, 1);
	must_write(sock, "\0\7", 2);
}

static void p_creds_only(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\0", 2, WITH_CREDS, 0);
}

static void p_creds_before_fd(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\0", 2, WITH_CREDS, 1);
}

#ifdef TIOCOUTQ
static void p_dribble_fd(int sock, void *ctx)
{
	static const char reply[] = "dribbled\n\0";   /* + the null: status 0 */

	(void)ctx;
	dribble(sock, reply, sizeof reply, (long)sizeof reply - 2);
}

static void p_dribble_error(int sock, void *ctx)
{
	static const char reply[] = "no such file\n\0\2";

	(void)ctx;
	dribble(sock, reply, sizeof reply - 1, -1);
}
#else
#define p_dribble_fd NULL
#define p_dribble_error NULL
#endif

static void p_text_long_with_fd(int sock, void *ctx)
{
	static char text[10 * MAXLINE + 7];

	(void)ctx;
	fill_text(text, sizeof text);
	must_write(sock, text, sizeof text);
	must_send_fd(sock);
}

/* SO_PASSCRED on the sending end also makes the kernel attach them. */
static void p_passcred_send_fd(int sock, void *ctx)
{
#ifdef SO_PASSCRED
	const int on = 1;

	if (setsockopt(sock, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0)
		_exit(PEER_BROKEN);
#endif
	p_good_fd(sock, ctx);
}

static void p_ufd_creds_no_fd(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\0", 2, WITH_CREDS, 0);
}

static void p_ufd_two_fds(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "\0\0", 2, WITH_CREDS, 2);
}

static void p_ufd_dies_mid_reply(int sock, void *ctx)
{
	(void)ctx;
	must_send(sock, "", 1, WITH_CREDS, 0);
	die_now();
}

/* ---- preparing our end ---- */

static void set_option(int ours, int option)
{
	const int on = 1;

	if (setsockopt(ours, SOL_SOCKET, option, &on, sizeof on) < 0)
		err_sys("setsockopt error");
}

#ifdef SO_PASSCRED
static void prep_passcred(int ours)
{
	set_option(ours, SO_PASSCRED);
}
#else
#define prep_passcred NULL
#endif

#ifdef SO_PASSPIDFD
static void prep_passpidfd(int ours)
{
	set_option(ours, SO_PASSPIDFD);
}
#else
#define prep_passpidfd NULL
#endif

static void prep_not_a_socket(int ours)
{
	int p[2];

	if (pipe(p) < 0 || dup2(p[0], ours) < 0)
		err_sys("pipe error");
	close(p[0]);
	close(p[1]);
}

/* No free descriptor slot: the soft RLIMIT_NOFILE at the lowest free
 * descriptor.  The reply must be queued first. */

/* Wait until the whole reply is queued, so it was sent before recv_ufd
 * could turn SO_PASSCRED on. */
static void prep_reply_queued(int ours)
{
	struct pollfd p = { .fd = ours, .events = POLLIN };

	while (poll(&p, 1, -1) < 0)
		if (errno != EINTR)
			err_sys("poll error");
}

/* ---- what this system cannot do ---- */

static const char *no_passpidfd(void)
{
#ifdef SO_PASSPIDFD
	int sv[2];
	const int on = 1;
	int failed;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return "socketpair failed";
	failed = setsockopt(sv[0], SOL_SOCKET, SO_PASSPIDFD, &on, sizeof on);
	close(sv[0]);
	close(sv[1]);
	return failed < 0 ? "SO_PASSPIDFD needs Linux 6.5 or later" : NULL;
#else
	return "no SO_PASSPIDFD on this system";
#endif
}

static const char *no_creds(void)
{
#if defined(APUE_NO_CREDS)
	return "credentials are left out of this build (HAVE_CREDS=no)";
#elif defined(SCM_CREDENTIALS)
	return NULL;
#else
	return "crafted credentials are written for Linux SCM_CREDENTIALS";
#endif
}

/* The other-user row needs both root and the credentials interface. */
static const char *not_root_or_no_creds(void)
{
	const char *why = no_creds();

	return why != NULL ? why : not_root();
}

const struct transport_column hostile_column = {
	.name = "sockets",
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
		[H_BYTES_AFTER_STATUS] = { .run = p_bytes_after_status },
		[H_STATUS0_NO_FD] = { .run = p_status0_no_fd },
		[H_FD_WITH_STATUS] = { .run = p_fd_with_status },
		[H_TWO_FDS] = { .run = p_two_fds },
		[H_TWO_RIGHTS_MESSAGES] = { .run = p_two_rights_messages },
		[H_FDS_IN_TWO_WRITES] = { .run = p_fds_in_two_writes },
		[H_MANY_FDS] = { .run = p_many_fds },
		[H_EMPTY_RIGHTS] = { .run = p_empty_rights },
		[H_RIGHTS_LEN_NOT_MULTIPLE] =
			{ .run = p_rights_len_not_multiple },
		[H_RIGHTS_LEN_OVERSTATED] = { .run = p_rights_len_overstated },
		[H_FD_BEFORE_STATUS] = { .run = p_fd_before_status },
		[H_FD_BEFORE_ERROR_STATUS] =
			{ .run = p_fd_before_error_status },
		[H_CREDS_ONLY] = { .run = p_creds_only,
		  .prepare = prep_passcred,
		  .unavailable = no_creds },
		[H_CREDS_BEFORE_FD] = { .run = p_creds_before_fd,
		  .prepare = prep_passcred,
		  .unavailable = no_creds },
		[H_PASSCRED_SET] = { .run = p_text_then_fd,
		  .prepare = prep_passcred,
		  .unavailable = no_creds },
		[H_PASSCRED_CLOSE_MID] = { .run = p_null_then_close,
		  .prepare = prep_passcred,
		  .unavailable = no_creds },
		[H_PASSPIDFD_SET] = { .run = p_text_then_fd,
		  .prepare = prep_passpidfd,
		  .unavailable = no_passpidfd },
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
		[H_NOT_A_SOCKET] = { .run = p_wait_for_close,
		  .prepare = prep_not_a_socket },
		[H_BAD_DESCRIPTOR] = { .run = p_wait_for_close,
		  .prepare = prep_closed },
		[H_NONBLOCKING_EMPTY] = { .run = p_wait_for_close,
		  .prepare = prep_nonblocking },
		[H_NONBLOCKING_PARTIAL] = { .run = p_half_then_wait,
		  .prepare = prep_nonblocking_after_peer },
		[H_NO_FREE_DESCRIPTOR] = { .run = p_fd_queued,
		  .prepare = prep_no_free_slot,
		  .restore = restore_nofile },
		[H_UFD_GOOD] = { .run = p_ufd_good, .unavailable = no_creds },
		[H_UFD_PLAIN_QUEUED] = { .run = p_good_fd,
		  .prepare = prep_reply_queued,
		  .unavailable = no_creds },
		[H_UFD_PLAIN_PEER_PASSCRED] = { .run = p_passcred_send_fd,
		  .unavailable = no_creds },
		[H_UFD_OTHER_USER] = { .run = p_ufd_other_user,
		  .unavailable = not_root_or_no_creds },
		[H_UFD_PEER_ERROR] = { .run = p_ufd_peer_error,
		  .unavailable = no_creds },
		[H_UFD_CREDS_NO_FD] = { .run = p_ufd_creds_no_fd,
		  .unavailable = no_creds },
		[H_UFD_TWO_FDS] = { .run = p_ufd_two_fds,
		  .unavailable = no_creds },
		[H_UFD_DIES_MID_REPLY] = { .run = p_ufd_dies_mid_reply,
		  .unavailable = no_creds },
	},
};
