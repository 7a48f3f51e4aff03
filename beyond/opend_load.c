/*
 * opend_load.c - the version 2 open server under load, with misbehaving
 * clients among the good ones.  A program that prints a table;
 * t/0720 runs a short version of it as a test.
 *
 * It lives in beyond/ beside the other measuring programs (`make bench`):
 * the book has no such figure, and a reader looking for "how much can the
 * server take" looks where the benchmarks are.  `make load` runs it.
 *
 * What it does: starts the server itself (SERVER -d -s SCRATCH/opend.socket,
 * its log in the scratch directory), waits until cli_conn succeeds, then
 * runs a warm-up round and the measured round.  In each round every
 * client is its own process, all released at once.  A good client opens
 * its own scratch file of known contents, again and again, and checks
 * every answer: the descriptor's file (fstat dev and inode), its first
 * bytes and its access mode; every tenth request names a missing file and
 * must get ENOENT.  A misbehaving client takes turns at: a garbage request
 * (must get EINVAL), an over-long request (must get EMSGSIZE), a
 * disconnect in the middle of a request, ten requests whose answers it
 * never reads, and a connection that sends nothing; it also holds one
 * silent connection for its whole run.  The server's descriptor count
 * (/proc/PID/fd) and memory (VmRSS) are read after the warm-up and again
 * after the measured round.
 *
 * Exit status 1 if a valid request was lost or answered wrongly, a bad
 * request got anything but its error, any step failed, or the server's
 * descriptors grew at all or its memory by more than the tolerance.
 *
 * It uses only the apue.h API, so it is built for both transports:
 * beyond/streams/opend_load drives the STREAMS build of the servers.
 *
 * usage: opend_load [-h] [-S server] [-c clients] [-n requests]
 *                   [-b misbehaving] [-w warm-up] [-m kB]
 */
#include "apue.h"
#include <dirent.h>
#include <limits.h>
#include <sys/wait.h>
#include <time.h>

#define SOCKET_NAME     "opend.socket"
#define FILE_HEAD       64              /* bytes of each file checked */
#define UNREAD_REQUESTS 10              /* per "never reads" turn */
#define START_TIMEOUT_MS 10000          /* for the server's first answer */
#define SETTLE_MS       5000            /* for the server to close clients */

/* How a request or a step went wrong: the columns of "failures by kind". */
enum failure {
	F_CONNECT, F_WRITE, F_CLOSED, F_RECV, F_WRONG_FILE, F_WRONG_CONTENTS,
	F_WRONG_MODE, F_ERROR_NOT_FD, F_FD_NOT_ERROR, F_WRONG_ERROR,
	F_PROCESS, NFAILURES
};

static const char *const failure_name[NFAILURES] = {
	[F_CONNECT] = "cli_conn failed",
	[F_WRITE] = "write failed",
	[F_CLOSED] = "connection closed, no answer",
	[F_RECV] = "recv_fd failed otherwise",
	[F_WRONG_FILE] = "descriptor of another file",
	[F_WRONG_CONTENTS] = "wrong contents",
	[F_WRONG_MODE] = "wrong access mode",
	[F_ERROR_NOT_FD] = "an error, not the descriptor",
	[F_FD_NOT_ERROR] = "a descriptor, not the error",
	[F_WRONG_ERROR] = "the wrong error",
	[F_PROCESS] = "client process died",
};

/* What a misbehaving client does, turn by turn. */
enum act { A_GARBAGE, A_OVERLONG, A_HALF, A_UNREAD, A_SILENT, NACTS };

static const char *const act_name[NACTS] = {
	[A_GARBAGE] = "garbage request",
	[A_OVERLONG] = "over-long request",
	[A_HALF] = "disconnect mid-request",
	[A_UNREAD] = "10 requests, answers never read",
	[A_SILENT] = "connect, send nothing, close",
};

/* One client's results, sent to the driver through a pipe in one write
 * (smaller than PIPE_BUF, so never interleaved with another's). */
