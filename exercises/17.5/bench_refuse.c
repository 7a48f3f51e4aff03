/*
 * bench_refuse.c - what a refused connection costs the root process of
 * the privilege-separated open server (ch17/opend2), under a flood: one
 * user over its limit (-c 4, four connections held) connects again and
 * again, four processes
 * writing into each connection as fast as they can until it fails, while
 * root (this program) asks for /dev/null in a loop.  A program that prints
 * a table, never a test.  Not a figure of the book.
 *
 * Root answers a refused connection with one non-blocking send_err, never
 * reads it, and leaves its last close to a short-lived child running as
 * the client (ch17/opend_refuse.c): the table gives root's own CPU time
 * (utime + stime, /proc/PID/stat) and the wall time per refused
 * connection, the CPU of those children (cutime + cstime, once reaped),
 * and how often uid 0 was served meanwhile, with its longest wait.
 *
 * usage: bench_refuse [-h] [-t seconds] [-f flooders]
 *   (default: 5 seconds, 4 flooding processes; run as root, the flooders
 *   run as uid 65534; as another user, as that user)
 */
#define _DEFAULT_SOURCE         /* setgroups (glibc) */
#include "apue.h"
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>

#define FLOOD_WRITERS 4                 /* processes on each connection */
#define LIMIT         "4"               /* -c: the flooder holds as many */

static char top[4096], sockpath[256];
static const char *twin = "";
static char scratch[] = "/tmp/opend-bench-refuse-XXXXXX";
static uid_t attacker_uid;
static gid_t attacker_gid;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* TOP/exercises/17.5[/streams]/bench_refuse: the tree, and the twin. */
static void find_top(void)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (n <= 0)
		err_quit("can't read /proc/self/exe");
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

static void become_attacker(void)
{
	setpgid(0, 0);
	if (geteuid() == 0 && (setgroups(0, NULL) < 0 ||
	    setgid(attacker_gid) < 0 || setuid(attacker_uid) < 0))
		_exit(127);
}

/* A server's CPU so far (ticks): its own, and its reaped children's. */
static void cpu_of(pid_t pid, long long *self, long long *children)
{
	char path[64], buf[2048], *p;
	long long f[4] = { 0, 0, 0, 0 };
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	*self = *children = 0;
	if ((fp = fopen(path, "r")) == NULL)
		return;
	if (fgets(buf, sizeof buf, fp) != NULL && (p = strrchr(buf, ')')) != NULL) {
		/* after ")": state, then fields 4..13; utime is field 14 */
		p += 2;
		for (int field = 3; field < 14 && p != NULL; field++)
			p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
		if (p != NULL)
			sscanf(p, "%lld %lld %lld %lld", &f[0], &f[1], &f[2], &f[3]);
	}
	fclose(fp);
	*self = f[0] + f[1];
	*children = f[2] + f[3];
}

/* Connect and write until the server hangs up, again and again, until
 * end; the connections made, on fd. */
static _Noreturn void flooder(double end, int countfd)
{
	static char buf[65536];
	long conns = 0;
	int big = 4 << 20;

	become_attacker();
	signal(SIGPIPE, SIG_IGN);
	while (now() < end) {
		int clifd = cli_conn(sockpath);
		struct sockaddr_un un;
		socklen_t len = sizeof un;
		pid_t kids[FLOOD_WRITERS];

		if (clifd < 0)
			continue;
		conns++;
		(void)setsockopt(clifd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
		if (getsockname(clifd, (struct sockaddr *)&un, &len) == 0 &&
		    un.sun_family == AF_UNIX && un.sun_path[0] == '/')
			(void)unlink(un.sun_path);
		for (int i = 1; i < FLOOD_WRITERS; i++)
			if ((kids[i] = fork()) == 0) {
				alarm(2);
				while (write(clifd, buf, sizeof buf) > 0)
					;
				_exit(0);
			}
		while (write(clifd, buf, sizeof buf) > 0 && now() < end)
			;
		close(clifd);
		for (int i = 1; i < FLOOD_WRITERS; i++)
			if (kids[i] > 0)
				waitpid(kids[i], NULL, 0);
	}
	(void)!write(countfd, &conns, sizeof conns);
	_exit(0);
}

/* The text of an error reply: not ours to print. */
static ssize_t ignore_text(int fd, const void *buf, size_t n)
{
	(void)fd;
	(void)buf;
	return (ssize_t)n;
}

/* One request for /dev/null as ourselves: 0 if a descriptor came. */
static int ask_once(void)
{
	static const char req[] = "open /dev/null 0";
	int clifd = cli_conn(sockpath), fd;
	struct sockaddr_un un;
	socklen_t len = sizeof un;

	if (clifd < 0)
		return -1;
	if (getsockname(clifd, (struct sockaddr *)&un, &len) == 0 &&
	    un.sun_family == AF_UNIX && un.sun_path[0] == '/')
		(void)unlink(un.sun_path);
	if (write(clifd, req, sizeof req) != (ssize_t)sizeof req ||
	    (fd = recv_fd(clifd, ignore_text)) < 0) {
		close(clifd);
		return -1;
	}
	close(fd);
	close(clifd);
	return 0;
}

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out, "usage: bench_refuse [-h] [-t seconds] [-f flooders]\n"
		"  root's CPU and wall time per refused connection of the\n"
		"  privilege-separated open server, under a flood\n");
	exit(status);
}

