/*
 * bench.c - Exercise 17.5, measured: requests per second of the
 * open servers at 1, 10, 100 and 1000 concurrent clients, beside a direct
 * open+close loop.  A program that prints a table, never a test.
 *
 * One process plays all the clients: each round it sends one request on
 * every connection, then takes every answer (the descriptor is closed
 * unread), so the server always has that many clients with work.  Only
 * the rounds are timed, not starting servers or connecting.
 *   version 1 (ch17/opend):  one server process per client, over fd_pipe
 *   version 2 select/poll (ch17/opend2, ch17/opend2_poll) and the
 *   optimised loops (exercises/17.5/opend_compact, _epoll): one server,
 *   a cli_conn connection per client.
 * A second table keeps one client busy while the others stay connected
 * and idle: there select and poll pay for every idle descriptor on every
 * call, and epoll does not.
 * The programs are found beside this one (../ch17, ., and streams/ twins
 * for the STREAMS build).
 *
 * Every server it starts is stopped on every way out: at exit (after an
 * error too), on SIGINT, SIGTERM and SIGHUP, and on Linux when the bench
 * itself is killed (PR_SET_PDEATHSIG).  A server that stops answering is
 * reported, with the client count, after ANSWER_TIMEOUT seconds.
 *
 * usage: bench [-h] [-n requests] [-r repeats]
 *   (default: 20000 requests per cell, the best of 3 runs)
 */
#include "apue.h"
#include <sys/resource.h>
#include <sys/socket.h>         /* SO_RCVTIMEO on a client connection */
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>          /* Linux only: PR_SET_PDEATHSIG */
#endif

#define MAX_CLIENTS 1000
#define ANSWER_TIMEOUT 10       /* seconds a request may wait for its answer */

static const int client_counts[] = { 1, 10, 100, 1000 };
#define NCOUNTS (int)(sizeof client_counts / sizeof client_counts[0])

static char top[4096];                  /* the tree */
static const char *twin = "";           /* "streams/" for that build */
static char scratch[] = "/tmp/opend-bench-XXXXXX";
static char target[256], sockpath[256], request[512];
static size_t request_len;
static long total_requests = 20000;
static int repeats = 3;                 /* best of: the machine is shared */
static const char *measuring = "";      /* the server being measured */

/* The servers running now, so that every way out can stop them. */
static volatile sig_atomic_t nrunning;
static pid_t running[MAX_CLIENTS];

static void server_started(pid_t pid)
{
	running[nrunning] = pid;
	nrunning++;
}

static void servers_stopped(void)
{
	nrunning = 0;
}

/* At exit and on a signal: stop every server still running, clean up
 * (the file and socket may not exist yet: unlink just fails then). */
static void stop_servers(void)
{
	for (int i = 0; i < nrunning; i++) {
		kill(running[i], SIGTERM);
		kill(running[i], SIGCONT);      /* a stopped server too */
	}
	for (int i = 0; i < nrunning; i++)
		waitpid(running[i], NULL, 0);
	nrunning = 0;
	unlink(target);
	unlink(sockpath);
	rmdir(scratch);
}

static void on_signal(int signo)
{
	stop_servers();         /* kill, waitpid, unlink, rmdir: signal-safe */
	signal(signo, SIG_DFL);
	raise(signo);
}

/* In a server's child before exec: die with the bench, even by SIGKILL. */
static void die_with_parent(void)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static double smaller(double a, double b)
{
	return a < b ? a : b;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Where the tree is, from our own path: TOP/exercises/17.5[/streams]/NAME. */
static void find_top(void)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (n <= 0) {
		strcpy(top, ".");       /* run from the top of the tree */
		return;
	}
	self[n] = '\0';
	*strrchr(self, '/') = '\0';     /* .../exercises/17.5[/streams] */
	slash = strrchr(self, '/');
	if (slash != NULL && strcmp(slash + 1, "streams") == 0) {
		twin = "streams/";
		*slash = '\0';
	}
	for (int up = 0; up < 2; up++)  /* 17.5, then exercises */
		if ((slash = strrchr(self, '/')) != NULL)
			*slash = '\0';
	snprintf(top, sizeof top, "%s", self);
}

static void program_path(char *buf, size_t size, const char *dir,
			 const char *name)
{
	snprintf(buf, size, "%s/%s/%s%s", top, dir, twin, name);
}

