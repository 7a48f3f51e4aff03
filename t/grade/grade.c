/*
 * grade.c - the report card of `make grade` and `make grade-streams`:
 * runs the suite's contract cases against a send_fd, send_err and
 * recv_fd someone else wrote, and says which hold.
 *
 * No book figure: it tests send_err, send_fd and recv_fd (3e Figures
 * 17.12 to 17.14) over sockets, and over STREAMS (2e section 17.4.1).
 * It is linked with the file being graded, which defines the three, and
 * with our own three renamed ref_send_fd, ref_send_err and ref_recv_fd
 * (objcopy --redefine-sym, t/grade/grade.pl): the hostile peers that
 * reply to the graded recv_fd, and our side of every interoperation
 * check, are ours.  The peers are the hostile-peer matrix's
 * (t/unit/hostile_*.c); most cases are a row of that matrix.
 *
 * Each case runs in a process of its own, in a process group of its own,
 * with a time limit: a crash, an exit, an abort or a hang costs that case
 * only.  Descriptors are counted before and after (every slot below the
 * limit, as /proc/self/fd would list them).
 *
 * usage: grade [-h] [-n NAME]    prints the card; exit status 0 when
 *                                every line of the book's contract holds
 */
#include "../unit/hostile.h"
#include "../unit/hostile_peers.h"
#include "../unit/peer.h"
#include "../unit/tap.h"
#include <sys/resource.h>
#include <sys/wait.h>
#include <poll.h>
#include <time.h>

/* Ours, renamed at link time. */
int ref_send_fd(int fd, int fd_to_send);
int ref_send_err(int fd, int status, const char *msg);
int ref_recv_fd(int fd, ssize_t (*userfunc)(int, const void *, size_t));

#define CASE_SECONDS 5          /* a call that takes longer has hung */
#define CLEANUP_SECONDS 5       /* the case's own work after the calls */
#define MAX_FD_SEEN 1024

enum part { BOOK, HARDENING };
enum expect {
	WANT_FD,                /* the payload descriptor, and the text */
	WANT_STATUS,            /* -value, and the text */
	WANT_MINUS_ONE,         /* -1 */
	WANT_NO_FD,             /* anything but a descriptor */
	WANT_EACH_ITS_OWN,      /* two calls: -1, then -2, each its text */
	WANT_NO_FD_THEN_FD      /* two calls: no descriptor, then the one */
};
enum caller { THEIR_RECV_FD, OUR_RECV_FD };
enum sockets_only { ANY_TRANSPORT, SOCKETS_ONLY };

struct grade_row {
	const char *tag;        /* short name, for the summary line */
	enum part part;
	const char *says;       /* the contract, as the card prints it */
	enum hostile_case peer; /* the matrix row whose peer replies */
	enum hostile_case streams_peer; /* over STREAMS, when not 0 */
	enum caller caller;
	enum expect expect;
	int value;
	const char *text;       /* what userfunc must get, or NULL */
	size_t long_text;       /* or this many fill_text bytes */
	const char *sent;       /* what the peer sent, for a failing line */
	const char *see;        /* where the mistake is explained */
	enum sockets_only only;
};

/* Rows whose peer is not the matrix's: the graded file's own send_fd and
 * send_err reply to our recv_fd; two descriptors with one slot free; a
 * descriptor with an error status, then a good reply. */
#define THEIR_SEND_FD H_CASE_COUNT
#define THEIR_SEND_ERR (H_CASE_COUNT + 1)
#define TWO_FDS_ONE_SLOT (H_CASE_COUNT + 2)
#define FD_WITH_STATUS_THEN_GOOD (H_CASE_COUNT + 3)

#define NOTES_PROTOCOL "NOTES.md, \"The protocol of send_fd and recv_fd\""
#define MISTAKE(n, title) "NOTES.md, \"Common mistakes when copying the " \
	"book's code\", " #n ": \"" title "\""
#define README_ROW(what) "t/README.md, the row \"" what "\""