struct tally {
	long sent, right_fd, right_error, wrong, lost;  /* valid requests */
	long acts[NACTS], refused[NACTS];               /* misbehaviour */
	long held;                                      /* silent connections */
	long fail_good[NFAILURES], fail_bad[NFAILURES];
};

struct usage_now {
	long fds, rss_kb;                               /* -1: unknown */
};

/* Sized so that every path made from them fits in PATH_MAX. */
static char scratch[512], sockpath[600], server_path[PATH_MAX];
static const char *server_shown;
static int nclients = 100, nbad = -1;
static long nrequests = 1000, nwarmup = 10, rss_tolerance_kb = 1024;

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out, "usage: opend_load [-h] [-S server] [-c clients] "
		"[-n requests] [-b misbehaving] [-w warm-up] [-m kB]\n"
		"  Runs a version 2 open server under load and checks every answer.\n"
		"  -S server   opend2 (default), opend2_poll, opend_compact, "
		"opend_epoll,\n"
		"              or the path of a server taking -d -s PATH\n"
		"  -c clients  concurrent clients (default 100)\n"
		"  -n requests per client (default 1000)\n"
		"  -b number   of the clients that misbehave (default a tenth)\n"
		"  -w requests per client in the warm-up round (default 10)\n"
		"  -m kB       memory growth allowed after the warm-up "
		"(default 1024)\n");
	exit(status);
}

/* ---- where things are ---------------------------------------------------- */

/* The tree and our transport, from our own path:
 * TOP/beyond/NAME (sockets) or TOP/beyond/streams/NAME (STREAMS). */
static void find_tree(const char *argv0, char *top, size_t size,
		      const char **twin)
{
	char self[2048];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (n > 0)
		self[n] = '\0';
	else
		snprintf(self, sizeof self, "%s", argv0);
	*twin = "";
	for (int up = 0; up < 2; up++) {        /* NAME, then beyond */
		if ((slash = strrchr(self, '/')) == NULL) {
			snprintf(top, size, "..");  /* run from beyond/ */
			return;
		}
		*slash = '\0';
		if (up == 0 && (slash = strrchr(self, '/')) != NULL &&
		    strcmp(slash + 1, "streams") == 0) {
			*twin = "streams/";
			*slash = '\0';
		}
	}
	snprintf(top, size, "%s", self[0] != '\0' ? self : "/");
}

/* -S: a known server's name, or a path. */
static void find_server(const char *argv0, const char *name)
{
	static const struct {
		const char *name, *dir;
	} known[] = {
		{ "opend2", "ch17" }, { "opend2_poll", "ch17" },
		{ "opend_compact", "exercises/17.5" },
		{ "opend_epoll", "exercises/17.5" },
	};
	static char shown[256];
	char top[2048];
	const char *twin;

	if (strchr(name, '/') != NULL) {
		snprintf(server_path, sizeof server_path, "%s", name);
		server_shown = name;
		return;
	}
	find_tree(argv0, top, sizeof top, &twin);
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strcmp(name, known[i].name) == 0) {
			snprintf(shown, sizeof shown, "%s/%s%s", known[i].dir,
				 twin, name);
			snprintf(server_path, sizeof server_path, "%s/%s",
				 top, shown);
			server_shown = shown;
			return;
		}
	}
	err_quit("opend_load: unknown server \"%s\" (try -h)", name);
}

static void file_path(char *buf, size_t size, int id)
{
	snprintf(buf, size, "%s/client.%d", scratch, id);
}

/* The first bytes of client id's file: its number, then filler. */
static void file_head(char *buf, int id)
{
	int n = snprintf(buf, FILE_HEAD, "client %d of the load run\n", id);

	for (int i = n; i < FILE_HEAD; i++)
		buf[i] = (char)('a' + (i + id) % 26);
}

