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
 */
#include "apue.h"
#include <sys/resource.h>
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

int main(int argc, char *argv[])
{
	signal(SIGPIPE, SIG_IGN);
	if (argc == 5 && strcmp(argv[1], "hold") == 0)
		return hold(argv[2], atol(argv[3]), (unsigned)atoi(argv[4]));
	if (argc == 4 && strcmp(argv[1], "squat") == 0)
		return squat(argv[2], argv[3]);
	fprintf(stderr, "usage: attack_any hold SERVER N SECONDS\n"
			"       attack_any squat NAME FILE\n");
	return 2;
}
