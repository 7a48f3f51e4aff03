/*
 * bench_secure.c - what privilege separation costs the version 2 open
 * servers: each loop (select, poll, the compact poll array, epoll) run
 * privilege-separated, as shipped, beside the same loop run in one process
 * (-B, for benchmarks only; with -U, as -B refuses root without it), in one run, at 1, 10, 100 and 1000 clients.
 * A program that prints a table, never a test.
 *
 * The clients are spread over three users (two when only...; one when we
 * are not root), one client process per user, so the privilege-separated
 * server runs one worker per user.  Each client process connects all its
 * connections, then makes rounds of one request on each and takes every
 * answer; what is timed is the whole of it, connect included, from the
 * moment all client processes start to the moment the last one is done.
 * The servers run with -c high enough for every client.
 *
 * Each measurement (a server, its workers, the client processes) runs in
 * a process group of its own, which is stopped on every way out: at the
 * end of the measurement, at exit (after an error too), on SIGINT,
 * SIGTERM and SIGHUP; and when the bench is killed, by a guard process
 * that reads end of file from it then (on Linux the server and the
 * clients also get PR_SET_PDEATHSIG, which a -B server loses at its first
 * seteuid).  A measurement in which no client gets an answer for
 * ANSWER_TIMEOUT seconds is reported, naming the server and the users
 * still waiting, and so is a client that fails.
 *
 * usage: bench_secure [-h] [-n requests] [-r repeats]
 *   (default: 6000 requests per cell, the best of 3 runs)
 */
#define _DEFAULT_SOURCE         /* setgroups (glibc) */
#include "apue.h"
#include <grp.h>
#include <pwd.h>
#include <poll.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>          /* Linux only: PR_SET_PDEATHSIG, subreaper */
#endif
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif

#define MAX_USERS 3
#define ANSWER_TIMEOUT 10       /* seconds without an answer: report, stop */
#define STOP_GRACE_MS 2000      /* after SIGTERM, before SIGKILL */

static const int client_counts[] = { 1, 10, 100, 1000 };
#define NCOUNTS (int)(sizeof client_counts / sizeof client_counts[0])

static const struct {
	const char *label, *dir, *name;
} servers[] = {
	{ "v2 select", "ch17", "opend2" },
	{ "v2 poll", "ch17", "opend2_poll" },
	{ "compact poll", "exercises/17.5", "opend_compact" },
	{ "epoll", "exercises/17.5", "opend_epoll" },
};
#define NSERVERS (int)(sizeof servers / sizeof servers[0])

static char top[4096];
static const char *twin = "";           /* "streams/" for that build */
static char scratch[] = "/tmp/opend-bench-secure-XXXXXX";
static char target[256], sockpath[256], request[512];
static size_t request_len;
static long total_requests = 6000;
static int repeats = 3;
static uid_t users[MAX_USERS];
static gid_t user_gids[MAX_USERS];
static int nusers;
static int started;                     /* servers started: sock.1 ... */
static pid_t bench_pid;

/* The measurement running now, so that every way out can stop it: its
 * process group (the server's pid; 0: none) and what to say about it. */
static volatile sig_atomic_t cell_pgid;
static pid_t server_pid;
static int guard_fd = -1;               /* to the guard: each cell's group */
static const char *cell_label = "", *cell_mode = "";
static int single_cell;                 /* -B: no workers */

/* What each client process has done, in memory it shares with the bench:
 * a client that stops getting answers shows here, without a system call
 * in the loop being timed. */
struct progress {
	atomic_long connected, answered;
};
static struct progress *progress;       /* MAX_USERS slots */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The way out, from here to on_signal, is async-signal-safe: kill,
 * waitpid, nanosleep, lstat, unlink, rmdir, write only. */

/* Every child that has ended: the cell's, the workers of a server that
 * has ended, and (over STREAMS) the fattach helpers, which leave the
 * cell's session and end when their server's stream does; all of them
 * come to us, the subreaper. */