static void make_files(void)
{
	char path[PATH_MAX], head[FILE_HEAD];
	int fd;

	for (int id = 0; id < nclients; id++) {
		file_path(path, sizeof path, id);
		file_head(head, id);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0 ||
		    writen(fd, head, FILE_HEAD) != FILE_HEAD ||
		    writen(fd, "the rest of the file\n", 21) != 21 ||
		    close(fd) < 0)
			err_sys("can't write %s", path);
	}
}

static void remove_scratch(void)
{
	char path[PATH_MAX];
	DIR *dir = opendir(scratch);
	struct dirent *d;

	if (dir == NULL)
		return;
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", scratch, d->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(scratch);
}

/* ---- small helpers -------------------------------------------------------- */

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift32: the same bytes on every run. */
static unsigned next_random(unsigned *state)
{
	unsigned x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

static size_t open_request(char *buf, size_t size, const char *path, int oflag)
{
	int n = snprintf(buf, size, "open %s %d", path, oflag);

	return (size_t)n + 1;                   /* the null byte too */
}

/* ---- a good client ---------------------------------------------------------- */

/* Is fd client id's file, opened with accmode? */
static enum failure check_fd(int fd, const struct stat *want, int id,
			     int accmode)
{
	char head[FILE_HEAD], expect[FILE_HEAD];
	struct stat st;
	int flags;

	if (fstat(fd, &st) < 0 || st.st_dev != want->st_dev ||
	    st.st_ino != want->st_ino)
		return F_WRONG_FILE;
	file_head(expect, id);
	if (pread(fd, head, FILE_HEAD, 0) != FILE_HEAD ||
	    memcmp(head, expect, FILE_HEAD) != 0)
		return F_WRONG_CONTENTS;
	if ((flags = fcntl(fd, F_GETFL)) < 0 || (flags & O_ACCMODE) != accmode)
		return F_WRONG_MODE;
	return NFAILURES;                       /* right */
}

/* One valid request on *csfd, its answer checked.  Every tenth names a
 * missing file (ENOENT is due); the others alternate O_RDONLY, O_RDWR. */
static void good_request(int *csfd, int id, long r, const struct stat *want,
			 struct tally *t)
{
	char path[PATH_MAX + 16], req[PATH_MAX + 32];
	int missing = r % 10 == 9, accmode = r % 2 ? O_RDWR : O_RDONLY;
	size_t len;
	enum failure f;
	int fd;

	t->sent++;
	if (*csfd < 0 && (*csfd = cli_conn(sockpath)) < 0) {
		t->fail_good[F_CONNECT]++;
		t->lost++;
		return;
	}
	file_path(path, sizeof path, id);
	if (missing)
		strcat(path, ".missing");
	len = open_request(req, sizeof req, path, accmode);
	if (writen(*csfd, req, len) != (ssize_t)len) {
		f = F_WRITE;
		goto lost;
	}
	fd = recv_fd(*csfd, NULL);
	if (fd == -1) {
		f = errno == ECONNRESET ? F_CLOSED : F_RECV;
		goto lost;
	}
	if (missing) {
		f = fd >= 0 ? F_FD_NOT_ERROR :
		    fd != -ENOENT ? F_WRONG_ERROR : NFAILURES;
	} else {
		f = fd < 0 ? F_ERROR_NOT_FD : check_fd(fd, want, id, accmode);
	}
	if (fd >= 0)
		close(fd);
	if (f != NFAILURES) {
		t->fail_good[f]++;
		t->wrong++;
	} else if (missing) {
		t->right_error++;
	} else {
		t->right_fd++;
	}
	return;
lost:
	t->fail_good[f]++;
	t->lost++;
	close(*csfd);                           /* out of step: start again */
	*csfd = -1;
}

static void good_client(int id, long requests, struct tally *t)
{
	char path[PATH_MAX];
	struct stat want;
	int csfd = -1;

	file_path(path, sizeof path, id);
	if (stat(path, &want) < 0)
		err_sys("can't stat %s", path);
	for (long r = 0; r < requests; r++)
		good_request(&csfd, id, r, &want, t);
	if (csfd >= 0)
		close(csfd);
}

/* ---- a misbehaving client --------------------------------------------------- */

/* A request the server must refuse with -errcode, on the kept connection. */
static void refused_request(int *talk, const char *req, size_t len,
			    int errcode, enum act a, struct tally *t)
{
	enum failure f;
	int fd;

	if (*talk < 0 && (*talk = cli_conn(sockpath)) < 0) {
		t->fail_bad[F_CONNECT]++;
		return;
	}
	if (writen(*talk, req, len) != (ssize_t)len) {
		f = F_WRITE;
		goto broken;
	}
	fd = recv_fd(*talk, NULL);
	if (fd == -1) {
		f = errno == ECONNRESET ? F_CLOSED : F_RECV;
		goto broken;
	}
	if (fd >= 0) {
		close(fd);
		t->fail_bad[F_FD_NOT_ERROR]++;
	} else if (fd != -errcode) {
		t->fail_bad[F_WRONG_ERROR]++;
	} else {
		t->refused[a]++;
	}
	return;
broken:
	t->fail_bad[f]++;
	close(*talk);
	*talk = -1;
}

/* Garbage: 1-200 bytes, any but the null byte and 'o' (so never "open"),
 * then a null byte: EINVAL. */
static void garbage(int *talk, unsigned *seed, struct tally *t)
{
	char req[201];
	size_t len = 1 + next_random(seed) % 200;

	for (size_t i = 0; i < len; i++) {
		req[i] = (char)(1 + next_random(seed) % 255);
		if (req[i] == 'o')
			req[i] = 'x';
	}
	req[len] = '\0';
	refused_request(talk, req, len + 1, EINVAL, A_GARBAGE, t);
}

/* REQUEST_MAX (4096) bytes or more before the null byte: EMSGSIZE. */
static void overlong(int *talk, unsigned *seed, struct tally *t)
{
	static char req[3 * 4096];
	size_t len = 4096 + next_random(seed) % 8000;

	for (size_t i = 0; i < len; i++)
		req[i] = (char)('A' + i % 26);
	req[len] = '\0';
	refused_request(talk, req, len + 1, EMSGSIZE, A_OVERLONG, t);
}

/* A new connection, used for one act, then closed. */
static int one_shot(struct tally *t)
{
	int fd = cli_conn(sockpath);

	if (fd < 0)
		t->fail_bad[F_CONNECT]++;
	return fd;
}

/* Part of a valid request, then gone. */
static void half_request(int id, unsigned *seed, struct tally *t)
{
	char path[PATH_MAX], req[PATH_MAX + 32];
	size_t len, cut;
	int fd;

	file_path(path, sizeof path, id);
	len = open_request(req, sizeof req, path, O_RDONLY);
	cut = 1 + next_random(seed) % (len - 2);        /* never the null byte */
	if ((fd = one_shot(t)) < 0)
		return;
	if (writen(fd, req, cut) != (ssize_t)cut)
		t->fail_bad[F_WRITE]++;
	close(fd);
}

/* Valid requests for our file, answers (descriptors) left unread. */
static void unread_answers(int id, struct tally *t)
{
	char path[PATH_MAX], req[PATH_MAX + 32];
	size_t len;
	int fd;

	file_path(path, sizeof path, id);
	len = open_request(req, sizeof req, path, O_RDONLY);
	if ((fd = one_shot(t)) < 0)
		return;
	for (int i = 0; i < UNREAD_REQUESTS; i++) {
		if (writen(fd, req, len) != (ssize_t)len) {
			t->fail_bad[F_WRITE]++;
			break;
		}
	}
	close(fd);
}

/* Connect, say nothing, leave: long enough for the server to accept. */
static void silent(struct tally *t)
{
	int fd;

	if ((fd = one_shot(t)) < 0)
		return;
	pause_ms(1);
	close(fd);
}

static void bad_client(int id, int nth_bad, long turns, struct tally *t)
{
	unsigned seed = 2654435761u * (unsigned)(id + 1);
	int talk = -1, held;

	if ((held = cli_conn(sockpath)) >= 0)   /* silent for the whole run */
		t->held++;
	else
		t->fail_bad[F_CONNECT]++;
	for (long r = 0; r < turns; r++) {
		enum act a = (enum act)((nth_bad + r) % NACTS);

		t->acts[a]++;
		switch (a) {
		case A_GARBAGE:
			garbage(&talk, &seed, t);
			break;
		case A_OVERLONG:
			overlong(&talk, &seed, t);
			break;
		case A_HALF:
			half_request(id, &seed, t);
			break;
		case A_UNREAD:
			unread_answers(id, t);
			break;
		case A_SILENT:
		case NACTS:
			silent(t);
			break;
		}
	}
	if (talk >= 0)
		close(talk);
	if (held >= 0)
		close(held);
}

/* ---- a round ------------------------------------------------------------------ */

static void add_tally(struct tally *sum, const struct tally *t)
{
	sum->sent += t->sent;
	sum->right_fd += t->right_fd;
	sum->right_error += t->right_error;
	sum->wrong += t->wrong;
	sum->lost += t->lost;
	sum->held += t->held;
	for (int a = 0; a < NACTS; a++) {
		sum->acts[a] += t->acts[a];
		sum->refused[a] += t->refused[a];
	}
	for (int f = 0; f < NFAILURES; f++) {
		sum->fail_good[f] += t->fail_good[f];
		sum->fail_bad[f] += t->fail_bad[f];
	}
}

/* The misbehaving clients are spread among the good ones. */
static int is_bad(int id, int *nth_bad)
{
	if (nbad == 0 || id % (nclients / nbad) != 0 ||
	    id / (nclients / nbad) >= nbad)
		return 0;
	*nth_bad = id / (nclients / nbad);
	return 1;
}

/* All clients at once, each `requests` requests or turns; the sum of
 * their tallies. */
static struct tally run_round(long requests)
{
	struct tally sum, t;
	int results[2], go[2], nth_bad, status, got = 0;
	pid_t *pids = calloc((size_t)nclients, sizeof *pids);

	memset(&sum, 0, sizeof sum);
	if (pids == NULL)
		err_sys("calloc error");
	if (pipe(results) < 0 || pipe(go) < 0)
		err_sys("pipe error");
	for (int id = 0; id < nclients; id++) {
		if ((pids[id] = fork()) < 0)
			err_sys("fork error");
		if (pids[id] == 0) {
			char c;

			close(results[0]);
			close(go[1]);
			(void)read(go[0], &c, 1);       /* end of file: go */
			memset(&t, 0, sizeof t);
			if (is_bad(id, &nth_bad))
				bad_client(id, nth_bad, requests, &t);
			else
				good_client(id, requests, &t);
			_exit(writen(results[1], &t, sizeof t) == sizeof t ? 0 : 1);
		}
	}
	close(results[1]);
	close(go[0]);
	close(go[1]);                           /* everyone starts now */
	while (readn(results[0], &t, sizeof t) == sizeof t) {
		add_tally(&sum, &t);
		got++;
	}
	close(results[0]);
	for (int id = 0; id < nclients; id++) {
		if (waitpid(pids[id], &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			err_msg("opend_load: client %d did not finish "
				"(wait status %d)", id, status);
		}
	}
	if (got < nclients)
		sum.fail_good[F_PROCESS] += nclients - got;
	free(pids);
	return sum;
}

static long failures(const struct tally *t)
{
	long n = 0;

	for (int f = 0; f < NFAILURES; f++)
		n += t->fail_good[f] + t->fail_bad[f];
	return n;
}

/* ---- the server ------------------------------------------------------------------ */

/* The server starts with 0, 1 and 2 only, whatever we inherited, so
 * its descriptor count is the same wherever the driver runs. */
static void closefrom_3(void)
{
	long max = sysconf(_SC_OPEN_MAX);

	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = 3; fd < max; fd++)
		close(fd);
}

static pid_t start_server(void)
{
	char log[PATH_MAX];
	pid_t pid;
	int fd;

	snprintf(log, sizeof log, "%s/server.log", scratch);
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		if ((fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0 ||
		    dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
			_exit(127);
		close(fd);
		if ((fd = open("/dev/null", O_RDONLY)) < 0 ||
		    dup2(fd, STDIN_FILENO) < 0)
			_exit(127);
		close(fd);
		closefrom_3();
		execl(server_path, server_path, "-d", "-s", sockpath, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Wait until a client can connect, or the server has died. */
static void wait_for_server(pid_t pid)
{
	int fd, status;

	for (long waited = 0; waited < START_TIMEOUT_MS; waited += 10) {
		if (waitpid(pid, &status, WNOHANG) == pid) {
			remove_scratch();
			err_quit("opend_load: %s exited before serving "
				 "(wait status %d)", server_path, status);
		}
		if ((fd = cli_conn(sockpath)) >= 0) {
			close(fd);
			return;
		}
		pause_ms(10);
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	remove_scratch();
	err_quit("opend_load: no connection to %s after %d ms", server_path,
		 START_TIMEOUT_MS);
}

static long count_fds(pid_t pid)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	long n = 0;

	snprintf(path, sizeof path, "/proc/%ld/fd", (long)pid);
	if ((dir = opendir(path)) == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL)
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

static long rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(fp);
	return kb;
}

/* The server closes a finished client when its loop next runs: wait until
 * its descriptor count has not changed for 100 ms, then read both. */
static struct usage_now settle(pid_t pid)
{
	struct usage_now u;
	long last = count_fds(pid);
	int same = 0;

	for (long waited = 0; waited < SETTLE_MS && same < 10; waited += 10) {
		pause_ms(10);
		u.fds = count_fds(pid);
		same = u.fds == last ? same + 1 : 0;
		last = u.fds;
	}
	u.fds = last;
	u.rss_kb = rss_kb(pid);
	return u;
}

/* ---- the table ------------------------------------------------------------------ */

static void print_number(long n)
{
	if (n < 0)
		printf(" %9s", "n/a");
	else
		printf(" %9ld", n);
}

/* One row of the server table; 0 if within the limit (or unknown). */
static int usage_row(const char *what, long before, long after, long allowed)
{
	int over = before >= 0 && after >= 0 && after - before > allowed;

	printf("  %-26s", what);
	print_number(before);
	print_number(after);
	if (before >= 0 && after >= 0)
		printf(" %+9ld", after - before);
	else
		printf(" %9s", "n/a");
	printf(" %+9ld%s\n", allowed, over ? "  TOO MUCH" : "");
	return over;
}

static int report(const struct tally *t, struct usage_now before,
		  struct usage_now after, double secs)
{
	int bad = 0;

	printf("\nvalid requests (%d well-behaved clients)    count\n",
	       nclients - nbad);
	printf("  %-38s %9ld\n", "sent", t->sent);
	printf("  %-38s %9ld\n", "answered right", t->right_fd + t->right_error);
	printf("  %-38s %9ld\n", "  the file, its bytes, its access mode",
	       t->right_fd);
	printf("  %-38s %9ld\n", "  the error due (missing file: ENOENT)",
	       t->right_error);
	printf("  %-38s %9ld\n", "answered wrongly", t->wrong);
	printf("  %-38s %9ld\n", "lost (no answer)", t->lost);

	printf("\nmisbehaviour (%d clients)                   count  refused as due\n",
	       nbad);
	for (int a = 0; a < NACTS; a++) {
		printf("  %-38s %9ld", act_name[a], t->acts[a]);
		if (a == A_GARBAGE)
			printf("  %9ld (EINVAL)", t->refused[a]);
		else if (a == A_OVERLONG)
			printf("  %9ld (EMSGSIZE)", t->refused[a]);
		printf("\n");
	}
	printf("  %-38s %9ld\n", "a connection held silent all along", t->held);

	printf("\nfailures by kind                          good  misbehaving\n");
	for (int f = 0; f < NFAILURES; f++)
		printf("  %-36s %7ld %12ld\n", failure_name[f], t->fail_good[f],
		       t->fail_bad[f]);

	printf("\nserver (/proc/PID)             before     after    change   allowed\n");
	bad |= usage_row("descriptors", before.fds, after.fds, 0);
	bad |= usage_row("VmRSS (kB)", before.rss_kb, after.rss_kb,
			 rss_tolerance_kb);
	if (before.fds < 0 || after.fds < 0 || before.rss_kb < 0 || after.rss_kb < 0)
		printf("  (no /proc here: descriptors and memory not checked)\n");

	printf("\nmeasured round: %.1f s\n", secs);
	if (t->lost != 0 || t->wrong != 0 || failures(t) != 0 ||
	    t->right_fd + t->right_error != t->sent)
		bad = 1;
	return bad;
}

/* ---- main ------------------------------------------------------------------------- */

static long number(const char *arg, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || n < min || n > max)
		usage(stderr, 2);
	return n;
}

int main(int argc, char *argv[])
{
	const char *server = "opend2", *tmp;
	struct usage_now before, after;
	struct tally warm, t;
	double start, secs;
	int c, bad;
	pid_t pid;

	opterr = 0;
	while ((c = getopt(argc, argv, "hS:c:n:b:w:m:")) != -1) {
		switch (c) {
		case 'h':
			usage(stdout, 0);
		case 'S':
			server = optarg;
			break;
		case 'c':
			nclients = (int)number(optarg, 1, 900);
			break;
		case 'n':
			nrequests = number(optarg, 1, 100000000);
			break;
		case 'b':
			nbad = (int)number(optarg, 0, 900);
			break;
		case 'w':
			nwarmup = number(optarg, 1, 100000000);
			break;
		case 'm':
			rss_tolerance_kb = number(optarg, 0, 1L << 30);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
	if (nbad < 0)
		nbad = nclients / 10;
	if (nbad > nclients)
		usage(stderr, 2);
	find_server(argv[0], server);
	if (access(server_path, X_OK) < 0)
		err_sys("opend_load: can't run %s", server_path);

	signal(SIGPIPE, SIG_IGN);       /* a closed connection is a count */
	if ((tmp = getenv("TMPDIR")) == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	if (snprintf(scratch, sizeof scratch, "%s/opend-load-XXXXXX", tmp) >=
	    (int)sizeof scratch)
		err_quit("opend_load: TMPDIR is too long: %s", tmp);
	if (mkdtemp(scratch) == NULL)
		err_sys("can't make a scratch directory in %s", tmp);
	snprintf(sockpath, sizeof sockpath, "%s/%s", scratch, SOCKET_NAME);
	make_files();

	pid = start_server();
	wait_for_server(pid);
	printf("opend_load: %s, %d clients (%d misbehaving) x %ld requests\n",
	       server_shown, nclients, nbad, nrequests);

	fflush(stdout);                 /* not again from each client */
	warm = run_round(nwarmup);
	before = settle(pid);
	printf("warm-up: %d clients x %ld requests: %ld of %ld valid requests "
	       "answered right, %ld failures\n", nclients, nwarmup,
	       warm.right_fd + warm.right_error, warm.sent, failures(&warm));

	fflush(stdout);
	start = now();
	t = run_round(nrequests);
	secs = now() - start;
	after = settle(pid);

	bad = report(&t, before, after, secs);
	if (warm.right_fd + warm.right_error != warm.sent || failures(&warm) != 0)
		bad = 1;
	if (waitpid(pid, NULL, WNOHANG) != 0) {
		printf("the server died during the run\n");
		bad = 1;
	} else {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
	printf("result: %s\n", bad ? "FAIL" : "pass");
	remove_scratch();
	return bad;
}
