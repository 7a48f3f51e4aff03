/*
 * str_faults.c - the STREAMS emulation's fattach when its system calls
 * fail after the point of no return: socketpair, socket, bind, chmod,
 * listen, either fork of the double fork, and the final rename, made to
 * fail inside serv_listen (link-time wraps, fault.c); every attachment
 * slot in use (ENOSR); fattach itself, which must leave the caller's
 * stream and file as they were; sendmsg failing inside send_fd (a hard
 * error, and EAGAIN, which send_fd waits out on a blocking stream) and
 * connect inside cli_conn; the helper failing to set itself up (dup2);
 * real descriptor exhaustion, under which a server that serv_listen
 * says is ready must serve a client.  Each time the
 * caller gets -1 with a sensible errno, and no descriptor, file or helper
 * process is left, and none of the processes fattach forks (the helper,
 * the intermediate child) runs the caller's atexit handlers.  STREAMS
 * library only (Linux: the emulation).
 */
#include "tap.h"
#include "peer.h"
#include "fault.h"
#include <stropts.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define ATTACH_SLOTS 16         /* as in apue/streams_emu/fattach.c */

static char dir[] = "/tmp/apue-str-faults-XXXXXX";
static pid_t test_pid;

/* Registered with atexit before anything forks.  A process fattach
 * forked that ended with exit(), not _exit(), would run it: it leaves a
 * file in dir when it runs in any process but ours. */
static void atexit_in_child(void)
{
	char marker[400];
	int fd;

	if (getpid() == test_pid)
		return;
	snprintf(marker, sizeof marker, "%s/atexit-ran-in.%ld", dir,
		 (long)getpid());
	if ((fd = open(marker, O_WRONLY | O_CREAT, 0600)) >= 0)
		close(fd);
}

/* How many processes left that file. */
static int atexit_markers(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "atexit-ran-in.", 14) == 0)
			n++;
	closedir(d);
	return n;
}

static void name_in_dir(char *buf, size_t size, const char *base, int i)
{
	snprintf(buf, size, "%s/%s%d", dir, base, i);
}

/* A failed call: -1, the errno, and nothing left over. */
static void failed_cleanly(const char *what, int r, int want, int fds_before,
			   int entries_before)
{
	int error = errno;

	is_int(r, -1, "%s: returns -1", what);
	is_str(strerror(error), strerror(want), "%s: errno", what);
	if (r >= 0)
		close(r);
	is_int(open_fd_count(), fds_before, "%s: no descriptor left open", what);
	is_int(dir_entries(dir), entries_before, "%s: no file left (name or "
	       "temporary socket)", what);
	is_int(live_children(), 0, "%s: no helper process left", what);
}

/* The client of serves(): connect, then expect the server's byte. */
static int client_gets_x(const char *name)
{
	int clifd = cli_conn(name);
	char c = 0;

	if (clifd < 0 || !readable_within(clifd, "the server's byte") ||
	    read(clifd, &c, 1) != 1 || c != 'x')
		return 1;
	return 0;
}

/* A server that works: a client connects and is served.  The client is
 * a child, since a connld open returns only once the server has taken
 * the new pipe with I_RECVFD (serv_accept).  listenfd: what serv_listen
 * returned for name; it is closed and the name detached. */
static void serves_on(const char *what, const char *name, int listenfd)
{
	int fd = -1, status = -1;
	uid_t uid = 4242;
	pid_t pid = -1;

	if (ok(listenfd >= 0, "%s: serv_listen works", what)) {
		if ((pid = fork()) < 0)
			err_sys("fork error");
		if (pid == 0)
			_exit(client_gets_x(name));
		fd = readable_within(listenfd, "a connection") ?
		     serv_accept(listenfd, &uid) : -1;
	}
	if (fd >= 0) {
		if (write(fd, "x", 1) != 1)
			err_sys("write error");
		close(fd);
	}
	if (pid > 0 && waitpid(pid, &status, 0) < 0)
		err_sys("waitpid error");
	ok(fd >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "%s: a client is served", what);
	if (listenfd >= 0) {
		fdetach(name);          /* frees the slot */
		close(listenfd);
	}
	unlink(name);
	live_children();                /* reap the helper */
}

static void serves(const char *what, const char *name)
{
	serves_on(what, name, serv_listen(name));
}