static void reap_children(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* Over STREAMS the fattach helper puts the name back as an empty file a
 * moment after the server ends: wait for that (a second at most), then
 * remove it. */
static void remove_name(const char *name)
{
	struct stat sb;

	for (int ms = 0; twin[0] != '\0' && ms < 1000; ms += 10) {
		if (lstat(name, &sb) < 0 || !S_ISSOCK(sb.st_mode))
			break;
		pause_ms(10);
	}
	unlink(name);
}

/* Stop the measurement's process group: the server, its workers (they
 * run as other users, but root's kill of the group reaches them; they
 * also end when the server's channel closes) and the clients.  SIGCONT
 * for a stopped one; SIGKILL for whatever is left after the grace. */
static void stop_group(pid_t pgid)
{
	kill(-pgid, SIGTERM);
	kill(-pgid, SIGCONT);
	for (int ms = 0; ; ms += 10) {
		reap_children();
		if (kill(-pgid, 0) < 0 && errno == ESRCH)
			break;
		if (ms == STOP_GRACE_MS)
			kill(-pgid, SIGKILL);
		if (ms > 2 * STOP_GRACE_MS)
			break;          /* not ours to reap (no subreaper) */
		pause_ms(10);
	}
}

/* What the guard is told: the cell's group (0: none) and its number. */
struct cell_news {
	pid_t pgid;
	int number;                     /* its name is sock.<number> */
};

static void tell_guard(pid_t pgid)
{
	struct cell_news news = { pgid, started };

	if (guard_fd >= 0)
		(void)!write(guard_fd, &news, sizeof news);
}

static void stop_cell(void)
{
	pid_t pgid = cell_pgid;

	if (pgid <= 0)
		return;
	stop_group(pgid);
	cell_pgid = 0;
	tell_guard(0);
	remove_name(sockpath);
}

/* At exit and on a signal, in the bench only (a client that exits with
 * err_sys runs the atexit handlers too). */
static void stop_all(void)
{
	if (getpid() != bench_pid)
		return;
	stop_cell();
	unlink(target);
	rmdir(scratch);
}

static void on_signal(int signo)
{
	stop_all();
	signal(signo, SIG_DFL);
	raise(signo);
}

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define NSTOP (int)(sizeof stop_signals / sizeof stop_signals[0])

/* Around a fork into the cell: a signal comes once the child is known. */
static void hold_signals(int how)
{
	sigset_t set;

	sigemptyset(&set);
	for (int i = 0; i < NSTOP; i++)
		sigaddset(&set, stop_signals[i]);
	sigprocmask(how, &set, NULL);
}

/* In a child: the signals as they were before the bench, and death with
 * the bench (Linux), even by SIGKILL.  Call it after any change of uid,
 * which clears the death signal. */
static void child_of_bench(void)
{
	for (int i = 0; i < NSTOP; i++)
		signal(stop_signals[i], SIG_DFL);
	hold_signals(SIG_UNBLOCK);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
	if (getppid() != bench_pid)
		_exit(1);               /* the bench is gone already */
}

/* The guard: a child of the bench, outside the cells, told each cell's
 * process group.  However the bench ends (by SIGKILL too), its end of the
 * pipe closes, and the guard stops the cell it left, if any, and removes
 * the scratch directory. */
static void start_guard(void)
{
	int p[2];
	pid_t pid;

	if (pipe(p) < 0)
		err_sys("pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		struct cell_news news = { 0, 0 }, next;

		for (int i = 0; i < NSTOP; i++)
			signal(stop_signals[i], SIG_IGN);   /* it ends by itself */
		close(p[1]);
		while (read(p[0], &next, sizeof next) == sizeof next)
			news = next;
		if (news.pgid > 0) {
			stop_group(news.pgid);
			snprintf(sockpath, sizeof sockpath, "%s/sock.%d",
				 scratch, news.number);
			remove_name(sockpath);
		}
		unlink(target);
		rmdir(scratch);
		_exit(0);
	}
	close(p[0]);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);       /* the servers never hold it */
	guard_fd = p[1];
}

/* TOP/exercises/17.5[/streams]/bench_secure: the tree, and the twin. */
static void find_top(void)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (n <= 0) {
		strcpy(top, ".");
		return;
	}
	self[n] = '\0';
	*strrchr(self, '/') = '\0';
	slash = strrchr(self, '/');
	if (slash != NULL && strcmp(slash + 1, "streams") == 0) {
		twin = "streams/";
		*slash = '\0';
	}
	for (int up = 0; up < 2; up++)
		if ((slash = strrchr(self, '/')) != NULL)
			*slash = '\0';
	snprintf(top, sizeof top, "%s", self);
}