static const struct grade_row rows[] = {
	{ .tag = "descriptor", .part = BOOK,
	  .says = "a descriptor arrives and works",
	  .peer = H_GOOD_FD, .expect = WANT_FD, .text = "",
	  .sent = "our send_fd: the bytes 0, 0 and a descriptor (a pipe "
		  "holding a line of text)",
	  .see = NOTES_PROTOCOL },
	{ .tag = "text-then-fd", .part = BOOK,
	  .says = "text before the descriptor goes to userfunc",
	  .peer = H_GOOD_TEXT_AND_FD, .expect = WANT_FD,
	  .text = "here it comes\n",
	  .sent = "\"here it comes\\n\", then our send_fd",
	  .see = NOTES_PROTOCOL },
	{ .tag = "status", .part = BOOK,
	  .says = "an error status comes back as -status",
	  .peer = H_PEER_ERROR, .expect = WANT_STATUS, .value = 13,
	  .sent = "our send_err(fd, -13, \"permission denied\\n\")",
	  .see = NOTES_PROTOCOL },
	{ .tag = "status-255", .part = BOOK,
	  .says = "status 255 comes back as -255",
	  .peer = H_PEER_ERROR_255, .expect = WANT_STATUS, .value = 255,
	  .sent = "our send_fd(fd, -255): the bytes 0 and 255",
	  .see = NOTES_PROTOCOL },
	{ .tag = "userfunc", .part = BOOK,
	  .says = "userfunc gets the error text",
	  .peer = H_PEER_ERROR, .expect = WANT_STATUS, .value = 13,
	  .text = "permission denied\n",
	  .sent = "our send_err(fd, -13, \"permission denied\\n\")",
	  .see = NOTES_PROTOCOL },
	{ .tag = "long-text", .part = BOOK,
	  .says = "userfunc gets all of a text longer than MAXLINE",
	  .peer = H_TEXT_MAXLINE_PLUS_1, .expect = WANT_STATUS, .value = 2,
	  .long_text = MAXLINE + 1,
	  .sent = "our send_err with status 2 and MAXLINE + 1 bytes of text",
	  .see = README_ROW("error text of MAXLINE, MAXLINE + 1 and "
			    "10 MAXLINE + 7 bytes") },
	{ .tag = "their-send-fd", .part = BOOK,
	  .says = "your send_fd: our recv_fd gets the descriptor",
	  .peer = THEIR_SEND_FD, .caller = OUR_RECV_FD, .expect = WANT_FD,
	  .text = "",
	  .sent = "your send_fd(fd, a pipe holding a line of text), to our "
		  "recv_fd",
	  .see = NOTES_PROTOCOL },
	{ .tag = "their-send-err", .part = BOOK,
	  .says = "your send_err: our recv_fd gets -status and the text",
	  .peer = THEIR_SEND_ERR, .caller = OUR_RECV_FD,
	  .expect = WANT_STATUS, .value = 13, .text = "permission denied\n",
	  .sent = "your send_err(fd, -13, \"permission denied\\n\"), to our "
		  "recv_fd",
	  .see = NOTES_PROTOCOL },

	{ .tag = "malformed", .part = HARDENING,
	  .says = "a malformed reply: -1, no exit or abort",
	  .peer = H_NULL_NOT_NEXT_TO_LAST, .expect = WANT_MINUS_ONE,
	  .sent = "\"ab\\0\\0xy\" (the null byte not next to last), no "
		  "descriptor",
	  .see = MISTAKE(2, "Exiting inside a library function") "; "
		 README_ROW("the null byte not next to last") },
	{ .tag = "status0-no-fd", .part = HARDENING,
	  .says = "status 0 without a descriptor: -1",
	  .peer = H_STATUS0_NO_FD, .expect = WANT_MINUS_ONE,
	  .sent = "the bytes 0, 0 and no descriptor",
	  .see = MISTAKE(2, "Exiting inside a library function") "; "
		 README_ROW("status 0 but no descriptor") },
	{ .tag = "fd-with-error", .part = HARDENING,
	  .says = "a descriptor with an error status: not returned, closed",
	  .peer = H_FD_WITH_STATUS, .expect = WANT_NO_FD,
	  .sent = "the bytes 0, 5 and a descriptor",
	  .see = MISTAKE(12, "Ignoring a descriptor sent with an error "
			 "status") "; "
		 README_ROW("a descriptor with a non-zero status") },
	{ .tag = "fd-then-next", .part = HARDENING,
	  .says = "after a descriptor with an error status, the next reply "
		  "is read right",
	  .peer = FD_WITH_STATUS_THEN_GOOD, .expect = WANT_NO_FD_THEN_FD,
	  .sent = "the bytes 0, 5 and a descriptor (over STREAMS: I_SENDFD "
		  "after them), then our send_fd; two calls",
	  .see = MISTAKE(12, "Ignoring a descriptor sent with an error "
			 "status") },
	{ .tag = "fd-on-text-error", .part = HARDENING,
	  .says = "a descriptor on the text, then an error status: not "
		  "returned, closed",
	  .peer = H_FD_BEFORE_ERROR_STATUS,
	  .streams_peer = H_STR_FD_BEFORE_ERROR_STATUS, .expect = WANT_NO_FD,
	  .sent = "\"early\" with a descriptor (over STREAMS: I_SENDFD after "
		  "it), then the bytes 0, 7",
	  .see = MISTAKE(7, "Trusting the first control message") "; "
		 README_ROW("a descriptor with a non-zero status (also one "
			    "riding on the text)") },
	{ .tag = "two-fds", .part = HARDENING,
	  .says = "two descriptors in one SCM_RIGHTS: -1, both closed",
	  .peer = H_TWO_FDS, .expect = WANT_MINUS_ONE,
	  .sent = "the bytes 0, 0 with two descriptors in one SCM_RIGHTS",
	  .see = MISTAKE(7, "Trusting the first control message") "; "
		 README_ROW("two or more descriptors"),
	  .only = SOCKETS_ONLY },
	{ .tag = "fds-in-two-writes", .part = HARDENING,
	  .says = "a descriptor with the null byte, another with the status: "
		  "-1, both closed",
	  .peer = H_FDS_IN_TWO_WRITES, .expect = WANT_MINUS_ONE,
	  .sent = "sendmsg of the byte 0 with a descriptor, then of the byte "
		  "0 with another",
	  .see = MISTAKE(7, "Trusting the first control message") "; "
		 README_ROW("two or more descriptors"),
	  .only = SOCKETS_ONLY },
	{ .tag = "ctrunc-many", .part = HARDENING,
	  .says = "200 descriptors, more than the control buffer holds "
		  "(MSG_CTRUNC): -1, none kept",
	  .peer = H_MANY_FDS, .expect = WANT_MINUS_ONE,
	  .sent = "the bytes 0, 0 with 200 descriptors in one SCM_RIGHTS",
	  .see = MISTAKE(7, "Trusting the first control message") "; "
		 README_ROW("more descriptors than the control buffer holds"),
	  .only = SOCKETS_ONLY },
	{ .tag = "ctrunc-one", .part = HARDENING,
	  .says = "two descriptors, one slot free: the kernel installs one "
		  "and sets MSG_CTRUNC: -1",
	  .peer = TWO_FDS_ONE_SLOT, .expect = WANT_MINUS_ONE,
	  .sent = "the bytes 0, 0 with two descriptors, RLIMIT_NOFILE "
		  "leaving one slot free",
	  .see = MISTAKE(7, "Trusting the first control message")
		 " (MSG_CTRUNC); "
		 README_ROW("no descriptor slot free in our process"),
	  .only = SOCKETS_ONLY },
	{ .tag = "closed-at-once", .part = HARDENING,
	  .says = "the peer closes without a byte: -1, at once",
	  .peer = H_CLOSE_AT_ONCE, .expect = WANT_MINUS_ONE,
	  .sent = "nothing: the peer closed its end",
	  .see = MISTAKE(9, "Treating 0 from recvmsg as an error with "
			 "errno") "; "
		 README_ROW("peer closes before sending a byte") },
	{ .tag = "dies-mid-reply", .part = HARDENING,
	  .says = "the peer dies mid-reply: -1, at once",
	  .peer = H_DIES_MID_REPLY, .expect = WANT_MINUS_ONE,
	  .sent = "\"dying\" and the null byte, then the peer killed itself "
		  "(SIGKILL)",
	  .see = MISTAKE(9, "Treating 0 from recvmsg as an error with "
			 "errno") "; "
		 README_ROW("peer killed (SIGKILL) mid-reply") },
	{ .tag = "eintr", .part = HARDENING,
	  .says = "a signal while recv_fd waits (EINTR): the descriptor "
		  "still comes",
	  .peer = H_SIGNAL_DURING_WAIT, .expect = WANT_FD, .text = "",
	  .sent = "SIGUSR1 (handler without SA_RESTART) while you waited, "
		  "then our send_fd",
	  .see = MISTAKE(9, "Treating 0 from recvmsg as an error with "
			 "errno") " (EINTR); "
		 README_ROW("a signal during the wait, handler without "
			    "SA_RESTART") },
	{ .tag = "dribble", .part = HARDENING,
	  .says = "a reply one byte per write",
	  .peer = H_DRIBBLE_FD, .expect = WANT_FD, .text = "dribbled\n",
	  .sent = "\"dribbled\\n\", 0, 0 one byte per write, the descriptor "
		  "with the last, each byte read before the next is sent",
	  .see = MISTAKE(3, "Treating a byte stream as messages") "; "
		 README_ROW("a reply dribbled one byte per write") },
	{ .tag = "queued", .part = HARDENING,
	  .says = "two error replies queued: each call takes its own",
	  .peer = H_TWO_ERRORS_QUEUED, .expect = WANT_EACH_ITS_OWN,
	  .sent = "our send_err(fd, -1, \"first\\n\") and send_err(fd, -2, "
		  "\"second\\n\") before the first call; two calls",
	  .see = MISTAKE(3, "Treating a byte stream as messages") "; "
		 README_ROW("two error replies queued back to back") },
};