static void serv_listen_faults(void)
{
	static const struct {
		const char *call;
		int nth, error;
		const char *where;
	} cases[] = {
		{ "socketpair", 1, EMFILE, "its stream pipe" },
		{ "socket", 1, EMFILE, "fattach's listening socket" },
		{ "socketpair", 2, EMFILE, "fattach's control socket" },
		{ "bind", 1, EADDRINUSE, "fattach's bind" },
		{ "chmod", 1, EPERM, "fattach's chmod" },
		{ "listen", 1, EADDRINUSE, "fattach's listen" },
		{ "fork", 1, EAGAIN, "fattach's first fork" },
		{ "fork", 2, EAGAIN, "fattach's second fork (in its child)" },
		{ "rename", 1, EACCES, "fattach's rename over the name" },
		{ "dup2", 1, EMFILE, "the helper's own setup (moving its "
		  "descriptors)" },
	};
	char what[120], name[300];

	name_in_dir(name, sizeof name, "server", 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int fds = open_fd_count(), entries = dir_entries(dir), r;

		snprintf(what, sizeof what, "serv_listen, %s fails", cases[i].where);
		fault_arm(cases[i].call, cases[i].nth, cases[i].error);
		r = serv_listen(name);
		fault_disarm();
		failed_cleanly(what, r, cases[i].error, fds, entries);
	}
	serves("after the failures", name);
}

/* Fill every slot, then one more: ENOSR, with the stream closed as
 * promised; then free them all. */
static void out_of_slots(void)
{
	int listenfd[ATTACH_SLOTS], fds, entries, r;
	char name[300];

	for (int i = 0; i < ATTACH_SLOTS; i++) {
		name_in_dir(name, sizeof name, "slot", i);
		if ((listenfd[i] = serv_listen(name)) < 0)
			err_sys("serv_listen error: %s", name);
	}
	fds = open_fd_count();
	entries = dir_entries(dir);
	name_in_dir(name, sizeof name, "slot", ATTACH_SLOTS);
	errno = 0;
	r = serv_listen(name);
	{
		int error = errno;

		is_int(r, -1, "all attachment slots in use: serv_listen returns -1");
		is_str(strerror(error), strerror(ENOSR),
		       "all attachment slots in use: errno");
	}
	if (r >= 0)
		close(r);
	is_int(open_fd_count(), fds,
	       "all attachment slots in use: no descriptor left open");
	is_int(dir_entries(dir), entries,
	       "all attachment slots in use: no name created");
	for (int i = 0; i < ATTACH_SLOTS; i++) {
		name_in_dir(name, sizeof name, "slot", i);
		fdetach(name);
		close(listenfd[i]);
		unlink(name);
	}
	is_int(live_children(), 0, "every helper gone after fdetach");
	name_in_dir(name, sizeof name, "slot", 0);
	serves("slots freed", name);
}

/* fattach (the caller keeps its stream) failing at the rename: the file
 * is left as it was, the stream still open and working. */
static void fattach_fault(void)
{
	char name[300];
	int pipefd[2], fds, entries, r, fd;
	struct stat sb;

	name_in_dir(name, sizeof name, "file", 0);
	if ((fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0640)) < 0)
		err_sys("open error");
	close(fd);
	if (s_pipe(pipefd) < 0)
		err_sys("s_pipe error");
	fds = open_fd_count();
	entries = dir_entries(dir);
	fault_arm("rename", 1, EACCES);
	r = fattach(pipefd[1], name);
	fault_disarm();
	failed_cleanly("fattach, rename fails", r, EACCES, fds, entries);
	ok(stat(name, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0 &&
	   (sb.st_mode & 07777) == 0640,
	   "fattach, rename fails: the file is still the empty file of mode 0640");
	ok(fcntl(pipefd[1], F_GETFD) >= 0 && write(pipefd[1], "y", 1) == 1 &&
	   readable_within(pipefd[0], "a byte on the pipe") &&
	   read(pipefd[0], name + 299, 1) == 1,
	   "fattach, rename fails: the caller's stream is open and works");
	close(pipefd[0]);
	close(pipefd[1]);
	name_in_dir(name, sizeof name, "file", 0);
	unlink(name);
}

