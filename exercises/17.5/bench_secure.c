/*
 * bench_secure.c - what privilege separation costs the version 2 open
 * servers: each loop (select, poll, the compact poll array, epoll) run
 * privilege-separated, as shipped, beside the same loop run in one process
 * (-B, for benchmarks only), in one run, at 1, 10, 100 and 1000 clients.
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
 * usage: bench_secure [-h] [-n requests] [-r repeats]
 *   (default: 6000 requests per cell, the best of 3 runs)
 */
#define _DEFAULT_SOURCE         /* setgroups (glibc) */
#include "apue.h"
#include <grp.h>
#include <pwd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>

#define MAX_USERS 3

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
	int *fds = calloc((size_t)n, sizeof *fds);
	char c;

	if (fds == NULL)
		err_sys("calloc");
	if (geteuid() == 0 &&
	    (setgroups(1, &user_gids[u]) < 0 || setgid(user_gids[u]) < 0 ||
	     setuid(users[u]) < 0))
		err_sys("can't become uid %ld", (long)users[u]);
	if (read(go, &c, 1) != 1)
		_exit(1);
	for (int i = 0; i < n; i++)
		if ((fds[i] = cli_conn(sockpath)) < 0)
			err_sys("cli_conn error");
	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < n; i++)
			if (writen(fds[i], request, request_len) != (ssize_t)request_len)
				err_sys("writen error");
		for (int i = 0; i < n; i++) {
			int fd = recv_fd(fds[i], NULL);

			if (fd < 0)
				err_quit("recv_fd failed: %d (uid %ld)", fd,
					 (long)users[u]);
			close(fd);
			if (r == 0)
				forget_name(fds[i]);
		}
	}
	if (write(done, "d", 1) != 1)
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
	unlink(sockpath);
	snprintf(sockpath, sizeof sockpath, "%s/sock.%d", scratch, ++started);
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, STDERR_FILENO);      /* no log */
		if (single)
			execl(path, name, "-d", "-s", sockpath, "-c", "100000",
			      "-B", (char *)NULL);
		else
			execl(path, name, "-d", "-s", sockpath, "-c", "100000",
			      (char *)NULL);
		_exit(127);
	}
	for (int tries = 0; (fd = cli_conn(sockpath)) < 0; tries++) {
		if (tries == 5000)
			err_sys("cli_conn error: %s", path);
		pause_ms(1);
	}
	forget_name(fd);
	close(fd);
	return pid;
}

/* Seconds for nclients over the users, rounds requests each. */
static double run_cell(int nclients, long rounds)
{
	int go[2], done[2], per[MAX_USERS], k = 0;
	pid_t pids[MAX_USERS];
	double start, secs;
	char c;

	for (int u = 0; u < nusers; u++)
		per[u] = nclients / nusers + (u < nclients % nusers);
	if (pipe(go) < 0 || pipe(done) < 0)
		err_sys("pipe error");
	for (int u = 0; u < nusers; u++) {
		if (per[u] == 0)
			continue;
		if ((pids[k] = fork()) < 0)
			err_sys("fork error");
		if (pids[k] == 0) {
			close(go[1]);
			close(done[0]);
			client(u, per[u], rounds, go[0], done[1]);
		}
		k++;
	}
	close(go[0]);
	close(done[1]);
	pause_ms(50);                   /* every client is waiting */
	start = now();
	for (int i = 0; i < k; i++)
		if (write(go[1], "g", 1) != 1)
			err_sys("write error");
	for (int i = 0; i < k; i++)
		if (read(done[0], &c, 1) != 1)
			err_quit("a client failed");
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

	for (int r = 0; r < repeats; r++) {
		pid_t pid = start_server(servers[s].dir, servers[s].name, single);
		double secs = run_cell(nclients, rounds);

		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
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
	raise_fd_limit();
	find_top();
	pick_users();
	if (mkdtemp(scratch) == NULL)
		err_sys("mkdtemp error");
	chmod(scratch, 0755);           /* the clients' users reach the file */
	snprintf(target, sizeof target, "%s/file", scratch);
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
	unlink(target);
	sleep(1);                       /* the last name put back (STREAMS) */
	for (int i = 1; i <= started; i++) {
		snprintf(sockpath, sizeof sockpath, "%s/sock.%d", scratch, i);
		unlink(sockpath);
	}
	if (rmdir(scratch) < 0)
		err_ret("can't remove %s", scratch);
	exit(0);
}