/* Three users with a passwd entry, none root; just ourselves if not root. */
static void pick_users(void)
{
	static const uid_t candidates[] = { 65534, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct passwd *pw;

	if (geteuid() != 0) {
		users[0] = geteuid();
		user_gids[0] = getegid();
		nusers = 1;
		return;
	}
	for (size_t i = 0; i < sizeof candidates / sizeof candidates[0] &&
	     nusers < MAX_USERS; i++) {
		if ((pw = getpwuid(candidates[i])) == NULL)
			continue;
		users[nusers] = pw->pw_uid;
		user_gids[nusers++] = pw->pw_gid;
	}
	if (nusers == 0)
		err_quit("no unprivileged user with a passwd entry");
}

/* cli_conn leaves its name for a file-owner server; ours do not take it. */
static void forget_name(int fd)
{
	struct sockaddr_un un;
	socklen_t len = sizeof un;

	memset(&un, 0, sizeof un);
	if (getsockname(fd, (struct sockaddr *)&un, &len) == 0 &&
	    un.sun_family == AF_UNIX && un.sun_path[0] == '/' && len < sizeof un)
		(void)unlink(un.sun_path);
}

/* One client process: become user u, wait for go, connect n, make rounds
 * of requests, say done.  Never returns. */
static _Noreturn void client(int u, int n, long rounds, int go, int done)
{
	struct progress *mine = &progress[u];
	int *fds = calloc((size_t)n, sizeof *fds);
	unsigned char me = (unsigned char)u;
	char c;

	if (fds == NULL)
		err_sys("calloc");
	if (geteuid() == 0 &&
	    (setgroups(1, &user_gids[u]) < 0 || setgid(user_gids[u]) < 0 ||
	     setuid(users[u]) < 0))
		err_sys("can't become uid %ld", (long)users[u]);
	child_of_bench();
	if (read(go, &c, 1) != 1)
		_exit(1);
	for (int i = 0; i < n; i++) {
		if ((fds[i] = cli_conn(sockpath)) < 0)
			err_sys("uid %ld: cli_conn error on connection %d",
				(long)users[u], i + 1);
		atomic_fetch_add_explicit(&mine->connected, 1,
					  memory_order_relaxed);
	}
	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < n; i++)
			if (writen(fds[i], request, request_len) != (ssize_t)request_len)
				err_sys("uid %ld: can't send a request on "
					"connection %d", (long)users[u], i + 1);
		for (int i = 0; i < n; i++) {
			int fd = recv_fd(fds[i], NULL);

			if (fd < 0)
				err_quit("uid %ld: no descriptor on connection "
					 "%d: recv_fd returned %d (%s)",
					 (long)users[u], i + 1, fd,
					 errno != 0 ? strerror(errno) :
					 "the server's error");
			close(fd);
			atomic_fetch_add_explicit(&mine->answered, 1,
						  memory_order_relaxed);
			if (r == 0)
				forget_name(fds[i]);
		}
	}
	if (write(done, &me, 1) != 1)
		_exit(1);
	_exit(0);
}