static void send_and_connect_faults(void)
{
	int pipefd[2], fds, entries, r;
	char name[300];

	if (s_pipe(pipefd) < 0)
		err_sys("s_pipe error");
	fds = open_fd_count();
	entries = dir_entries(dir);
	fault_arm("sendmsg", 1, ENOBUFS);
	r = send_fd(pipefd[0], STDIN_FILENO);
	fault_disarm();
	failed_cleanly("send_fd, sendmsg fails", r, ENOBUFS, fds, entries);
	ok(send_fd(pipefd[0], STDIN_FILENO) == 0, "send_fd works after it");
	/* The book's two steps: the failed send_fd's two bytes went before
	 * its I_SENDFD failed, so the reader first meets status 0 with no
	 * descriptor behind it (a malformed reply, as with the book's
	 * send_fd), then the reply that works. */
	r = readable_within(pipefd[1], "the bytes the failed send_fd sent") ?
	    recv_fd(pipefd[1], NULL) : 0;
	ok(r == -1 && errno == EBADMSG,
	   "the failed send_fd's status byte alone: a malformed reply (%s)",
	   strerror(errno));
	r = readable_within(pipefd[1], "the descriptor send_fd sent") ?
	    recv_fd(pipefd[1], NULL) : -1;
	ok(r >= 0, "and the first descriptor recv_fd gets is that one");
	if (r >= 0)
		close(r);

	/* I_SENDFD finds the receiving stream head full (EAGAIN) on a
	 * blocking stream: send_fd waits for room (poll) and tries again,
	 * where the book's send_fd fails with its status byte sent. */
	fault_arm("sendmsg", 1, EAGAIN);
	r = send_fd(pipefd[0], STDIN_FILENO);
	ok(r == 0 && fault_fired(),
	   "send_fd, I_SENDFD says EAGAIN once: tried again, returns 0");
	fault_disarm();
	r = readable_within(pipefd[1], "the descriptor send_fd sent") ?
	    recv_fd(pipefd[1], NULL) : -1;
	ok(r >= 0, "and recv_fd gets the descriptor, with nothing before it");
	if (r >= 0)
		close(r);
	close(pipefd[0]);
	close(pipefd[1]);

	name_in_dir(name, sizeof name, "server", 1);
	{
		int listenfd = serv_listen(name);

		if (listenfd < 0)
			err_sys("serv_listen error");
		fds = open_fd_count();
		entries = dir_entries(dir);
		fault_arm("connect", 1, ECONNREFUSED);
		r = cli_conn(name);
		fault_disarm();
		/* stream_open: a name nobody answers is no stream (ENXIO) */
		is_int(r, -1, "cli_conn, connect fails: returns -1");
		ok(errno == ENXIO || errno == ECONNREFUSED,
		   "cli_conn, connect fails: errno ENXIO or ECONNREFUSED (%s)",
		   strerror(errno));
		is_int(open_fd_count(), fds,
		       "cli_conn, connect fails: no descriptor left open");
		fdetach(name);
		close(listenfd);
		unlink(name);
		live_children();
	}
}

/* serv_listen with the soft RLIMIT_NOFILE at limit; -1 with its errno. */
static int serv_listen_limited(const char *name, rlim_t limit)
{
	struct rlimit saved, tight;
	int r, error;

	if (getrlimit(RLIMIT_NOFILE, &saved) < 0)
		err_sys("getrlimit error");
	tight = saved;
	tight.rlim_cur = limit;
	if (setrlimit(RLIMIT_NOFILE, &tight) < 0)
		err_sys("setrlimit error");
	errno = 0;
	r = serv_listen(name);
	error = errno;
	if (setrlimit(RLIMIT_NOFILE, &saved) < 0)
		err_sys("setrlimit error");
	errno = error;
	return r;
}

/* Descriptors run out at each point of serv_listen in turn: the soft
 * RLIMIT_NOFILE at the lowest free descriptor plus 0, 1, 2...  The
 * helper inherits the limit: once serv_listen succeeds, a client must
 * be served (a helper that could not set itself up would leave a name
 * nobody answers), and until then nothing may be left, the helper's
 * own setup included. */
static void out_of_descriptors(void)
{
	static const rlim_t limits[] = { 16, 30, 64 };
	char name[300], what[100];
	int succeeded = 0;

	name_in_dir(name, sizeof name, "server", 2);
	for (int spare = 0; spare < 8 && !succeeded; spare++) {
		int lowest = dup(STDIN_FILENO), fds, entries, r;

		close(lowest);
		fds = open_fd_count();
		entries = dir_entries(dir);
		r = serv_listen_limited(name, (rlim_t)(lowest + spare));
		snprintf(what, sizeof what, "%d descriptors free: serv_listen", spare);
		if (r >= 0) {
			succeeded = 1;
			serves_on(what, name, r);
			continue;
		}
		failed_cleanly(what, r, EMFILE, fds, entries);
	}
	ok(succeeded, "serv_listen works once enough descriptors are free");
	/* Limits below 64, where the helper once failed unseen. */
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		snprintf(what, sizeof what, "RLIMIT_NOFILE %ld: serv_listen",
			 (long)limits[i]);
		serves_on(what, name, serv_listen_limited(name, limits[i]));
	}
	serves("after running out", name);
}

int main(void)
{
	int before;

	if (mkdtemp(dir) == NULL)
		err_sys("mkdtemp error");
	fault_adopt_orphans();
	test_pid = getpid();
	if (atexit(atexit_in_child) != 0)
		err_quit("atexit failed");
	signal(SIGPIPE, SIG_IGN);
	before = open_fd_count();

	serv_listen_faults();
	fattach_fault();
	send_and_connect_faults();
	out_of_descriptors();
	out_of_slots();

	is_int(open_fd_count(), before, "no descriptor left open overall");
	is_int(live_children(), 0, "every helper and intermediate child ended");
	is_int(atexit_markers(), 0, "none of them ran the caller's atexit "
	       "handlers: each ended with _exit, never exit");
	is_int(dir_entries(dir), 0, "no file left in the scratch directory");
	is_int(live_children(), 0, "no process left running");
	rmdir(dir);
	return done_testing();
}
