/*
 * hostile.c - the hostile-peer matrix driver (see hostile.h): every row is
 * a peer misbehaving in one way; for each, recv_fd or recv_ufd must return
 * the right descriptor or a clear error, the process must survive, and
 * its descriptor count must be what it was.
 *
 * No book figure: this tests recv_fd and recv_ufd (3e Figures 17.14 and
 * 17.16) as a hostile peer would.  The driver is transport-neutral; the
 * column linked in (hostile_column) crafts the replies.
 *
 * usage: hostile [-h]      prints TAP
 */
#include "hostile.h"
#include "peer.h"
#include "tap.h"

enum receiver { BY_RECV_FD, BY_RECV_UFD };
enum outcome { GETS_FD, PEER_STATUS, FAILS };
enum userfunc_kind { UF_COLLECT, UF_NULL, UF_FAIL, UF_SHORT };

#define UID_OURS (-1L)
#define UID_SENTINEL ((uid_t)424242)    /* recv_ufd must not touch it */

struct hostile_row {
	enum hostile_case id;
	const char *name;
	enum receiver receiver;
	enum userfunc_kind userfunc;
	enum outcome outcome;
	int value;              /* PEER_STATUS: the status; FAILS: errno */
	const char *text;       /* what userfunc must get ("" for nothing) */
	size_t long_text;       /* or, when not 0, this many fill_text bytes */
	const char *message;    /* wanted in stderr; NULL: stderr stays empty */
	int peer_exit;          /* 0, or 128 + the signal that ends the peer */
	int signalled;          /* HOSTILE_SIGNAL must have been taken */
	long uid;               /* recv_ufd's uid for GETS_FD, or UID_OURS */
};

#define MALFORMED "malformed reply"
#define CLOSED "connection closed by peer"
#define CLOSED_MID "connection closed in the middle of a reply"
#define KILLED (128 + SIGKILL)