/* The round trips: rounds x (a request on each fd, then each answer). */
static double run_rounds(const int *fds, int nclients, long rounds)
{
	double start = now();

	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < nclients; i++)
			if (writen(fds[i], request, request_len) != (ssize_t)request_len)
				err_sys("bench: %s, %d clients: can't send a request "
					"on connection %d", measuring, nclients, i);
		for (int i = 0; i < nclients; i++) {
			int fd = recv_fd(fds[i], NULL);

			if (fd < 0 && errno == EAGAIN)
				err_quit("bench: %s, %d clients: no answer on "
					 "connection %d within %d s", measuring,
					 nclients, i, ANSWER_TIMEOUT);
			if (fd < 0)
				err_sys("bench: %s, %d clients: no descriptor on "
					"connection %d", measuring, nclients, i);
			close(fd);
		}
	}
	return now() - start;
}

static double direct_loop(long n)
{
	double start = now();

	for (long i = 0; i < n; i++) {
		int fd = open(target, O_RDONLY);

		if (fd < 0)
			err_sys("open error");
		close(fd);
	}
	return now() - start;
}

/* A client gives up on an answer after ANSWER_TIMEOUT seconds (recv_fd
 * then fails with EAGAIN); where the descriptor takes no socket option (a
 * real stream), it waits as before. */
