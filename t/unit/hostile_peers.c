/*
 * hostile_peers.c - the peers of the hostile-peer matrix that use only the
 * apue.h API (send_fd, send_err, send_ufd, write) and the preparations
 * that touch only our own descriptor: the same for every transport, so
 * both columns (hostile_sock.c, hostile_streams.c) and the grader
 * (t/grade/grade.c) link this one copy, with the memory they share.
 * Linked against either library, send_fd and friends are that
 * transport's.  Linux: /proc/PID/stat and TIOCOUTQ, as in the columns.
 */
#define _GNU_SOURCE             /* TIOCOUTQ on a socket (Linux) */
#include "hostile_peers.h"
#include "peer.h"
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <grp.h>
#include <time.h>

static struct rlimit saved_nofile;

volatile struct hostile_shared *shared;

/* ---- what every column's peers share ---- */

int payload_fd(void)
{
	int p[2];

	if (pipe(p) < 0)
		_exit(PEER_BROKEN);
	if (writen(p[1], PAYLOAD, strlen(PAYLOAD)) < 0)
		_exit(PEER_BROKEN);
	close(p[1]);
	return p[0];
}

void fill_text(char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
}

/* Memory the forked peers see too (MAP_ANONYMOUS is not POSIX.1-2008,
 * so a shared mapping of a temporary file). */
void map_shared(void)
{
	FILE *file = tmpfile();
	void *p;

	if (file == NULL || ftruncate(fileno(file), sizeof *shared) < 0)
		err_sys("tmpfile error");
	p = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED,
		 fileno(file), 0);
	if (p == MAP_FAILED)
		err_sys("mmap error");
	fclose(file);           /* the mapping stays */
	shared = p;
}


void must_write(int fd, const void *data, size_t n)
{
	if (writen(fd, data, n) != (ssize_t)n)
		_exit(PEER_BROKEN);
}

void must_send_fd(int fd)
{
	int payload = payload_fd();

	if (send_fd(fd, payload) < 0)
		_exit(PEER_BROKEN);
	close(payload);
}

void must_send_err(int fd, int status, const char *text)
{
	if (send_err(fd, -status, text) < 0)
		_exit(PEER_BROKEN);
}

/* Stay until the receiver has closed its end (read returns 0 at
 * hangup; the receiver never sends us anything). */
void wait_for_close(int fd)
{
	char c;

	while (read(fd, &c, 1) > 0 || errno == EINTR)
		continue;
}

void short_pause(void)
{
	struct timespec ms = { 0, 1000000 };

	nanosleep(&ms, NULL);
}

/* Wait until the receiver has taken every message we sent: TIOCOUTQ on
 * the emulation's socket counts what is still queued. */
void wait_until_read(int fd)
{
	for (;;) {
		int queued;

		if (ioctl(fd, TIOCOUTQ, &queued) < 0)
			_exit(PEER_BROKEN);
		if (queued == 0)
			return;
		short_pause();
	}
}

void die_now(void)
{
	kill(getpid(), SIGKILL);
	for (;;)
		pause();
}

void p_good_fd(int fd, void *ctx)
{
	(void)ctx;
	must_send_fd(fd);
}

void p_peer_error(int fd, void *ctx)
{
	(void)ctx;
	must_send_err(fd, 13, "permission denied\n");
}

void p_peer_error_255(int fd, void *ctx)
{
	(void)ctx;
	if (send_fd(fd, -255) < 0)
		_exit(PEER_BROKEN);
}

void p_two_replies_queued(int fd, void *ctx)
{
	(void)ctx;
	must_send_fd(fd);
	must_send_fd(fd);
	shared->peer_done = 1;
}

void p_two_errors_queued(int fd, void *ctx)
{
	(void)ctx;
	must_send_err(fd, 1, "first\n");
	must_send_err(fd, 2, "second\n");
	shared->peer_done = 1;
}

void p_fd_queued(int fd, void *ctx)
{
	(void)ctx;
	must_send_fd(fd);
	shared->peer_done = 1;
}

void p_close_at_once(int fd, void *ctx)
{
	(void)fd;
	(void)ctx;
}

void p_no_null_then_close(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "no null byte", 12);
}

void p_dies_mid_reply(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "dying", 6);
	die_now();
}

void p_null_not_next_to_last(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "ab\0\0xy", 6);
}

void p_status0_no_fd(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "\0\0", 2);
}

void p_text_then_fd(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "text\n", 5);
	must_send_fd(fd);
}