#define ROW_COUNT (sizeof rows / sizeof rows[0])

/* Two lines of the hardening part sum up every case. */
#define NO_LEAK_SEE MISTAKE(7, "Trusting the first control message") \
	"; t/README.md: \"In every row the process survives and its " \
	"descriptor count is what it was before\""
#define SURVIVES_SEE MISTAKE(2, "Exiting inside a library function")

/* What a case process reports through its pipe. */
struct verdict {
	int result, error;
	int result2, error2;
	int right_payload;      /* the descriptor returned is the one sent */
	int right_payload2;     /* and the second call's */
	int leaked;             /* descriptors open after, not before */
	int first_leaked;
	int peer_exit;
	size_t text_len, text2_len;
	char text[160], text2[32];
	int long_text_intact;
};

/* What the parent saw of a case. */
enum ending { RETURNED, EXITED, KILLED_BY_SIGNAL, HUNG, NOT_HERE };
struct outcome {
	enum ending ending;
	int code;               /* the exit status or the signal */
	struct verdict v;
	char printed[200];      /* the first line it wrote (stdout, stderr) */
	const char *why_not_here;
};

static const char *transport(void)
{
	return hostile_column.name;
}

/* ---- inside a case process ---- */

static void count_signal(int signo)
{
	(void)signo;
	shared->signals_taken++;
}