static const struct hostile_row rows[] = {
	{ H_GOOD_FD, "a well-formed reply", BY_RECV_FD, UF_COLLECT,
	  GETS_FD, 0, "", 0, NULL, 0, 0, 0 },
	{ H_GOOD_TEXT_AND_FD, "text, then a descriptor with status 0",
	  BY_RECV_FD, UF_COLLECT, GETS_FD, 0, "here it comes\n", 0, NULL, 0,
	  0, 0 },
	{ H_PEER_ERROR, "send_err: text and status 13", BY_RECV_FD, UF_COLLECT,
	  PEER_STATUS, 13, "permission denied\n", 0, NULL, 0, 0, 0 },
	{ H_PEER_ERROR_255, "status 255, no text", BY_RECV_FD, UF_COLLECT,
	  PEER_STATUS, 255, "", 0, NULL, 0, 0, 0 },
	{ H_TWO_REPLIES_QUEUED, "a second reply queued behind the first",
	  BY_RECV_FD, UF_COLLECT, GETS_FD, 0, "", 0, NULL, 0, 0, 0 },
	{ H_TWO_ERRORS_QUEUED, "two error replies queued: the read stops at "
	  "the first status byte", BY_RECV_FD, UF_COLLECT, PEER_STATUS, 1,
	  "first\n", 0, NULL, 0, 0, 0 },

	{ H_CLOSE_AT_ONCE, "peer closes without a byte", BY_RECV_FD,
	  UF_COLLECT, FAILS, ECONNRESET, "", 0, CLOSED, 0, 0, 0 },
	{ H_NO_NULL_THEN_CLOSE, "text, no null byte, then close", BY_RECV_FD,
	  UF_COLLECT, FAILS, ECONNRESET, "no null byte", 0, CLOSED_MID, 0, 0,
	  0 },
	{ H_NULL_THEN_CLOSE, "text and the null byte, then close",
	  BY_RECV_FD, UF_COLLECT, FAILS, ECONNRESET, "partial", 0, CLOSED_MID,
	  0, 0, 0 },
	{ H_FD_AND_NULL_THEN_CLOSE, "null byte with a descriptor, no status",
	  BY_RECV_FD, UF_COLLECT, FAILS, ECONNRESET, "", 0, CLOSED_MID, 0, 0,
	  0 },
	{ H_SHUTDOWN_AFTER_TEXT, "text, then shutdown(SHUT_WR), peer stays",
	  BY_RECV_FD, UF_COLLECT, FAILS, ECONNRESET, "half", 0, CLOSED_MID, 0,
	  0, 0 },
	{ H_DIES_MID_REPLY, "peer killed (SIGKILL) after the null byte",
	  BY_RECV_FD, UF_COLLECT, FAILS, ECONNRESET, "dying", 0, CLOSED_MID,
	  KILLED, 0, 0 },
	{ H_DIES_AFTER_FD, "peer killed after sending the descriptor",
	  BY_RECV_FD, UF_COLLECT, FAILS, ECONNRESET, "", 0, CLOSED_MID, KILLED,
	  0, 0 },

	{ H_NULL_NOT_NEXT_TO_LAST, "null byte not next to last: \"ab\\0\\0xy\"",
	  BY_RECV_FD, UF_COLLECT, FAILS, EBADMSG, "ab", 0, MALFORMED, 0, 0, 0 },
	{ H_BYTES_AFTER_STATUS, "bytes after the status byte stay queued: "
	  "the fd is returned", BY_RECV_FD, UF_COLLECT, GETS_FD, 0, "", 0, NULL,
	  0, 0, 0 },
	{ H_STATUS0_NO_FD, "status 0 and no descriptor", BY_RECV_FD,
	  UF_COLLECT, FAILS, EBADMSG, "", 0, "status 0 but no descriptor", 0,
	  0, 0 },

	{ H_FD_WITH_STATUS, "a descriptor with status 5", BY_RECV_FD,
	  UF_COLLECT, FAILS, EBADMSG, "", 0, "status 5 with a descriptor", 0,
	  0, 0 },
	{ H_TWO_FDS, "two descriptors in one SCM_RIGHTS", BY_RECV_FD,
	  UF_COLLECT, FAILS, EBADMSG, "", 0, "2 descriptors", 0, 0, 0 },
	{ H_TWO_RIGHTS_MESSAGES, "two SCM_RIGHTS messages in one sendmsg",
	  BY_RECV_FD, UF_COLLECT, FAILS, EBADMSG, "", 0, "2 descriptors", 0, 0,
	  0 },
	{ H_FDS_IN_TWO_WRITES, "a descriptor with the null byte, another "
	  "with the status", BY_RECV_FD, UF_COLLECT, FAILS, EBADMSG, "", 0,
	  "2 descriptors", 0, 0, 0 },
	{ H_MANY_FDS, "200 descriptors (MSG_CTRUNC)", BY_RECV_FD, UF_COLLECT,
	  FAILS, EBADMSG, "", 0, "truncated", 0, 0, 0 },
	{ H_EMPTY_RIGHTS, "SCM_RIGHTS holding no descriptor", BY_RECV_FD,
	  UF_COLLECT, FAILS, EBADMSG, "", 0, "status 0 but no descriptor", 0,
	  0, 0 },
	{ H_RIGHTS_LEN_NOT_MULTIPLE, "SCM_RIGHTS cmsg_len not a multiple of "
	  "int (the kernel rounds down)", BY_RECV_FD, UF_COLLECT, GETS_FD, 0,
	  "", 0, NULL, 0, 0, 0 },
	{ H_RIGHTS_LEN_OVERSTATED, "cmsg_len past the control data (the "
	  "kernel refuses it), then close", BY_RECV_FD, UF_COLLECT, FAILS,
	  ECONNRESET, "", 0, CLOSED, 0, 0, 0 },
	{ H_FD_BEFORE_STATUS, "the descriptor rides on the text, before the "
	  "null byte", BY_RECV_FD, UF_COLLECT, GETS_FD, 0, "early", 0, NULL, 0,
	  0, 0 },
	{ H_FD_BEFORE_ERROR_STATUS, "a descriptor on the text, then status 7",
	  BY_RECV_FD, UF_COLLECT, FAILS, EBADMSG, "early", 0,
	  "status 7 with a descriptor", 0, 0, 0 },

	{ H_CREDS_ONLY, "credentials but no SCM_RIGHTS, status 0", BY_RECV_FD,
	  UF_COLLECT, FAILS, EBADMSG, "", 0, "status 0 but no descriptor", 0,
	  0, 0 },
	{ H_CREDS_BEFORE_FD, "credentials before the descriptor", BY_RECV_FD,
	  UF_COLLECT, GETS_FD, 0, "", 0, NULL, 0, 0, 0 },
	{ H_PASSCRED_SET, "our socket has SO_PASSCRED set", BY_RECV_FD,
	  UF_COLLECT, GETS_FD, 0, "text\n", 0, NULL, 0, 0, 0 },

	{ H_PASSCRED_CLOSE_MID, "SO_PASSCRED set, peer closes after the "
	  "null byte", BY_RECV_FD, UF_COLLECT, FAILS, ECONNRESET, "partial", 0,
	  CLOSED_MID, 0, 0, 0 },
	{ H_PASSPIDFD_SET, "our socket has SO_PASSPIDFD set (a pidfd "
	  "arrives with every read)", BY_RECV_FD, UF_COLLECT, GETS_FD, 0,
	  "text\n", 0, NULL, 0, 0, 0 },

	{ H_DRIBBLE_FD, "text, null, status and fd one byte per write",
	  BY_RECV_FD, UF_COLLECT, GETS_FD, 0, "dribbled\n", 0, NULL, 0, 0, 0 },
	{ H_DRIBBLE_ERROR, "an error reply one byte per write", BY_RECV_FD,
	  UF_COLLECT, PEER_STATUS, 2, "no such file\n", 0, NULL, 0, 0, 0 },
	{ H_SIGNAL_DURING_WAIT, "a signal while recv_fd waits (EINTR)",
	  BY_RECV_FD, UF_COLLECT, GETS_FD, 0, "", 0, NULL, 0, 1, 0 },

	{ H_TEXT_MAXLINE, "error text of exactly MAXLINE bytes", BY_RECV_FD,
	  UF_COLLECT, PEER_STATUS, 2, NULL, MAXLINE, NULL, 0, 0, 0 },
	{ H_TEXT_MAXLINE_PLUS_1, "error text of MAXLINE + 1 bytes", BY_RECV_FD,
	  UF_COLLECT, PEER_STATUS, 2, NULL, MAXLINE + 1, NULL, 0, 0, 0 },
	{ H_TEXT_LONG_WITH_FD, "10 * MAXLINE + 7 bytes of text, then a "
	  "descriptor", BY_RECV_FD, UF_COLLECT, GETS_FD, 0, NULL,
	  10 * MAXLINE + 7, NULL, 0, 0, 0 },

	{ H_USERFUNC_FAILS, "userfunc fails (EPIPE) on an error reply",
	  BY_RECV_FD, UF_FAIL, FAILS, EPIPE, "", 0, NULL, 0, 0, 0 },
	{ H_USERFUNC_FAILS_WITH_FD, "userfunc fails on the text before a "
	  "descriptor", BY_RECV_FD, UF_FAIL, FAILS, EPIPE, "", 0, NULL, 0, 0,
	  0 },
	{ H_USERFUNC_SHORT, "userfunc takes less than it is given",
	  BY_RECV_FD, UF_SHORT, FAILS, EIO, "", 0, NULL, 0, 0, 0 },
	{ H_USERFUNC_NULL, "userfunc NULL: the text is discarded",
	  BY_RECV_FD, UF_NULL, GETS_FD, 0, "", 0, NULL, 0, 0, 0 },
	{ H_NOT_A_SOCKET, "our descriptor is a pipe, not a socket",
	  BY_RECV_FD, UF_COLLECT, FAILS, ENOTSOCK, "", 0, NULL, 0, 0, 0 },
	{ H_BAD_DESCRIPTOR, "our descriptor is closed", BY_RECV_FD,
	  UF_COLLECT, FAILS, EBADF, "", 0, NULL, 0, 0, 0 },
	{ H_NONBLOCKING_EMPTY, "non-blocking and nothing sent yet",
	  BY_RECV_FD, UF_COLLECT, FAILS, EAGAIN, "", 0, NULL, 0, 0, 0 },
	{ H_NONBLOCKING_PARTIAL, "non-blocking, half a reply there: what "
	  "was read is gone", BY_RECV_FD, UF_COLLECT, FAILS, EAGAIN, "half", 0,
	  NULL, 0, 0, 0 },
	{ H_NO_FREE_DESCRIPTOR, "no descriptor slot free (RLIMIT_NOFILE): "
	  "the kernel drops it", BY_RECV_FD, UF_COLLECT, FAILS, EMFILE, "", 0,
	  "out of descriptors", 0, 0, 0 },

	{ H_UFD_GOOD, "recv_ufd: send_ufd's reply", BY_RECV_UFD, UF_COLLECT,
	  GETS_FD, 0, "", 0, NULL, 0, 0, UID_OURS },
	{ H_UFD_PLAIN_QUEUED, "recv_ufd: plain send_fd queued before "
	  "SO_PASSCRED was on (no credentials)", BY_RECV_UFD, UF_COLLECT, FAILS,
	  EBADMSG, "", 0, "without the sender's credentials", 0, 0, 0 },
	{ H_UFD_PLAIN_PEER_PASSCRED, "recv_ufd: plain send_fd, SO_PASSCRED on "
	  "the peer's end (the kernel adds credentials)", BY_RECV_UFD,
	  UF_COLLECT, GETS_FD, 0, "", 0, NULL, 0, 0, UID_OURS },
	{ H_UFD_OTHER_USER, "recv_ufd: a peer running as another user",
	  BY_RECV_UFD, UF_COLLECT, GETS_FD, 0, "", 0, NULL, 0, 0, OTHER_UID },
	{ H_UFD_PEER_ERROR, "recv_ufd: an error reply leaves the uid alone",
	  BY_RECV_UFD, UF_COLLECT, PEER_STATUS, 9, "bad\n", 0, NULL, 0, 0, 0 },
	{ H_UFD_CREDS_NO_FD, "recv_ufd: credentials, status 0, no descriptor",
	  BY_RECV_UFD, UF_COLLECT, FAILS, EBADMSG, "", 0,
	  "status 0 but no descriptor", 0, 0, 0 },
	{ H_UFD_TWO_FDS, "recv_ufd: credentials and two descriptors",
	  BY_RECV_UFD, UF_COLLECT, FAILS, EBADMSG, "", 0, "2 descriptors", 0,
	  0, 0 },
	{ H_UFD_DIES_MID_REPLY, "recv_ufd: peer killed after the null byte",
	  BY_RECV_UFD, UF_COLLECT, FAILS, ECONNRESET, "", 0, CLOSED_MID,
	  KILLED, 0, 0 },

	{ H_STR_BYTES_AFTER_STATUS, "bytes after the status byte inside one "
	  "message (\"\\0\\0junk\")", BY_RECV_FD, UF_COLLECT, FAILS, EBADMSG,
	  "", 0, "4 bytes after the status byte", 0, 0, 0 },
	{ H_STR_TWO_SENDFDS, "two I_SENDFDs in a row: the first is returned, "
	  "the second stays queued", BY_RECV_FD, UF_COLLECT, GETS_FD, 0, "", 0,
	  NULL, 0, 0, 0 },
	{ H_STR_DATA_FOR_FD, "status 0, then a data message where the "
	  "descriptor should be", BY_RECV_FD, UF_COLLECT, FAILS, EBADMSG, "", 0,
	  "status 0 but no descriptor", 0, 0, 0 },
	{ H_STR_FD_BEFORE_STATUS, "text, I_SENDFD, then the null and status "
	  "bytes", BY_RECV_FD, UF_COLLECT, FAILS, EBADMSG, "early", 0,
	  "a descriptor came before the status byte", 0, 0, 0 },
	{ H_STR_FD_BEFORE_ERROR_STATUS, "text, I_SENDFD, then status 7",
	  BY_RECV_FD, UF_COLLECT, FAILS, EBADMSG, "early", 0,
	  "a descriptor came before the status byte", 0, 0, 0 },
	{ H_STR_PUTMSG_CONTROL, "putmsg with a control part carries the "
	  "protocol bytes", BY_RECV_FD, UF_COLLECT, FAILS, EBADMSG, "", 0,
	  "a message with a control part", 0, 0, 0 },
	{ H_STR_ZERO_LENGTH_IN_TEXT, "a zero-length message inside the text",
	  BY_RECV_FD, UF_COLLECT, GETS_FD, 0, "before after\n", 0, NULL, 0, 0,
	  0 },
	{ H_STR_ZERO_LENGTH_FOR_FD, "status 0, then a zero-length message "
	  "where the descriptor should be", BY_RECV_FD, UF_COLLECT, FAILS,
	  EBADMSG, "", 0, "status 0 but no descriptor", 0, 0, 0 },
	{ H_STR_ZERO_LENGTH_AFTER_ERROR, "an error reply, then a zero-length "
	  "message (not a descriptor)", BY_RECV_FD, UF_COLLECT, PEER_STATUS, 3,
	  "gone\n", 0, NULL, 0, 0, 0 },
	{ H_STR_HANGUP_BEFORE_SENDFD, "status 0, we give up (non-blocking) "
	  "and hang up; the peer's I_SENDFD gets ENXIO", BY_RECV_FD, UF_COLLECT,
	  FAILS, EAGAIN, "", 0, NULL, 0, 0, 0 },
	{ H_STR_SIGNAL_BEFORE_SENDFD, "status 0, then a signal while "
	  "I_RECVFD waits for the descriptor", BY_RECV_FD, UF_COLLECT, GETS_FD,
	  0, "", 0, NULL, 0, 1, 0 },
	{ H_STR_NOT_A_STREAM, "our descriptor is a plain pipe, not a stream",
	  BY_RECV_FD, UF_COLLECT, FAILS, ENOSTR, "", 0, NULL, 0, 0, 0 },
	{ H_STR_UFD_PLAIN_SEND_FD, "recv_ufd: plain send_fd (I_SENDFD always "
	  "carries the uid)", BY_RECV_UFD, UF_COLLECT, GETS_FD, 0, "", 0, NULL,
	  0, 0, UID_OURS },
	{ H_STR_FOREIGN_RIGHTS, "a record with two descriptors and no message "
	  "header (emulation): read as data, both closed", BY_RECV_FD,
	  UF_COLLECT, FAILS, EBADMSG, "", 0, "status 0 but no descriptor", 0, 0,
	  0 },
	{ H_STR_FORGED_PASSFP, "a forged M_PASSFP record with 10 descriptors "
	  "(emulation): the first returned, the rest closed", BY_RECV_FD,
	  UF_COLLECT, GETS_FD, 0, "", 0, NULL, 0, 0, 0 },
	{ H_STR_EMPTY_CONTROL, "putmsg with empty control and data parts "
	  "(getmsg's lengths at hangup), peer stays", BY_RECV_FD, UF_COLLECT,
	  FAILS, EBADMSG, "", 0, "a message with a control part", 0, 0, 0 },
};

