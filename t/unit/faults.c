/*
 * faults.c - the socket library's calls failing where they rarely do:
 * socket, bind, listen, chmod, connect, accept, socketpair and sendmsg
 * made to fail inside serv_listen, cli_conn, serv_accept, fd_pipe,
 * send_fd and send_err (link-time wraps, fault.c), and real descriptor
 * exhaustion (RLIMIT_NOFILE).  Each time the caller gets -1 with the
 * errno of the failure, and no descriptor, socket file or process is
 * left behind.  Socket library only.
 */
#include "tap.h"
#include "peer.h"
#include "fault.h"
#include "sock/unique.h"
#include <dirent.h>
#include <poll.h>
#include <sys/resource.h>

static char dir[] = "/tmp/apue-faults-XXXXXX";
static char server[300];

/* Files this process's cli_conn left in CLI_PATH. */
static int client_files(void)
{
	char prefix[64];
	DIR *d = opendir(CLI_PATH);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	snprintf(prefix, sizeof prefix, "%s%ld.", CLI_PREFIX, (long)getpid());
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* r and errno are what a failed call must give; nothing is left over. */
static void failed_cleanly(const char *what, int r, int want, int fds_before)
{
	int error = errno;

	is_int(r, -1, "%s: returns -1", what);
	is_str(strerror(error), strerror(want), "%s: errno", what);
	is_int(open_fd_count(), fds_before, "%s: no descriptor left open", what);
	if (r >= 0)
		close(r);
}

static void serv_listen_faults(void)
{
	static const struct { const char *call; int error; } cases[] = {
		{ "socket", EMFILE }, { "bind", EADDRINUSE },
		{ "listen", EADDRINUSE },
	};
	char what[100];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int before = open_fd_count(), r;

		snprintf(what, sizeof what, "serv_listen, %s fails", cases[i].call);
		fault_arm(cases[i].call, 1, cases[i].error);
		r = serv_listen(server);
		fault_disarm();
		failed_cleanly(what, r, cases[i].error, before);
		is_int(dir_entries(dir), 0, "%s: no socket file left", what);
	}
}

static void cli_conn_faults(int listenfd)
{
	static const struct { const char *call; int error; } cases[] = {
		{ "socket", EMFILE }, { "bind", EACCES }, { "chmod", EPERM },
		{ "connect", ECONNREFUSED },
	};
	char what[100];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int before = open_fd_count(), r;

		snprintf(what, sizeof what, "cli_conn, %s fails", cases[i].call);
		fault_arm(cases[i].call, 1, cases[i].error);
		r = cli_conn(server);
		fault_disarm();
		failed_cleanly(what, r, cases[i].error, before);
		is_int(client_files(), 0, "%s: its file in " CLI_PATH " removed",
		       what);
	}
	/* None of them reached the server. */
	{
		struct pollfd p = { .fd = listenfd, .events = POLLIN };

		is_int(poll(&p, 1, 0), 0, "cli_conn failures: no connection queued");
	}
}

static void serv_accept_fault(int listenfd)
{
	int clifd = cli_conn(server), before, r;
	uid_t uid = 4242;

	if (clifd < 0)
		err_sys("cli_conn error");
	before = open_fd_count();
	fault_arm("accept", 1, EMFILE);
	r = serv_accept(listenfd, &uid);
	fault_disarm();
	failed_cleanly("serv_accept, accept fails", r, EMFILE, before);
	is_int(uid, 4242, "serv_accept, accept fails: uid untouched");
	/* The client is still queued; it is served next time. */
	r = serv_accept(listenfd, &uid);
	ok(r >= 0, "serv_accept after the failure: the client is accepted");
	close(r);
	close(clifd);
	is_int(client_files(), 0, "serv_accept: the client's file removed");
}