/* The exit status of a peer whose graded send_fd or send_err returned
 * -1 (one the graded code is unlikely to exit with itself). */
#define THEIR_CALL_FAILED 97

static void their_send_fd(int sock, void *ctx)
{
	int payload = payload_fd();

	(void)ctx;
	if (send_fd(sock, payload) < 0)
		_exit(THEIR_CALL_FAILED);
	close(payload);
}

static void their_send_err(int sock, void *ctx)
{
	(void)ctx;
	if (send_err(sock, -13, "permission denied\n") < 0)
		_exit(THEIR_CALL_FAILED);
}

static struct rlimit saved_limit;

/* One slot free: the lowest free descriptor is the last one allowed. */
static void leave_one_slot(int ours)
{
	struct rlimit tight;
	int lowest_free = 0;

	(void)ours;
	while (fcntl(lowest_free, F_GETFD) >= 0)
		lowest_free++;
	if (getrlimit(RLIMIT_NOFILE, &saved_limit) < 0)
		err_sys("getrlimit error");
	tight = saved_limit;
	tight.rlim_cur = (rlim_t)lowest_free + 1;
	if (setrlimit(RLIMIT_NOFILE, &tight) < 0)
		err_sys("setrlimit error");
}

static void restore_limit(void)
{
	if (setrlimit(RLIMIT_NOFILE, &saved_limit) < 0)
		err_sys("setrlimit error");
}

/* The column's reply of a descriptor with status 5, then a good one. */
static void fd_with_status_then_good(int sock, void *ctx)
{
	hostile_column.cells[H_FD_WITH_STATUS].run(sock, ctx);
	must_send_fd(sock);
}

static int over_streams(void)
{
	return strcmp(transport(), "sockets") != 0;
}

static struct peer_cell cell_of(const struct grade_row *row)
{
	const struct peer_cell *fd_with_status =
		&hostile_column.cells[H_FD_WITH_STATUS];
	peer_fn *two_fds = hostile_column.cells[H_TWO_FDS].run;
	struct peer_cell none = { 0 };

	switch ((int)row->peer) {
	case THEIR_SEND_FD:
		return (struct peer_cell){ .run = their_send_fd };
	case THEIR_SEND_ERR:
		return (struct peer_cell){ .run = their_send_err };
	case TWO_FDS_ONE_SLOT:
		if (two_fds == NULL)
			return none;
		return (struct peer_cell){ .run = two_fds,
					   .prepare = leave_one_slot,
					   .restore = restore_limit };
	case FD_WITH_STATUS_THEN_GOOD:
		if (fd_with_status->run == NULL)
			return none;
		return (struct peer_cell){ .run = fd_with_status_then_good,
					   .prepare = fd_with_status->prepare };
	}
	if (over_streams() && row->streams_peer != 0)
		return hostile_column.cells[row->streams_peer];
	return hostile_column.cells[row->peer];
}

static void open_fds(unsigned char open[MAX_FD_SEEN])
{
	for (int fd = 0; fd < MAX_FD_SEEN; fd++)
		open[fd] = fcntl(fd, F_GETFD) >= 0;
}