_Static_assert(sizeof rows / sizeof rows[0] == H_CASE_COUNT,
	       "every case has exactly one row");

/* ---- the driver ---- */

static void count_signal(int signo)
{
	(void)signo;
	shared->signals_taken++;
}

static ssize_t failing_userfunc(int fd, const void *buf, size_t n)
{
	(void)fd;
	(void)buf;
	(void)n;
	errno = EPIPE;
	return -1;
}

static ssize_t short_userfunc(int fd, const void *buf, size_t n)
{
	(void)fd;
	(void)buf;
	errno = 0;
	return n > 0 ? (ssize_t)n - 1 : 0;
}

typedef ssize_t userfunc_t(int, const void *, size_t);

static userfunc_t *pick_userfunc(enum userfunc_kind kind)
{
	switch (kind) {
	case UF_NULL:
		return NULL;
	case UF_FAIL:
		return failing_userfunc;
	case UF_SHORT:
		return short_userfunc;
	case UF_COLLECT:
		break;
	}
	return collect_text;
}

/* Everything the receiver saw. */
struct seen {
	int result;
	int error;
	uid_t uid;
	char payload[128];
	char err[2 * MAXLINE];
};

/* Send stderr to a temporary file for the length of the call. */
static FILE *capture_stderr_fd(int *saved)
{
	FILE *tmp;

	fflush(stderr);
	if ((tmp = tmpfile()) == NULL)
		err_sys("tmpfile error");
	if ((*saved = dup(STDERR_FILENO)) < 0 ||
	    dup2(fileno(tmp), STDERR_FILENO) < 0)
		err_sys("dup error");
	return tmp;
}