int main(int argc, char *argv[])
{
	int seconds = 5, flooders = 4, c, counts[2], null;
	long long cpu0, kids0, cpu1, kids1;
	long refused = 0, served = 0, denied = 0, conns;
	double start, end, worst = 0, t;
	pid_t server, holder;
	struct passwd *pw;

	while ((c = getopt(argc, argv, "ht:f:")) != -1) {
		switch (c) {
		case 'h':
			usage(stdout, 0);
		case 't':
			seconds = atoi(optarg);
			break;
		case 'f':
			flooders = atoi(optarg);
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc || seconds < 1 || flooders < 1)
		usage(stderr, 2);
	signal(SIGPIPE, SIG_IGN);
	find_top();
	attacker_uid = geteuid();
	attacker_gid = getegid();
	if (geteuid() == 0 && (pw = getpwuid(65534)) != NULL) {
		attacker_uid = pw->pw_uid;
		attacker_gid = pw->pw_gid;
	}
	if (mkdtemp(scratch) == NULL || chmod(scratch, 0755) < 0)
		err_sys("scratch directory");
	snprintf(sockpath, sizeof sockpath, "%s/sock", scratch);

	if ((server = fork()) == 0) {
		char path[4200];

		setpgid(0, 0);
		null = open("/dev/null", O_RDWR);
		dup2(null, 1);
		dup2(null, 2);
		snprintf(path, sizeof path, "%s/ch17/%sopend2", top, twin);
		execl(path, "opend2", "-d", "-s", sockpath, "-c", LIMIT, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500 && access(sockpath, F_OK) < 0; i++)
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	/* The attacker's connections allowed, held. */
	if ((holder = fork()) == 0) {
		become_attacker();
		for (int i = 0; i < atoi(LIMIT); i++)
			if (cli_conn(sockpath) < 0)
				_exit(1);
		pause();
		_exit(0);
	}
	sleep(1);                       /* handed over and counted */
	if (pipe(counts) < 0)
		err_sys("pipe");
	start = now();
	end = start + seconds;
	cpu_of(server, &cpu0, &kids0);
	for (int i = 0; i < flooders; i++)
		if (fork() == 0)
			flooder(end, counts[1]);
	close(counts[1]);
	while ((t = now()) < end) {
		if (ask_once() == 0)
			served++;
		else
			denied++;
		if (now() - t > worst)
			worst = now() - t;
	}
	while (read(counts[0], &conns, sizeof conns) == (ssize_t)sizeof conns)
		refused += conns;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	cpu_of(server, &cpu1, &kids1);
	t = now() - start;
	kill(-holder, SIGKILL);
	kill(-server, SIGTERM);
	while (wait(NULL) > 0)
		;
	rmdir(scratch);

	printf("open server (%s transport), root under a flood of refused "
	       "connections: %d flooders x %d writers, %d s\n",
	       *twin ? "STREAMS" : "sockets", flooders, FLOOD_WRITERS, seconds);
	printf("refused | root CPU/refused | wall/refused | children CPU/refused"
	       " | uid 0 served | not served | longest wait\n");
	if (refused == 0)
		err_quit("no connection was refused");
	printf("%7ld | %13.1f us | %9.1f us | %17.1f us | %12ld | %10ld | %9.1f ms\n",
	       refused,
	       (double)(cpu1 - cpu0) * 1e6 / (double)sysconf(_SC_CLK_TCK) / (double)refused,
	       t * 1e6 / (double)refused,
	       (double)(kids1 - kids0) * 1e6 / (double)sysconf(_SC_CLK_TCK) / (double)refused,
	       served, denied, worst * 1e3);
	return 0;
}
