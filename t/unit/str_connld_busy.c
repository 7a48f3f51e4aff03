/*
 * str_connld_busy.c - unique connections over STREAMS when the server is
 * busy: a client opens the server's name many more times than the
 * server's stream has room for, while the server reads nothing.  The
 * emulation's fattach helper waits for room instead of refusing an
 * opener, so no open fails; then the server accepts every one of them.  STREAMS library only.
 */
#include "tap.h"
#include "peer.h"
#include <poll.h>
#include <signal.h>
#include <stropts.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#define OPENS 1000              /* far more than the stream holds */

/* The client: OPENS opens of name, one after another; the exit status
 * is 0 if every one returned a stream, else 1. */
static pid_t opener(const char *name)
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0)
		err_sys("fork");
	if (pid == 0) {
		for (int i = 0; i < OPENS; i++) {
			int fd = cli_conn(name);

			if (fd < 0)
				_exit(1);
			close(fd);
		}
		_exit(0);
	}
	return pid;
}

/* Accept up to OPENS clients, closing each; how many came.  The poll is
 * a watchdog, not a timing: an opener that gave up never comes, and the
 * test should say so rather than hang. */
static int accept_all(int listenfd)
{
	int accepted = 0;

	for (int i = 0; i < OPENS; i++) {
		struct pollfd p = { .fd = listenfd, .events = POLLIN };
		int fd;

		if (poll(&p, 1, 10 * 1000) != 1 ||
		    (fd = serv_accept(listenfd, NULL)) < 0)
			break;
		close(fd);
		accepted++;
	}
	return accepted;
}

/* A daemon's server: serv_listen, then every other descriptor closed
 * (daemonize does so, the fattach control socket included), then stopped
 * until SIGCONT; then it accepts OPENS clients.  Exit 0 if it did. */
static pid_t daemon_like_server(const char *name)
{
	int ready[2], listenfd;
	pid_t pid;

	if (pipe(ready) < 0)
		err_sys("pipe");
	fflush(stdout);
	if ((pid = fork()) < 0)
		err_sys("fork");
	if (pid > 0) {
		char c;

		close(ready[1]);
		if (read(ready[0], &c, 1) != 1)
			err_quit("the server did not start");
		close(ready[0]);
		return pid;
	}
	if ((listenfd = serv_listen(name)) < 0)
		_exit(2);
	for (int fd = 3; fd < 1024; fd++)
		if (fd != listenfd && fd != ready[1])
			close(fd);
	if (write(ready[1], "r", 1) != 1)
		_exit(2);
	close(ready[1]);
	raise(SIGSTOP);
	_exit(accept_all(listenfd) == OPENS ? 0 : 1);
}

static int regular_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static void daemon_case(const char *dir)
{
	char name[256];
	struct timespec pause = { 0, 300 * 1000 * 1000 };
	int status;
	pid_t server, client;

	snprintf(name, sizeof name, "%s/daemon", dir);
	server = daemon_like_server(name);
	if (waitpid(server, &status, WUNTRACED) != server || !WIFSTOPPED(status))
		err_quit("the server did not stop");
	client = opener(name);
	nanosleep(&pause, NULL);        /* let the stream fill */
	kill(server, SIGCONT);
	ok(waitpid(client, &status, 0) == client && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0,
	   "a server that closed its other descriptors, as a daemon does: "
	   "every open succeeded");
	ok(waitpid(server, &status, 0) == server && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0, "and it accepted all %d", OPENS);
	/* The helper puts the empty file back once the server is gone. */
	for (int i = 0; i < 500 && !regular_file(name); i++)
		nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
	unlink(name);
}

int main(void)
{
	char dir[] = "/tmp/str_connld_busy.XXXXXX";
	char name[256];
	struct timespec pause = { 0, 300 * 1000 * 1000 };
	int listenfd, accepted = 0, before, status;
	pid_t pid;

	plan(6);
	if (mkdtemp(dir) == NULL)
		err_sys("mkdtemp");
	snprintf(name, sizeof name, "%s/server", dir);
	if ((listenfd = serv_listen(name)) < 0)
		err_sys("serv_listen");
	before = open_fd_count();

	pid = opener(name);
	nanosleep(&pause, NULL);        /* let the stream fill */
	ok(waitpid(pid, &status, WNOHANG) == 0,
	   "%d opens while the server reads nothing: the client is waiting",
	   OPENS);

	accepted = accept_all(listenfd);
	is_int(accepted, OPENS, "the server then accepts all %d", OPENS);
	ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0, "and every one of the client's opens succeeded");
	is_int(open_fd_count(), before, "no descriptor left in the server");

	fdetach(name);                  /* waits until the file is back */
	close(listenfd);
	unlink(name);
	daemon_case(dir);
	rmdir(dir);
	return done_testing();
}