static void release_stderr(FILE *tmp, int saved, char *out, size_t size)
{
	ssize_t n;

	fflush(stderr);
	if (dup2(saved, STDERR_FILENO) < 0)
		err_sys("dup2 error");
	close(saved);
	n = pread(fileno(tmp), out, size - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	fclose(tmp);
}

static void read_payload(int fd, char *out, size_t size)
{
	ssize_t n = readable_within(fd, "the payload of the received "
				    "descriptor") ? readn(fd, out, size - 1) : -1;

	out[n > 0 ? n : 0] = '\0';
}

static void receive(const struct hostile_row *row, const struct peer_cell *cell,
		    int ours, struct seen *s)
{
	int saved_stderr;
	FILE *tmp = capture_stderr_fd(&saved_stderr);

	tap_rearm();            /* a hang is a failure, not a stuck test run */
	if (cell->prepare != NULL)
		cell->prepare(ours);
	errno = 0;
	if (row->receiver == BY_RECV_UFD)
		s->result = recv_ufd(ours, &s->uid, pick_userfunc(row->userfunc));
	else
		s->result = recv_fd(ours, pick_userfunc(row->userfunc));
	s->error = errno;
	if (cell->restore != NULL)
		cell->restore();
	tap_rearm();            /* back to the test's own watchdog */
	release_stderr(tmp, saved_stderr, s->err, sizeof s->err);
	if (s->result >= 0) {
		read_payload(s->result, s->payload, sizeof s->payload);
		close(s->result);
	}
}

static void check_outcome(const char *t, const struct hostile_row *row,
			  const struct seen *s)
{
	switch (row->outcome) {
	case GETS_FD:
		if (ok(s->result >= 0, "%s: %s: returns a descriptor", t,
		       row->name))
			is_str(s->payload, PAYLOAD, "%s: %s: the right one", t,
			       row->name);
		else
			diag("result %d, errno %s", s->result,
			     strerror(s->error));
		break;
	case PEER_STATUS:
		is_int(s->result, -row->value, "%s: %s: returns -status", t,
		       row->name);
		is_int(s->error, 0, "%s: %s: errno 0 for the peer's error", t,
		       row->name);
		break;
	case FAILS:
		is_int(s->result, -1, "%s: %s: returns -1", t, row->name);
		is_str(strerror(s->error), strerror(row->value),
		       "%s: %s: errno", t, row->name);
		break;
	}
}

static void check_text(const char *t, const struct hostile_row *row)
{
	if (row->long_text > 0) {
		static char want[16 * MAXLINE];

		fill_text(want, row->long_text);
		ok(collected_len == row->long_text &&
		   memcmp(collected, want, row->long_text) == 0,
		   "%s: %s: all %zu bytes of text passed on intact", t,
		   row->name, row->long_text);
		if (collected_len != row->long_text)
			diag("got %zu bytes", collected_len);
		return;
	}
	is_str(collected, row->text, "%s: %s: text passed to userfunc", t,
	       row->name);
}

static void check_stderr(const char *t, const struct hostile_row *row,
			 const struct seen *s)
{
	if (row->message == NULL) {
		is_str(s->err, "", "%s: %s: nothing on stderr", t, row->name);
		return;
	}
	if (!ok(strstr(s->err, row->message) != NULL,
		"%s: %s: stderr says \"%s\"", t, row->name, row->message))
		diag("stderr: '%s'", s->err);
}

static void check_uid(const char *t, const struct hostile_row *row,
		      const struct seen *s)
{
	uid_t want;

	if (row->receiver != BY_RECV_UFD)
		return;
	if (row->outcome == GETS_FD)
		want = row->uid == UID_OURS ? geteuid() : (uid_t)row->uid;
	else
		want = UID_SENTINEL;
	is_int((long)s->uid, (long)want, "%s: %s: uid %s", t, row->name,
	       row->outcome == GETS_FD ? "reported" : "left alone");
}

static void run_row(const struct hostile_row *row)
{
	const char *t = hostile_column.name;
	const struct peer_cell *cell = &hostile_column.cells[row->id];
	struct peer_ctx ctx = { .receiver = getpid() };
	struct seen s = { .uid = UID_SENTINEL };
	const char *why;
	int before, after, ours, exit_status;
	pid_t pid;

	if (cell->run == NULL) {
		ok(1, "%s: %s # SKIP not a %s case", t, row->name, t);
		return;
	}
	if (cell->unavailable != NULL && (why = cell->unavailable()) != NULL) {
		ok(1, "%s: %s # SKIP %s", t, row->name, why);
		return;
	}
	collect_reset();
	shared->signals_taken = 0;
	shared->peer_done = 0;
	before = open_fd_count();
	pid = start_peer(&ours, cell->run, &ctx);
	receive(row, cell, ours, &s);
	close(ours);
	exit_status = finish_peer(pid);
	after = open_fd_count();

	check_outcome(t, row, &s);
	check_text(t, row);
	check_stderr(t, row, &s);
	check_uid(t, row, &s);
	if (row->signalled)
		is_int(shared->signals_taken, 1, "%s: %s: the signal was taken once",
		       t, row->name);
	is_int(exit_status, row->peer_exit, "%s: %s: peer's exit status", t,
	       row->name);
	is_int(after, before, "%s: %s: descriptor count unchanged", t,
	       row->name);
}

int main(int argc, char *argv[])
{
	struct sigaction sa;

	if (argc > 1 && strcmp(argv[1], "-h") == 0) {
		printf("usage: hostile [-h]\n"
		       "  Runs the hostile-peer matrix over this build's "
		       "transport; prints TAP.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "usage: hostile [-h]\n");
		return 2;
	}
	map_shared();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = count_signal;   /* no SA_RESTART: recvmsg gets EINTR */
	sigemptyset(&sa.sa_mask);
	if (sigaction(HOSTILE_SIGNAL, &sa, NULL) < 0)
		err_sys("sigaction error");
	signal(SIGPIPE, SIG_IGN);       /* peers write to closed sockets */

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (rows[i].id != (enum hostile_case)i)
			err_quit("row %zu (%s) is out of order", i, rows[i].name);
		run_row(&rows[i]);
	}
	return done_testing();
}