/* The state letter of /proc/PID/stat: 'S' while asleep in getmsg. */
char process_state(pid_t pid)
{
	char path[64], buf[512], *paren;
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((fd = open(path, O_RDONLY)) < 0)
		_exit(PEER_BROKEN);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		_exit(PEER_BROKEN);
	buf[n] = '\0';
	if ((paren = strrchr(buf, ')')) == NULL || paren[1] == '\0')
		_exit(PEER_BROKEN);
	return paren[2];
}

void wait_until_asleep(pid_t pid)
{
	while (process_state(pid) != 'S')
		short_pause();
}

/* The receiver sleeps in getmsg; interrupt it, see the handler run, see
 * it asleep again (so recv_fd retried), then reply. */
void p_signal_during_wait(int fd, void *ctx)
{
	const struct peer_ctx *peer = ctx;

	wait_until_asleep(peer->receiver);
	if (kill(peer->receiver, HOSTILE_SIGNAL) < 0)
		_exit(PEER_BROKEN);
	while (shared->signals_taken == 0)
		short_pause();
	wait_until_asleep(peer->receiver);
	must_send_fd(fd);
}

void send_long_error(int fd, size_t n)
{
	char *text = malloc(n + 1);

	if (text == NULL)
		_exit(PEER_BROKEN);
	fill_text(text, n);
	text[n] = '\0';
	must_send_err(fd, 2, text);
	free(text);
}

void p_text_maxline(int fd, void *ctx)
{
	(void)ctx;
	send_long_error(fd, MAXLINE);
}

void p_text_maxline_plus_1(int fd, void *ctx)
{
	(void)ctx;
	send_long_error(fd, MAXLINE + 1);
}

void p_userfunc_fails(int fd, void *ctx)
{
	(void)ctx;
	must_send_err(fd, 3, "text nobody can show\n");
}

void p_userfunc_short(int fd, void *ctx)
{
	(void)ctx;
	must_send_err(fd, 4, "some text\n");
}

void p_wait_for_close(int fd, void *ctx)
{
	(void)ctx;
	wait_for_close(fd);
}

/* Half a reply, marked sent; stay until the receiver is done. */
void p_half_then_wait(int fd, void *ctx)
{
	(void)ctx;
	must_write(fd, "half", 4);
	shared->peer_done = 1;
	wait_for_close(fd);
}

void p_ufd_good(int fd, void *ctx)
{
	int payload = payload_fd();

	(void)ctx;
	if (send_ufd(fd, payload) < 0)
		_exit(PEER_BROKEN);
	close(payload);
}

void p_ufd_other_user(int fd, void *ctx)
{
	if (setgroups(0, NULL) < 0 || setgid(OTHER_UID) < 0 ||
	    setuid(OTHER_UID) < 0)
		_exit(PEER_BROKEN);
	p_ufd_good(fd, ctx);
}

void p_ufd_peer_error(int fd, void *ctx)
{
	(void)ctx;
	must_send_err(fd, 9, "bad\n");
}

void prep_closed(int ours)
{
	close(ours);
}

void prep_nonblocking(int ours)
{
	int flags = fcntl(ours, F_GETFL);

	if (flags < 0 || fcntl(ours, F_SETFL, flags | O_NONBLOCK) < 0)
		err_sys("fcntl error");
}

/* Wait until the peer has sent all it means to, so that what the row
 * is about is queued when recv_fd looks. */
void prep_wait_peer_done(int ours)
{
	(void)ours;
	while (!shared->peer_done)
		short_pause();
}

void prep_nonblocking_after_peer(int ours)
{
	prep_nonblocking(ours);
	prep_wait_peer_done(ours);
}

void prep_no_free_slot(int ours)
{
	struct rlimit tight;
	int lowest_free = 0;

	prep_wait_peer_done(ours);
	while (fcntl(lowest_free, F_GETFD) >= 0)
		lowest_free++;
	if (getrlimit(RLIMIT_NOFILE, &saved_nofile) < 0)
		err_sys("getrlimit error");
	tight = saved_nofile;
	tight.rlim_cur = (rlim_t)lowest_free;   /* that one is now too high */
	if (setrlimit(RLIMIT_NOFILE, &tight) < 0)
		err_sys("setrlimit error");
}

void restore_nofile(void)
{
	if (setrlimit(RLIMIT_NOFILE, &saved_nofile) < 0)
		err_sys("setrlimit error");
}

const char *no_proc_stat(void)
{
	return access("/proc/self/stat", R_OK) < 0 ?
	       "no /proc/PID/stat to see the receiver wait" : NULL;
}

const char *not_root(void)
{
	return geteuid() != 0 ? "switching the peer's uid needs root" : NULL;
}