static void send_faults(void)
{
	int sv[2], before, r;
	struct pollfd p;

	if (fd_pipe(sv) < 0)
		err_sys("fd_pipe error");
	before = open_fd_count();
	fault_arm("socketpair", 1, EMFILE);
	{
		int pair[2] = { -1, -1 };

		r = fd_pipe(pair);
		fault_disarm();
		failed_cleanly("fd_pipe, socketpair fails", r, EMFILE, before);
	}

	fault_arm("sendmsg", 1, ENOBUFS);
	r = send_fd(sv[0], STDIN_FILENO);
	fault_disarm();
	failed_cleanly("send_fd, sendmsg fails", r, ENOBUFS, before);
	fault_arm("sendmsg", 1, EPIPE);
	r = send_err(sv[0], -1, "a message");
	fault_disarm();
	ok(r < 0, "send_err, sendmsg fails: returns a negative value");
	is_int(open_fd_count(), before, "send_err, sendmsg fails: no descriptor "
	       "left open");
	p = (struct pollfd){ .fd = sv[1], .events = POLLIN };
	/* send_err writes its text first: read that, then nothing more. */
	while (poll(&p, 1, 0) == 1 && (p.revents & POLLIN)) {
		char buf[64];

		if (read(sv[1], buf, sizeof buf) <= 0)
			break;
	}
	is_int(poll(&p, 1, 0), 0, "failed sends: no status or descriptor "
	       "reached the peer");
	/* The stream is still usable. */
	ok(send_fd(sv[0], STDIN_FILENO) == 0, "send_fd after the failures works");
	r = readable_within(sv[1], "the descriptor send_fd sent") ?
	    recv_fd(sv[1], NULL) : -1;
	ok(r >= 0, "and recv_fd gets the descriptor");
	close(r);
	close(sv[0]);
	close(sv[1]);
}

/* The soft RLIMIT_NOFILE at the lowest free descriptor plus spare: only
 * spare more descriptors may be opened. */
static void limit_descriptors(int spare, struct rlimit *saved)
{
	struct rlimit tight;
	int lowest = dup(STDIN_FILENO);

	if (lowest < 0 || getrlimit(RLIMIT_NOFILE, saved) < 0)
		err_sys("getrlimit error");
	close(lowest);
	tight = *saved;
	tight.rlim_cur = (rlim_t)(lowest + spare);
	if (setrlimit(RLIMIT_NOFILE, &tight) < 0)
		err_sys("setrlimit error");
}

static void out_of_descriptors(void)
{
	struct rlimit saved;
	int before = open_fd_count(), pair[2], r, listenfd;

	limit_descriptors(0, &saved);
	r = serv_listen(server);
	failed_cleanly("out of descriptors: serv_listen", r, EMFILE, before);
	r = cli_conn(server);
	failed_cleanly("out of descriptors: cli_conn", r, EMFILE, before);
	if (setrlimit(RLIMIT_NOFILE, &saved) < 0)
		err_sys("setrlimit error");
	is_int(client_files(), 0, "out of descriptors: no client file left");
	is_int(dir_entries(dir), 0, "out of descriptors: no socket file left");

	limit_descriptors(1, &saved);
	r = fd_pipe(pair);
	failed_cleanly("one descriptor free: fd_pipe", r, EMFILE, before);
	if (setrlimit(RLIMIT_NOFILE, &saved) < 0)
		err_sys("setrlimit error");

	/* A server with one descriptor free: it accepts, the client works. */
	if ((listenfd = serv_listen(server)) < 0)
		err_sys("serv_listen error");
	before = open_fd_count();
	limit_descriptors(0, &saved);
	r = cli_conn(server);
	failed_cleanly("out of descriptors, server listening: cli_conn", r,
		       EMFILE, before);
	if (setrlimit(RLIMIT_NOFILE, &saved) < 0)
		err_sys("setrlimit error");
	close(listenfd);
	unlink(server);
}

int main(void)
{
	int listenfd, before;

	if (access(CLI_PATH, W_OK | X_OK) < 0)
		skip_all("cli_conn binds in %s, which is not writable here", CLI_PATH);
	if (mkdtemp(dir) == NULL)
		err_sys("mkdtemp error");
	snprintf(server, sizeof server, "%s/server.socket", dir);
	fault_adopt_orphans();
	before = open_fd_count();

	serv_listen_faults();
	if ((listenfd = serv_listen(server)) < 0)
		err_sys("serv_listen error");
	cli_conn_faults(listenfd);
	serv_accept_fault(listenfd);
	close(listenfd);
	unlink(server);
	send_faults();
	out_of_descriptors();

	is_int(open_fd_count(), before, "no descriptor left open overall");
	is_int(dir_entries(dir), 0, "no file left in the scratch directory");
	is_int(live_children(), 0, "no process left running");
	rmdir(dir);
	return done_testing();
}