static pid_t start_server(const char *dir, const char *name, int single)
{
	char path[4200];
	pid_t pid;
	int fd;

	snprintf(path, sizeof path, "%s/%s/%s%s", top, dir, twin, name);
	/* A fresh name each time: over STREAMS the last server's name is
	 * put back as an empty file a moment after it ends. */
	snprintf(sockpath, sizeof sockpath, "%s/sock.%d", scratch, ++started);
	fflush(NULL);                   /* nothing printed twice by a child */
	hold_signals(SIG_BLOCK);
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		setpgid(0, 0);          /* the cell's group, led by the server */
		child_of_bench();
		dup2(null, STDOUT_FILENO);      /* never hold the bench's pipe */
		dup2(null, STDERR_FILENO);      /* no log */
		if (single)
			execl(path, name, "-d", "-s", sockpath, "-c", "100000",
			      "-B", "-U", (char *)NULL);
		else
			execl(path, name, "-d", "-s", sockpath, "-c", "100000",
			      (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);              /* whichever of us comes first */
	cell_pgid = pid;
	server_pid = pid;
	tell_guard(pid);
	hold_signals(SIG_UNBLOCK);
	for (int tries = 0; (fd = cli_conn(sockpath)) < 0; tries++) {
		if (tries == 5000)
			err_sys("bench: %s (%s) does not answer: cli_conn "
				"error: %s", cell_label, cell_mode, path);
		pause_ms(1);
	}
	forget_name(fd);
	close(fd);
	return pid;
}

static _Noreturn void cell_failed(int nclients, const char *fmt, ...)
	APUE_PRINTF(2, 3);

/* Report what went wrong in this measurement, then exit (stop_all stops
 * the cell). */
static _Noreturn void cell_failed(int nclients, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "bench_secure: %s, %s, %d clients: ", cell_label,
		cell_mode, nclients);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* The server's state, for a report: "pid N", ended or stopped. */
static const char *server_state(void)
{
	static char buf[128];
	int status;
	pid_t r = waitpid(server_pid, &status, WNOHANG | WUNTRACED);

	if (r == server_pid && WIFSTOPPED(status))
		snprintf(buf, sizeof buf, "pid %ld, stopped", (long)server_pid);
	else if (r == server_pid)
		snprintf(buf, sizeof buf, "pid %ld, ended with status %#x",
			 (long)server_pid, (unsigned)status);
	else
		snprintf(buf, sizeof buf, "pid %ld, running", (long)server_pid);
	return buf;
}

static long answers_so_far(void)
{
	long sum = 0;

	for (int u = 0; u < nusers; u++)
		sum += atomic_load_explicit(&progress[u].answered,
					    memory_order_relaxed);
	return sum;
}

/* Is the client process pid stopped (then it, not the server, stalls)? */
static int client_stopped(pid_t pid)
{
	int status;

	return waitpid(pid, &status, WNOHANG | WUNTRACED) == pid &&
	       WIFSTOPPED(status);
}

/* Nobody got an answer for ANSWER_TIMEOUT seconds: who was waiting. */
static _Noreturn void report_stall(int nclients, const int *per,
				   const int *done, long rounds, int k,
				   const pid_t *pids, const int *user_of)
{
	char who[512];
	size_t len = 0;

	who[0] = '\0';
	for (int i = 0; i < k && len < sizeof who; i++) {
		int u = user_of[i];
		long conn, ans;

		if (done[u])
			continue;
		conn = atomic_load_explicit(&progress[u].connected,
					    memory_order_relaxed);
		ans = atomic_load_explicit(&progress[u].answered,
					   memory_order_relaxed);
		len += (size_t)snprintf(who + len, sizeof who - len,
			"%suid %ld (%s%ld of %d connected, %ld of %ld answers)",
			len > 0 ? ", " : "", (long)users[u],
			client_stopped(pids[i]) ? "its client is stopped; " : "",
			conn, per[u], ans, (long)per[u] * rounds);
	}
	cell_failed(nclients, "the server (%s)%s gave no answer for %d s; "
		    "still waiting: %s", server_state(),
		    single_cell ? "" : " or its worker for a waiting uid",
		    ANSWER_TIMEOUT, who);
}

/* Wait for the k client processes (pids, users of each) to say done; a
 * client that fails, or a server that stops answering, is reported. */
static void wait_for_clients(int nclients, const int *per, long rounds,
			     int k, const pid_t *pids, const int *user_of,
			     int donefd)
{
	int done[MAX_USERS] = { 0 }, ndone = 0, status;
	long answers = answers_so_far(), now_answers;
	double last_answer = now();
	unsigned char who;

	while (ndone < k) {
		struct pollfd p = { .fd = donefd, .events = POLLIN };
		int r = poll(&p, 1, 250);

		if (r < 0 && errno != EINTR)
			err_sys("poll error");
		if (r > 0 && read(donefd, &who, 1) == 1 && who < nusers &&
		    !done[who]) {
			done[who] = 1;
			ndone++;
			continue;
		}
		/* A client that ended well has said done: read it next. */
		for (int i = 0; i < k; i++)
			if (!done[user_of[i]] &&
			    waitpid(pids[i], &status, WNOHANG) == pids[i] &&
			    !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
				cell_failed(nclients, "the client of uid %ld "
					    "failed (status %#x); the server: %s",
					    (long)users[user_of[i]],
					    (unsigned)status, server_state());
		if ((now_answers = answers_so_far()) != answers) {
			answers = now_answers;
			last_answer = now();
		} else if (now() - last_answer >= ANSWER_TIMEOUT) {
			report_stall(nclients, per, done, rounds, k, pids,
				     user_of);
		}
	}
}

/* Seconds for nclients over the users, rounds requests each. */
static double run_cell(int nclients, long rounds)
{
	int go[2], done[2], per[MAX_USERS], user_of[MAX_USERS], k = 0;
	pid_t pids[MAX_USERS];
	double start, secs;

	for (int u = 0; u < nusers; u++) {
		per[u] = nclients / nusers + (u < nclients % nusers);
		atomic_store(&progress[u].connected, 0);
		atomic_store(&progress[u].answered, 0);
	}
	if (pipe(go) < 0 || pipe(done) < 0)
		err_sys("pipe error");
	fflush(NULL);
	for (int u = 0; u < nusers; u++) {
		if (per[u] == 0)
			continue;
		hold_signals(SIG_BLOCK);
		if ((pids[k] = fork()) < 0)
			err_sys("fork error");
		if (pids[k] == 0) {
			setpgid(0, cell_pgid);
			close(guard_fd);        /* its end of file is the bench's */
			close(go[1]);
			close(done[0]);
			client(u, per[u], rounds, go[0], done[1]);
		}
		setpgid(pids[k], cell_pgid);
		hold_signals(SIG_UNBLOCK);
		user_of[k++] = u;
	}
	close(go[0]);
	close(done[1]);
	pause_ms(50);                   /* every client is waiting */
	start = now();
	for (int i = 0; i < k; i++)
		if (write(go[1], "g", 1) != 1)
			err_sys("write error");
	wait_for_clients(nclients, per, rounds, k, pids, user_of, done[0]);
	secs = now() - start;
	close(go[1]);
	close(done[0]);
	for (int i = 0; i < k; i++)
		waitpid(pids[i], NULL, 0);
	return secs;
}

static double measure(int s, int single, int nclients, long rounds)
{
	double best = 1e9;

	cell_label = servers[s].label;
	cell_mode = single ? "one process" : "privilege-separated";
	single_cell = single;
	for (int r = 0; r < repeats; r++) {
		double secs;

		start_server(servers[s].dir, servers[s].name, single);
		secs = run_cell(nclients, rounds);
		stop_cell();
		if (secs < best)
			best = secs;
	}
	return best;
}

static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4096) {
		rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out, "usage: bench_secure [-h] [-n requests] [-r repeats]\n"
		"  Requests per second, connect included, of each version 2\n"
		"  loop privilege-separated beside the same loop in one process,\n"
		"  at 1, 10, 100 and 1000 clients spread over three users.\n"
		"  -n requests  per measurement (default 6000)\n"
		"  -r repeats   keep the best of this many (default 3)\n");
	exit(status);
}

