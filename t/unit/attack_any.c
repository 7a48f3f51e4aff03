/*
 * attack_any.c - a hostile local user against the open servers, over
 * either transport (apue.h only): what the t/0470 tests run as an
 * unprivileged user.
 *
 * usage: attack_any hold SERVER N SECONDS
 *          open N connections to SERVER and say nothing; print
 *          "held K" (K connections made) and keep them SECONDS seconds,
 *          or until SIGTERM; then remove the names cli_conn bound.
 *        attack_any squat NAME FILE
 *          serve NAME ourselves (serv_listen): answer every request,
 *          whatever it asks for, with FILE.  Runs until killed.
 *        attack_any linger SERVER SECONDS
 *          for SECONDS (at most 800 tries, 200 passed or refused):
 *          connect, pass inside the connection (send_fd) a TCP socket
 *          with SO_LINGER and unsent data, and let go of every copy of
 *          ours; prints "passed 1" at the first ("refused 1 (EPERM)" at
 *          the first the kernel refuses: SO_PASSRIGHTS), then waits to
 *          be killed.  A server that closes such a connection last (a
 *          refused one) blocks in the TCP close for the linger time (as
 *          long as we live).
 *        attack_any passrights
 *          print "SO_PASSRIGHTS: yes" when this kernel lets a listening
 *          socket refuse passed descriptors (Linux 6.16), else "no".
 *        attack_any flood SERVER SECONDS
 *          for SECONDS: connect, and four processes write into the
 *          connection as fast as they can (a 4 MB send buffer) until it
 *          fails, and again; prints "flooding" after 50 connections, or
 *          once one took 16 MB.  A server that reads a
 *          refused connection until EAGAIN never stops reading.
 */
#include "apue.h"
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>

/* cli_conn over sockets leaves its name for the server to remove; a
 * server that asks the kernel who we are does not: remove it ourselves. */
static void forget_name(int fd)
{
	struct sockaddr_un un;
	socklen_t len = sizeof un;

	memset(&un, 0, sizeof un);
	if (getsockname(fd, (struct sockaddr *)&un, &len) == 0 &&
	    un.sun_family == AF_UNIX && un.sun_path[0] == '/')
		(void)unlink(un.sun_path);
}

static volatile sig_atomic_t told_to_end;

static void end_hold(int signo)
{
	(void)signo;
	told_to_end = 1;
}

static int hold(const char *server, long n, unsigned seconds)
{
	struct sigaction sa;
	struct rlimit rl;
	long i, held = 0;
	int *fds = calloc((size_t)n, sizeof *fds);

	if (fds == NULL)
		err_sys("calloc");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = end_hold;       /* no SA_RESTART: sleep returns */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) < 0)
		err_sys("sigaction");
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	for (i = 0; i < n; i++) {
		if ((fds[i] = cli_conn(server)) >= 0)
			held++;
	}
	printf("held %ld\n", held);
	fflush(stdout);
	while (seconds > 0 && !told_to_end)
		seconds = sleep(seconds);
	/* Only now: a file-owner server checks a name while we hold it. */
	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			forget_name(fds[i]);
	free(fds);
	return 0;
}

static int squat(const char *name, const char *file)
{
	char buf[MAXLINE];
	int listenfd, clifd, fd;

	umask(0);
	if ((listenfd = serv_listen(name)) < 0)
		err_sys("serv_listen %s", name);
	printf("squatting\n");
	fflush(stdout);
	for (;;) {
		if ((clifd = serv_accept(listenfd, NULL)) < 0)
			continue;
		while (read(clifd, buf, sizeof buf) > 0) {
			if ((fd = open(file, O_RDONLY)) < 0)
				break;
			(void)send_fd(clifd, fd);
			close(fd);
		}
		close(clifd);
	}
}

/* A TCP connection to our own listener, which never reads: its unsent
 * data fills the send queue, and SO_LINGER says wait an hour at close.
 * The listener (and what it accepts) stays open as long as we live. */
static int lingering_socket(int *listener)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	struct linger lg = { .l_onoff = 1, .l_linger = 3600 };
	char buf[65536];
	int small = 4096, fd;

	if (*listener < 0) {
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if ((*listener = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
		    setsockopt(*listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof small) < 0 ||
		    bind(*listener, (struct sockaddr *)&sin, sizeof sin) < 0 ||
		    listen(*listener, 1000) < 0)
			err_sys("tcp listener");
		fcntl(*listener, F_SETFL, O_NONBLOCK);
	}
	if (getsockname(*listener, (struct sockaddr *)&sin, &len) < 0 ||
	    (fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small) < 0 ||
	    connect(fd, (struct sockaddr *)&sin, sizeof sin) < 0)
		err_sys("tcp connect");
	(void)accept(*listener, NULL, NULL);    /* held, never read */
	memset(buf, 'x', sizeof buf);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	while (write(fd, buf, sizeof buf) > 0)
		;
	if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0)
		err_sys("SO_LINGER");
	return fd;
}

/* The names cli_conn may have bound for process pid, which is gone. */
static void forget_names_of(pid_t pid)
{
	char name[64];

	for (int n = 0; n < 4; n++) {
		snprintf(name, sizeof name, "/var/tmp/cli.%ld.%d", (long)pid, n);
		(void)unlink(name);
	}
}