static int call_recv(const struct grade_row *row, int ours)
{
	collect_reset();
	errno = 0;
	if (row->caller == OUR_RECV_FD)
		return ref_recv_fd(ours, collect_text);
	return recv_fd(ours, collect_text);
}

static void keep_text(char *out, size_t size, size_t *len)
{
	*len = collected_len;
	memcpy(out, collected, collected_len < size ? collected_len : size);
}

static int is_payload(int fd)
{
	char buf[sizeof PAYLOAD];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, 1000) != 1)
		return 0;
	n = readn(fd, buf, sizeof buf - 1);
	return n == (ssize_t)strlen(PAYLOAD) && memcmp(buf, PAYLOAD, n) == 0;
}

/* The peer has done its part, or will not: wait a little, then end it. */
static int end_peer(pid_t pid)
{
	struct timespec tick = { 0, 10 * 1000000L };
	int status;

	for (int waited = 0; waitpid(pid, &status, WNOHANG) == 0;
	     waited += 10) {
		if (waited == 2000)
			kill(pid, SIGKILL);
		nanosleep(&tick, NULL);
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void run_case(const struct grade_row *row, int report)
{
	struct peer_cell cell = cell_of(row);
	struct peer_ctx ctx = { .receiver = getpid() };
	struct verdict v = { .result = -1, .result2 = -1 };
	unsigned char before[MAX_FD_SEEN], after[MAX_FD_SEEN];
	int ours;
	pid_t pid;

	shared->signals_taken = 0;
	shared->peer_done = 0;
	open_fds(before);
	before[report] = 0;     /* closed before the count after */
	pid = start_peer(&ours, cell.run, &ctx);
	if (cell.prepare != NULL)
		cell.prepare(ours);
	v.result = call_recv(row, ours);
	v.error = errno;
	if (cell.restore != NULL)
		cell.restore();
	keep_text(v.text, sizeof v.text, &v.text_len);
	if (row->long_text > 0) {
		static char want[MAXLINE + 1];

		fill_text(want, row->long_text);
		v.long_text_intact =
			collected_len == row->long_text &&
			memcmp(collected, want, row->long_text) == 0;
	}
	if (row->expect == WANT_EACH_ITS_OWN ||
	    row->expect == WANT_NO_FD_THEN_FD) {
		v.result2 = call_recv(row, ours);
		v.error2 = errno;
		keep_text(v.text2, sizeof v.text2, &v.text2_len);
	}
	if (write(report, "r", 1) != 1)         /* the graded calls returned */
		_exit(PEER_BROKEN);
	if (v.result >= 0) {
		v.right_payload = is_payload(v.result);
		close(v.result);
	}
	if (row->expect == WANT_NO_FD_THEN_FD && v.result2 >= 0)
		v.right_payload2 = is_payload(v.result2);
	if (v.result2 >= 0 && v.result2 != v.result)
		close(v.result2);
	close(ours);
	v.peer_exit = end_peer(pid);
	open_fds(after);
	for (int fd = MAX_FD_SEEN - 1; fd >= 0; fd--)
		if (after[fd] && !before[fd] && fd != report) {
			v.leaked++;
			v.first_leaked = fd;
		}
	if (write(report, &v, sizeof v) != (ssize_t)sizeof v)
		_exit(PEER_BROKEN);
	_exit(0);
}

/* ---- in the grader ---- */

static void first_line(FILE *f, char *out, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
}

/* Wait at most ms for the case to write, or to end (its peer may hold
 * the pipe open after the case is gone, so it is waited for as well as
 * read).  1: there is something to read. */
static int readable_or_ended(pid_t pid, int from_case, int ms, int *status,
			     int *ended)
{
	struct pollfd p = { .fd = from_case, .events = POLLIN };

	for (int waited = 0; !*ended && waited < ms; waited += 10) {
		if (poll(&p, 1, 10) > 0)
			return 1;
		*ended = waitpid(pid, status, WNOHANG) == pid;
	}
	return poll(&p, 1, 0) > 0;
}

/* How the case ended: its report; or its death; or CASE_SECONDS without
 * the mark it writes when the graded calls have returned.  After the
 * mark, it has CLEANUP_SECONDS to read the descriptor and end its peer. */
static void collect(pid_t pid, int from_case, struct outcome *o)
{
	int status = 0, ended = 0;
	char mark;

	o->ending = EXITED;     /* until the report or the limit says more */
	if (readable_or_ended(pid, from_case, CASE_SECONDS * 1000, &status,
			      &ended)) {
		if (read(from_case, &mark, 1) == 1 &&
		    readable_or_ended(pid, from_case, CLEANUP_SECONDS * 1000,
				      &status, &ended) &&
		    readn(from_case, &o->v, sizeof o->v) ==
		    (ssize_t)sizeof o->v)
			o->ending = RETURNED;
	} else if (!ended) {
		o->ending = HUNG;
	}
	kill(-pid, SIGKILL);    /* a hang, or a peer the case left behind */
	if (!ended)
		waitpid(pid, &status, 0);
	if (o->ending == RETURNED || o->ending == HUNG)
		return;
	if (WIFSIGNALED(status)) {
		o->ending = KILLED_BY_SIGNAL;
		o->code = WTERMSIG(status);
	} else {
		o->ending = EXITED;
		o->code = WEXITSTATUS(status);
	}
}

static void run_in_own_process(const struct grade_row *row, struct outcome *o)
{
	const struct rlimit no_core = { 0, 0 };
	FILE *printed = tmpfile();
	int report[2];
	pid_t pid;

	memset(o, 0, sizeof *o);
	if (printed == NULL || pipe(report) < 0)
		err_sys("grade: tmpfile or pipe error");
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		err_sys("grade: fork error");
	if (pid == 0) {
		setpgid(0, 0);
		setrlimit(RLIMIT_CORE, &no_core);       /* no core files */
		close(report[0]);
		if (dup2(fileno(printed), STDOUT_FILENO) < 0 ||
		    dup2(fileno(printed), STDERR_FILENO) < 0)
			_exit(PEER_BROKEN);
		fclose(printed);
		run_case(row, report[1]);
	}
	setpgid(pid, pid);
	close(report[1]);
	collect(pid, report[0], o);
	close(report[0]);
	first_line(printed, o->printed, sizeof o->printed);
	fclose(printed);
}

static const char *unavailable(const struct grade_row *row)
{
	struct peer_cell cell = cell_of(row);
	const char *why;

	if (cell.run == NULL || (row->only == SOCKETS_ONLY && over_streams()))
		return "not a case of this transport";
	if (cell.unavailable != NULL && (why = cell.unavailable()) != NULL)
		return why;
	return NULL;
}

/* ---- judging and saying why ---- */

/* At most 40 bytes of text, escaped, and its length when longer. */
static void show_text(char *out, size_t size, const char *text, size_t len)
{
	size_t used = 0;

	for (size_t i = 0; i < len && i < 40 && used + 8 < size; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n')
			used += snprintf(out + used, size - used, "\\n");
		else if (c < 32 || c > 126)
			used += snprintf(out + used, size - used, "\\%o", c);
		else
			out[used++] = (char)c;
	}
	out[used] = '\0';
	if (len > 40)
		snprintf(out + used, size - used, "... (%zu bytes)", len);
}

static int text_right(const struct grade_row *row, const struct verdict *v)
{
	if (row->long_text > 0)
		return v->long_text_intact;
	if (row->text == NULL)
		return 1;
	return v->text_len == strlen(row->text) &&
	       memcmp(v->text, row->text, v->text_len) == 0;
}

static int result_right(const struct grade_row *row, const struct verdict *v)
{
	switch (row->expect) {
	case WANT_FD:
		return v->result >= 0 && v->right_payload;
	case WANT_STATUS:
		return v->result == -row->value;
	case WANT_MINUS_ONE:
		return v->result == -1;
	case WANT_NO_FD:
		return v->result < 0;
	case WANT_NO_FD_THEN_FD:
		return v->result < 0 && v->result2 >= 0 && v->right_payload2;
	case WANT_EACH_ITS_OWN:
		return v->result == -1 && v->result2 == -2 &&
		       v->text_len == 6 && memcmp(v->text, "first\n", 6) == 0 &&
		       v->text2_len == 7 &&
		       memcmp(v->text2, "second\n", 7) == 0;
	}
	return 0;
}

static int passes(const struct grade_row *row, const struct outcome *o)
{
	return o->ending == RETURNED && result_right(row, &o->v) &&
	       text_right(row, &o->v) && o->v.leaked == 0;
}

static const char *who(const struct grade_row *row)
{
	return row->caller == OUR_RECV_FD ? "our recv_fd" : "your recv_fd";
}

static void say_result(char *out, size_t size, const char *what, int result,
		       int error)
{
	if (result >= 0)
		snprintf(out, size, "%s returned descriptor %d", what, result);
	else if (result == -1)
		snprintf(out, size, "%s returned -1 (errno %s)", what,
			 error ? strerror(error) : "0");
	else
		snprintf(out, size, "%s returned %d", what, result);
}

static const char *signal_name(int signo)
{
	switch (signo) {
	case SIGABRT: return "SIGABRT";
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	case SIGILL: return "SIGILL";
	case SIGKILL: return "SIGKILL";
	case SIGPIPE: return "SIGPIPE";
	}
	return "a signal";
}

/* What came back, in one line. */
static void describe(const struct grade_row *row, const struct outcome *o,
		     char *out, size_t size)
{
	const struct verdict *v = &o->v;
	char text[120], first[160], second[160];
	size_t used;

	switch (o->ending) {
	case HUNG:
		snprintf(out, size, "no answer in %d seconds: %s never "
			 "returned (killed)", CASE_SECONDS, who(row));
		return;
	case EXITED:
		snprintf(out, size, "the process exited with status %d inside "
			 "%s (exit, err_sys or err_quit)", o->code, who(row));
		return;
	case KILLED_BY_SIGNAL:
		snprintf(out, size, "the process was killed by %s (%s) "
			 "inside %s%s", signal_name(o->code),
			 strsignal(o->code), who(row),
			 o->code == SIGABRT ? " (abort, as err_dump does)" :
			 "");
		return;
	case NOT_HERE:
	case RETURNED:
		break;
	}
	say_result(first, sizeof first, who(row), v->result, v->error);
	if (row->caller == OUR_RECV_FD && v->peer_exit != 0) {
		const char *theirs = row->peer == THEIR_SEND_FD ? "send_fd" :
				     "send_err";

		if (v->peer_exit == THEIR_CALL_FAILED)
			snprintf(out, size, "%.100s; your %s returned -1",
				 first, theirs);
		else if (v->peer_exit > 128)
			snprintf(out, size, "%.100s; the process running your "
				 "%s ended by signal %d", first, theirs,
				 v->peer_exit - 128);
		else
			snprintf(out, size, "%.100s; the process running your "
				 "%s exited with status %d", first, theirs,
				 v->peer_exit);
		return;
	}
	if (row->expect == WANT_EACH_ITS_OWN) {
		show_text(text, sizeof text, v->text, v->text_len);
		used = (size_t)snprintf(out, size, "first call: %.80s, text "
					"\"%s\"; ", first, text);
		say_result(second, sizeof second, "second call", v->result2,
			   v->error2);
		show_text(text, sizeof text, v->text2, v->text2_len);
		snprintf(out + used, size - used, "%.80s, text \"%s\"", second,
			 text);
	} else if (row->expect == WANT_NO_FD_THEN_FD) {
		say_result(second, sizeof second, "second call", v->result2,
			   v->error2);
		snprintf(out, size, "first call: %.80s; %.80s%s%s", first,
			 second, v->result2 >= 0 && !v->right_payload2 ?
			 ", not the one sent" : "",
			 v->leaked > 0 ? "; descriptors left open" : "");
	} else if (v->result >= 0 && row->expect == WANT_FD &&
		   !v->right_payload) {
		snprintf(out, size, "%.100s, but not the one sent (it does not "
			 "read the pipe's line)", first);
	} else if (result_right(row, v) && !text_right(row, v)) {
		show_text(text, sizeof text, v->text, v->text_len);
		snprintf(out, size, "%.100s; userfunc got \"%s\"", first, text);
	} else if (result_right(row, v)) {
		snprintf(out, size, "%.100s, and descriptor %d%s was left open "
			 "(%d leaked)", first, v->first_leaked,
			 v->leaked > 1 ? " and others" : "", v->leaked);
	} else {
		snprintf(out, size, "%.200s%s", first,
			 v->leaked > 0 ? ", with descriptors left open" : "");
	}
}

static void print_line(const struct grade_row *row, const struct outcome *o,
		       int ok)
{
	char came[400];

	if (o->ending == NOT_HERE) {
		printf("  n/a   %-18s %s (%s)\n", row->tag, row->says,
		       o->why_not_here);
		return;
	}
	printf("  %-5s %-18s %s\n", ok ? "ok" : "FAIL", row->tag, row->says);
	if (ok)
		return;
	describe(row, o, came, sizeof came);
	printf("        sent: %s\n", row->sent);
	printf("        got:  %s\n", came);
	if (o->printed[0] != '\0')
		printf("        it printed: %.160s\n", o->printed);
	printf("        see:  %s", row->see);
	/* An exit or an abort is a mistake of its own, whatever the case. */
	if ((o->ending == EXITED || o->ending == KILLED_BY_SIGNAL) &&
	    strstr(row->see, SURVIVES_SEE) == NULL)
		printf("; %s", SURVIVES_SEE);
	printf("\n");
}

/* The two lines that sum up every case the graded recv_fd ran. */
static void print_summing_up(const struct outcome *all, int *passed,
			     int *counted)
{
	char leaks[300] = "", deaths[300] = "";
	size_t lu = 0, du = 0;

	for (size_t i = 0; i < ROW_COUNT; i++) {
		const struct outcome *o = &all[i];

		if (o->ending == RETURNED && o->v.leaked > 0 && lu < 250)
			lu += snprintf(leaks + lu, sizeof leaks - lu,
				       "%s%s (%d)", lu ? ", " : "", rows[i].tag,
				       o->v.leaked);
		if ((o->ending == EXITED || o->ending == KILLED_BY_SIGNAL) &&
		    du < 250)
			du += snprintf(deaths + du, sizeof deaths - du,
				       "%s%s (%s)", du ? ", " : "", rows[i].tag,
				       o->ending == EXITED ? "exit" :
				       o->code == SIGABRT ? "abort" :
				       strsignal(o->code));
	}
	*counted += 2;
	*passed += (lu == 0) + (du == 0);
	printf("  %-5s %-18s %s\n", lu == 0 ? "ok" : "FAIL", "no-leak",
	       "no descriptor left open, in any case");
	if (lu != 0) {
		printf("        sent: every case above\n");
		printf("        got:  descriptors left open after %s\n", leaks);
		printf("        see:  %s\n", NO_LEAK_SEE);
	}
	printf("  %-5s %-18s %s\n", du == 0 ? "ok" : "FAIL", "survives",
	       "no exit, abort or crash, in any case");
	if (du != 0) {
		printf("        sent: every case above\n");
		printf("        got:  the process ended in %s\n", deaths);
		printf("        see:  %s\n", SURVIVES_SEE);
	}
}

/* A line a recv_fd that always fails would pass. */
static int expects_failure(const struct grade_row *row)
{
	return row->expect == WANT_MINUS_ONE || row->expect == WANT_NO_FD;
}

/* rows[0], "a descriptor arrives and works", runs first: a recv_fd that
 * fails it earns nothing from the lines that want a failure. */
static int grade(const char *name)
{
	static struct outcome all[ROW_COUNT];
	int passed[2] = { 0, 0 }, counted[2] = { 0, 0 };

	printf("Grading %s over %s\n", name, transport());
	for (size_t i = 0; i < ROW_COUNT; i++) {
		const struct grade_row *row = &rows[i];
		const char *why = unavailable(row);
		int ok;

		if (i == 0 || row->part != rows[i - 1].part)
			printf("%s\n", row->part == BOOK ?
			       "The book's contract" : "Hardening");
		if (why != NULL) {
			all[i].ending = NOT_HERE;
			all[i].why_not_here = why;
			print_line(row, &all[i], 0);
			continue;
		}
		tap_rearm();
		run_in_own_process(row, &all[i]);
		ok = passes(row, &all[i]);
		if (ok && expects_failure(row) && !passes(&rows[0], &all[0])) {
			all[i].ending = NOT_HERE;
			all[i].why_not_here = "not judged: your recv_fd returned "
				"no descriptor in the first line, so -1 here "
				"proves nothing";
			print_line(row, &all[i], 0);
			continue;
		}
		passed[row->part] += ok;
		counted[row->part]++;
		print_line(row, &all[i], ok);
	}
	print_summing_up(all, &passed[HARDENING], &counted[HARDENING]);
	printf("score: %d/%d (the book's contract %d/%d, hardening %d/%d)\n",
	       passed[BOOK] + passed[HARDENING],
	       counted[BOOK] + counted[HARDENING], passed[BOOK], counted[BOOK],
	       passed[HARDENING], counted[HARDENING]);
	return passed[BOOK] == counted[BOOK] ? 0 : 1;
}

static void usage(FILE *to)
{
	fprintf(to, "usage: grade [-h] [-n NAME]\n"
		"  Runs the contract cases against the send_fd, send_err and "
		"recv_fd linked in;\n"
		"  prints a report card for NAME.  Exit status 0 when every "
		"line of the book's\n"
		"  contract holds.  Built and run by make grade SRC=FILE.\n");
}

int main(int argc, char *argv[])
{
	const char *name = "this build";
	struct sigaction sa;
	int c;

	while ((c = getopt(argc, argv, "hn:")) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'n':
			name = optarg;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	map_shared();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = count_signal;   /* no SA_RESTART: EINTR */
	sigemptyset(&sa.sa_mask);
	if (sigaction(HOSTILE_SIGNAL, &sa, NULL) < 0)
		err_sys("sigaction error");
	signal(SIGPIPE, SIG_IGN);       /* peers write to closed sockets */
	return grade(name);
}