static void answer_timeout(int fd)
{
	struct timeval tv = { .tv_sec = ANSWER_TIMEOUT };

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

/* Version 1: nclients servers, each on its own fd_pipe. */
static double bench_v1(int nclients, long rounds)
{
	static int fds[MAX_CLIENTS];
	static pid_t pids[MAX_CLIENTS];
	char path[4200];
	double secs;

	program_path(path, sizeof path, "ch17", "opend");
	for (int i = 0; i < nclients; i++) {
		int sv[2];

		if (fd_pipe(sv) < 0)
			err_sys("fd_pipe error");
		if ((pids[i] = fork()) < 0)
			err_sys("fork error");
		if (pids[i] == 0) {
			die_with_parent();
			for (int j = 0; j < i; j++)
				close(fds[j]);
			close(sv[0]);
			if (dup2(sv[1], STDIN_FILENO) < 0 ||
			    dup2(sv[1], STDOUT_FILENO) < 0)
				err_sys("dup2 error");
			close(sv[1]);
			execl(path, "opend", (char *)NULL);
			err_sys("execl error: %s", path);
		}
		server_started(pids[i]);
		close(sv[1]);
		fds[i] = sv[0];
		answer_timeout(fds[i]);
	}
	measuring = "v1 (fork/exec)";
	secs = run_rounds(fds, nclients, rounds);
	for (int i = 0; i < nclients; i++)
		close(fds[i]);          /* each server ends at end of file */
	for (int i = 0; i < nclients; i++)
		waitpid(pids[i], NULL, 0);
	servers_stopped();
	return secs;
}

/* Version 2 and the optimised loops: one server, nclients connections, of
 * which the first nactive make requests (the others stay idle). */
static double bench_v2(const char *dir, const char *name, int nclients,
		       int nactive, long rounds)
{
	static int fds[MAX_CLIENTS];
	char path[4200];
	double secs;
	pid_t pid;
	int tries;

	program_path(path, sizeof path, dir, name);
	unlink(sockpath);
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		die_with_parent();
		dup2(null, STDOUT_FILENO);      /* never hold the bench's pipe */
		dup2(null, STDERR_FILENO);      /* no connection log */
		execl(path, name, "-d", "-s", sockpath, "-c", "2000",
		      (char *)NULL);          /* every client from one user */
		_exit(127);
	}
	server_started(pid);
	measuring = name;
	/* Ready when a client gets through: the name alone is not enough
	 * over STREAMS, where the last server's detach may have left an
	 * empty file under it for a moment. */
	for (tries = 0; (fds[0] = cli_conn(sockpath)) < 0 && tries < 5000;
	     tries++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	if (fds[0] < 0)
		err_sys("cli_conn error: %s", path);
	for (int i = 1; i < nclients; i++)
		if ((fds[i] = cli_conn(sockpath)) < 0)
			err_sys("bench: %s, %d clients: cli_conn error on "
				"connection %d", path, nclients, i);
	for (int i = 0; i < nclients; i++)
		answer_timeout(fds[i]);
	secs = run_rounds(fds, nactive, rounds);
	for (int i = 0; i < nclients; i++)
		close(fds[i]);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	servers_stopped();
	return secs;
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
	fprintf(out, "usage: bench [-h] [-n requests] [-r repeats]\n"
		"  Requests per second of the open servers at 1, 10, 100 and\n"
		"  1000 clients, beside a direct open+close loop.\n"
		"  -n requests  per measurement (default 20000)\n"
		"  -r repeats   keep the best of this many (default 3)\n");
	exit(status);
}

int main(int argc, char *argv[])
{
	static const struct {
		const char *label, *dir, *name;
	} servers[] = {
		{ "v2 select", "ch17", "opend2" },
		{ "v2 poll", "ch17", "opend2_poll" },
		{ "compact poll", "exercises/17.5", "opend_compact" },
		{ "epoll", "exercises/17.5", "opend_epoll" },
	};
	double cost[NCOUNTS][6], idle[NCOUNTS][4];
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
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	raise_fd_limit();
	find_top();
	if (mkdtemp(scratch) == NULL)
		err_sys("mkdtemp error");
	atexit(stop_servers);
	snprintf(target, sizeof target, "%s/file", scratch);
	snprintf(sockpath, sizeof sockpath, "%s/sock", scratch);
	if ((fd = open(target, O_WRONLY | O_CREAT, FILE_MODE)) < 0)
		err_sys("open error");
	close(fd);
	request_len = (size_t)snprintf(request, sizeof request, "open %s %d",
				       target, O_RDONLY) + 1;

	for (int k = 0; k < NCOUNTS; k++) {
		int n = client_counts[k];
		long rounds = total_requests / n > 0 ? total_requests / n : 1;
		double reqs = (double)rounds * n;
		char path[4200];

		cost[k][0] = cost[k][1] = 1e9;
		for (int r = 0; r < repeats; r++) {
			cost[k][0] = smaller(cost[k][0], direct_loop((long)reqs) / reqs);
			cost[k][1] = smaller(cost[k][1], bench_v1(n, rounds) / reqs);
		}
		for (int s = 0; s < 4; s++) {
			program_path(path, sizeof path, servers[s].dir,
				     servers[s].name);
			if (access(path, X_OK) != 0) {
				cost[k][2 + s] = idle[k][s] = -1;
				continue;
			}
			cost[k][2 + s] = idle[k][s] = 1e9;
			for (int r = 0; r < repeats; r++) {
				cost[k][2 + s] = smaller(cost[k][2 + s],
					bench_v2(servers[s].dir, servers[s].name,
						 n, n, rounds) / reqs);
				idle[k][s] = smaller(idle[k][s],
					bench_v2(servers[s].dir, servers[s].name,
						 n, 1, (long)reqs) / reqs);
			}
		}
	}

	printf("open server, %s transport: requests per second "
	       "(microseconds per request)\n", twin[0] ? "STREAMS" : "sockets");
	printf("%7s | %-16s | %-16s | %-16s | %-16s | %-16s | %-16s\n",
	       "clients", "open+close", "v1 (fork/exec)", servers[0].label,
	       servers[1].label, servers[2].label, servers[3].label);
	for (int k = 0; k < NCOUNTS; k++) {
		printf("%7d", client_counts[k]);
		for (int s = 0; s < 6; s++) {
			if (cost[k][s] < 0)
				printf(" | %-16s", "(not built)");
			else
				printf(" | %8.0f (%5.2f)", 1 / cost[k][s],
				       cost[k][s] * 1e6);
		}
		printf("\n");
	}
	printf("cost per request at 1000 clients / at 10 clients:");
	for (int s = 1; s < 6; s++)
		if (cost[3][s] > 0 && cost[1][s] > 0)
			printf(" %s %.2f;", s == 1 ? "v1" : servers[s - 2].label,
			       cost[3][s] / cost[1][s]);
	printf("\n");

	printf("\none busy client, the others connected and idle: requests per "
	       "second (microseconds per request)\n");
	printf("%7s | %-16s | %-16s | %-16s | %-16s\n", "clients",
	       servers[0].label, servers[1].label, servers[2].label,
	       servers[3].label);
	for (int k = 0; k < NCOUNTS; k++) {
		printf("%7d", client_counts[k]);
		for (int s = 0; s < 4; s++) {
			if (idle[k][s] < 0)
				printf(" | %-16s", "(not built)");
			else
				printf(" | %8.0f (%5.2f)", 1 / idle[k][s],
				       idle[k][s] * 1e6);
		}
		printf("\n");
	}
	exit(0);                        /* stop_servers cleans up */
}