int main(int argc, char *argv[])
{
	char path[4200];
	int c, fd;

	while ((c = getopt(argc, argv, "hn:r:")) != -1) {
		if (c == 'h')
			usage(stdout, 0);
		else if (c == 'n' && (total_requests = atol(optarg)) > 0)
			continue;
		else if (c == 'r' && (repeats = atoi(optarg)) > 0)
			continue;
		usage(stderr, 2);
	}
	if (optind != argc)
		usage(stderr, 2);
	signal(SIGPIPE, SIG_IGN);
	bench_pid = getpid();
	for (int i = 0; i < NSTOP; i++)
		signal(stop_signals[i], on_signal);
#ifdef __linux__
	/* Workers whose server has ended become our children, so that
	 * stop_cell reaps them and sees their group empty (reap_children). */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
#endif
	raise_fd_limit();
	find_top();
	pick_users();
	progress = mmap(NULL, MAX_USERS * sizeof *progress,
			PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (progress == MAP_FAILED)
		err_sys("mmap error");
	if (mkdtemp(scratch) == NULL)
		err_sys("mkdtemp error");
	atexit(stop_all);
	chmod(scratch, 0755);           /* the clients' users reach the file */
	snprintf(target, sizeof target, "%s/file", scratch);
	start_guard();                  /* knows scratch and target now */
	if ((fd = open(target, O_WRONLY | O_CREAT, FILE_MODE)) < 0)
		err_sys("open error");
	close(fd);
	request_len = (size_t)snprintf(request, sizeof request, "open %s %d",
				       target, O_RDONLY) + 1;

	printf("open servers, %s transport: requests per second, connect "
	       "included, best of %d\n", twin[0] ? "STREAMS" : "sockets", repeats);
	printf("clients spread over %d user%s (uid", nusers, nusers > 1 ? "s" : "");
	for (int u = 0; u < nusers; u++)
		printf(" %ld", (long)users[u]);
	printf("); %ld requests per cell\n", total_requests);
	printf("%-13s | %7s | %16s | %19s | %6s\n", "loop", "clients",
	       "one process (-B)", "privilege-separated", "ratio");
	for (int s = 0; s < NSERVERS; s++) {
		snprintf(path, sizeof path, "%s/%s/%s%s", top, servers[s].dir,
			 twin, servers[s].name);
		if (access(path, X_OK) != 0)
			continue;
		for (int k = 0; k < NCOUNTS; k++) {
			int n = client_counts[k];
			long rounds = total_requests / n > 0 ? total_requests / n : 1;
			double reqs = (double)rounds * n;
			double one = measure(s, 1, n, rounds);
			double sep = measure(s, 0, n, rounds);

			printf("%-13s | %7d | %16.0f | %19.0f | %5.0f%%\n",
			       servers[s].label, n, reqs / one, reqs / sep,
			       100 * one / sep);
			fflush(stdout);
		}
	}
	unlink(target);                 /* each name went with its cell */
	if (rmdir(scratch) < 0)
		err_ret("can't remove %s", scratch);
	exit(0);
}