/* Each attempt: a child connects, passes the lingering socket, waits
 * until we have closed our copy, and _exits (an exiting process never
 * lingers): the server's close of the connection is the last, never
 * ours, however the two of us are scheduled. */
static int linger_attack(const char *server, unsigned seconds)
{
	time_t end = time(NULL) + seconds;
	long passed = 0, refused = 0, tried = 0;
	int listener = -1, status = 0;

	while (time(NULL) < end && passed < 200 && refused < 200 &&
	       tried < 800) {
		int tcp = lingering_socket(&listener);
		int ours_closed[2];
		pid_t pid;

		if (pipe(ours_closed) < 0 || (pid = fork()) < 0)
			err_sys("pipe or fork");
		if (pid == 0) {
			int clifd = cli_conn(server), outcome = 1;
			char c;

			/* One message, bytes and descriptor together: the
			 * STREAMS send_fd is two, and root may close between. */
			if (clifd >= 0 && send_fd_nowait(clifd, tcp) == 0)
				outcome = 0;
			else if (clifd >= 0 && errno == EPERM)
				outcome = 2;	/* SO_PASSRIGHTS off */
			close(ours_closed[1]);
			if (read(ours_closed[0], &c, 1) < 0) {
				/* EOF (or an error): closed */
			}
			_exit(outcome);
		}
		close(tcp);
		close(ours_closed[0]);
		close(ours_closed[1]);
		tried++;
		if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0 && ++passed == 1) {
			printf("passed %ld\n", passed);
			fflush(stdout);
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 2 &&
		    ++refused == 1) {
			printf("refused %ld (EPERM)\n", refused);
			fflush(stdout);
		}
		forget_names_of(pid);
	}
	printf("passed %ld, refused %ld, of %ld\n", passed, refused, tried);
	fflush(stdout);
	pause();                        /* the sockets live as long as we do */
	return 0;
}

/* As ch17/opend_refuse.c: not in every C library's headers yet. */
#if !defined(SO_PASSRIGHTS) && defined(__linux__) && !defined(__alpha__) && \
    !defined(__hppa__) && !defined(__mips__) && !defined(__sparc__)
#define SO_PASSRIGHTS 83
#endif

static int passrights(void)
{
	int yes = 0;
#ifdef SO_PASSRIGHTS
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), off = 0;

	yes = fd >= 0 &&
	      setsockopt(fd, SOL_SOCKET, SO_PASSRIGHTS, &off, sizeof off) == 0;
	if (fd >= 0)
		close(fd);
#endif
	printf("SO_PASSRIGHTS: %s\n", yes ? "yes" : "no");
	return 0;
}

static int flood_said;

/* Say "flooding", once. */
static void say_flooding(void)
{
	if (!flood_said) {
		printf("flooding\n");
		fflush(stdout);
		flood_said = 1;
	}
}

/* Write into fd until it fails; with watch, say so once 16 MB went in
 * (the server is reading it). */
static void write_until_error(int fd, int watch)
{
	static char buf[65536];
	long long total = 0;
	ssize_t n;

	while ((n = write(fd, buf, sizeof buf)) > 0)
		if ((total += n) > (16 << 20) && watch)
			say_flooding();
}

/* Connect, and four processes write into the connection at once until
 * the server hangs up; again, for SECONDS.  "flooding" once 50
 * connections were made, or one took 16 MB. */
static int flood_attack(const char *server, unsigned seconds)
{
	time_t end = time(NULL) + seconds;
	long conns = 0;
	int big = 4 << 20;

	alarm(seconds + 1);
	while (time(NULL) < end) {
		int clifd = cli_conn(server);

		if (clifd < 0)
			continue;
		(void)setsockopt(clifd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
		for (int i = 1; i < 4; i++) {
			pid_t pid = fork();

			if (pid < 0)
				err_sys("fork");
			if (pid == 0) {
				write_until_error(clifd, 0);
				_exit(0);
			}
		}
		write_until_error(clifd, 1);
		forget_name(clifd);
		close(clifd);
		while (wait(NULL) > 0)
			;
		if (++conns == 50)
			say_flooding();
	}
	return 0;
}

int main(int argc, char *argv[])
{
	signal(SIGPIPE, SIG_IGN);
	if (argc == 5 && strcmp(argv[1], "hold") == 0)
		return hold(argv[2], atol(argv[3]), (unsigned)atoi(argv[4]));
	if (argc == 4 && strcmp(argv[1], "squat") == 0)
		return squat(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "linger") == 0)
		return linger_attack(argv[2], (unsigned)atoi(argv[3]));
	if (argc == 2 && strcmp(argv[1], "passrights") == 0)
		return passrights();
	if (argc == 4 && strcmp(argv[1], "flood") == 0)
		return flood_attack(argv[2], (unsigned)atoi(argv[3]));
	fprintf(stderr, "usage: attack_any hold SERVER N SECONDS\n"
			"       attack_any squat NAME FILE\n"
			"       attack_any linger SERVER SECONDS\n"
			"       attack_any flood SERVER SECONDS\n"
			"       attack_any passrights\n");
	return 2;
}
