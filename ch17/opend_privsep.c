/*
 * opend_privsep.c - the root process of the version 2 open server,
 * privilege-separated (not in the book; ch17/README.md, "Local attacks
 * on the book's server", says why).
 *
 * The root process never opens a file for a client and never reads what a
 * client sends.  It accepts a connection, learns the client's user and
 * group IDs from the kernel (serv_accept_peer; with -T, from the book's
 * file-owner serv_accept) and, over sockets, its supplementary groups
 * (SO_PEERGROUPS), and passes the connection itself with send_fd_nowait
 * (never blocking, never the two bytes without the descriptor) to a
 * worker that runs with exactly those credentials, then closes its own
 * copy at once: it holds no client, so no user can fill its descriptor
 * table or FD_SETSIZE.  The worker serves the connection with the book's
 * loop (opend_worker.c).  A connection root refuses (the per-user limit,
 * no worker) or drops (a retired worker's waiting ones) gets a reason
 * with one non-blocking send, its cli_conn name is removed with the
 * client's rights, and its last close is made by a process running as
 * the client (opend_refuse.c).
 *
 * One worker per (uid, gid, groups), started on first use: a fresh image
 * of this program (fexecve of the descriptor main opened on its own
 * executable while still root, so it also works from a directory only
 * root can search), exec'd as root in a session of its own, which drops
 * to the client's IDs itself and cannot be traced by them (opend_seal.c);
 * it holds only its own connections and its channel, and runs in "/".
 * The worker tells root when a connection goes (one byte each); root
 * refuses a user's connection beyond -c, and retires a worker that has
 * had no connection for -i seconds by closing its channel.  When the
 * channel is full (over STREAMS a stream pipe queues few messages), the
 * connection waits in root, within the same per-user limit, until the
 * channel takes it.  With -d the worker's stderr is a pipe that root
 * copies to its own a line at a time, each prefixed "worker uid N: ",
 * non-printing bytes made '?': the worker never holds root's terminal or
 * log file, and none of its lines can pass for root's.
 */
#include "opend.h"
#include "opend_privsep.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

/* -d: a worker's stderr, copied to ours a line at a time, each line
 * prefixed with the worker's uid, so none can pass for root's. */
#define LOG_LINE_MAX 1024
struct log_relay {
	int fd;                         /* -1: none */
	uid_t uid;
	size_t len;                     /* bytes of a line not yet ended */
	char line[LOG_LINE_MAX];
};

/* The workers are keyed by the client's user, group and supplementary
 * groups: each runs with exactly one client's credentials. */
struct worker {
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	int ngroups;
	pid_t pid;
	int chan;                       /* root's end of the channel */
	struct log_relay *log;          /* -d: the worker's stderr; else NULL */
	int live;                       /* connections handed over or waiting,
					 * not gone */
	int *waiting;                   /* accepted, the channel was full */
	int nwaiting, waiting_room;
	time_t last;                    /* last hand-over, or last gone */
	time_t ticked;
};

static struct worker *workers;
static int nworkers, worker_room;

/* -d: the stderr of retired workers, read until end of file (their last
 * words), for at most DRAIN_SECONDS. */
#define DRAIN_SECONDS 2
#define MAX_DRAINING  16
static struct { struct log_relay *log; time_t since; } draining[MAX_DRAINING];
static int ndraining;
static int exe_fd = -1;

/* In the child: arrange the descriptors, then the worker image, exec'd
 * as root (it drops to the client's IDs itself: seal_worker).  Never
 * returns. */
static _Noreturn void become_worker(uid_t uid, gid_t gid, const gid_t *groups,
				    int ngroups, int chan, int logfd)
{
	char idle[32];
	char *argv[8], *envp[2] = { NULL, NULL };
	int exe, moved, fd, argc = 0;

	if (seal_before_exec() < 0 ||
	    (envp[0] = worker_ids_entry(uid, gid, groups, ngroups)) == NULL)
		_exit(127);
	/* Our end of the channel becomes 3; everything else but 0-2 goes. */
	if ((exe = fcntl(exe_fd, F_DUPFD_CLOEXEC, 4)) < 0 ||
	    (moved = fcntl(chan, F_DUPFD, 4)) < 0 ||
	    dup2(moved, WORKER_CHANNEL) < 0)
		_exit(127);
	if (logfd >= 0 && dup2(logfd, 2) < 0)
		_exit(127);
	/* Every other descriptor goes (root's are few and low-numbered). */
	for (fd = 4; fd < exe; fd++)
		close(fd);
	for (fd = exe + 1; fd < (int)sysconf(_SC_OPEN_MAX) && fd < 65536; fd++)
		close(fd);
	/* 0, 1 (and 2 without -d) are root's: the worker opens /dev/null
	 * there itself, as the user. */
	close(0);
	close(1);
	if (logfd < 0)
		close(2);
	snprintf(idle, sizeof idle, "%d", opend_settings.idle_seconds);
	argv[argc++] = (char *)server_name;
	argv[argc++] = "-w";
	argv[argc++] = "-i";
	argv[argc++] = idle;
	if (opend_settings.debug)
		argv[argc++] = "-d";
	argv[argc] = NULL;
	fexecve(exe, argv, envp);
	_exit(127);
}

static struct log_relay *new_relay(int fd, uid_t uid)
{
	struct log_relay *r = malloc(sizeof *r);

	if (r == NULL) {
		close(fd);
		return NULL;
	}
	r->fd = fd;
	r->uid = uid;
	r->len = 0;
	return r;
}

/* Start a worker for (uid, gid, groups), taking groups: its slot, or NULL
 * (logged; groups freed). */
static struct worker *start_worker(uid_t uid, gid_t gid, gid_t *groups,
				   int ngroups)
{
	struct worker *w;
	int chan[2], logp[2] = { -1, -1 };
	pid_t pid;

	if (geteuid() != 0 && uid != geteuid()) {
		log_msg("uid %ld refused: a server that is not root serves only "
			"its own user", (long)uid);
		free(groups);
		return NULL;
	}
	if (nworkers == worker_room) {
		int room = worker_room == 0 ? 8 : worker_room * 2;
		struct worker *bigger = realloc(workers, (size_t)room * sizeof *w);

		if (bigger == NULL) {
			free(groups);
			log_msg("out of memory: uid %ld refused", (long)uid);
			return NULL;
		}
		workers = bigger;
		worker_room = room;
	}
	if (fd_pipe(chan) < 0) {
		free(groups);
		log_ret("can't make a channel for uid %ld", (long)uid);
		return NULL;
	}
	if (opend_settings.debug && pipe(logp) < 0)
		logp[0] = logp[1] = -1;
	if ((pid = fork()) < 0) {
		log_ret("fork error");
		close(chan[0]);
		close(chan[1]);
		if (logp[0] >= 0) {
			close(logp[0]);
			close(logp[1]);
		}
		free(groups);
		return NULL;
	}
	if (pid == 0)
		become_worker(uid, gid, groups, ngroups, chan[1], logp[1]);
	close(chan[1]);
	if (logp[1] >= 0)
		close(logp[1]);
	fcntl(chan[0], F_SETFL, fcntl(chan[0], F_GETFL) | O_NONBLOCK);
	fcntl(chan[0], F_SETFD, FD_CLOEXEC);
	if (logp[0] >= 0) {
		fcntl(logp[0], F_SETFL, fcntl(logp[0], F_GETFL) | O_NONBLOCK);
		fcntl(logp[0], F_SETFD, FD_CLOEXEC);
	}
	w = &workers[nworkers++];
	w->uid = uid;
	w->gid = gid;
	w->groups = groups;
	w->ngroups = ngroups;
	w->pid = pid;
	w->chan = chan[0];
	w->log = logp[0] >= 0 ? new_relay(logp[0], uid) : NULL;
	w->live = 0;
	w->waiting = NULL;
	w->nwaiting = w->waiting_room = 0;
	w->last = w->ticked = time(NULL);
	log_msg("worker for uid %ld gid %ld started: pid %ld", (long)uid,
		(long)gid, (long)pid);
	return w;
}

/* One line of a worker's, as "worker uid N: LINE\n", in one write. */
static void relay_line(struct log_relay *r)
{
	char out[LOG_LINE_MAX + 64];
	int n = snprintf(out, sizeof out, "worker uid %ld: ", (long)r->uid);

	memcpy(out + n, r->line, r->len);
	out[n + (int)r->len] = '\n';
	(void)!write(STDERR_FILENO, out, (size_t)n + r->len + 1);
	r->len = 0;
}

/* Copy what a worker logged to our stderr, a line at a time, made
 * printable: a longer line is cut, a line it has not ended is ended at
 * its end of file.  0, or -1 at end of file. */
static int relay_log(struct log_relay *r)
{
	char buf[8192];
	ssize_t n = read(r->fd, buf, sizeof buf);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (n == 0) {
		if (r->len > 0)
			relay_line(r);
		return -1;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			relay_line(r);
			continue;
		}
		r->line[r->len++] = buf[i] < ' ' || buf[i] > '~' ? '?' : buf[i];
		if (r->len == LOG_LINE_MAX)
			relay_line(r);
	}
	return 0;
}

static void end_relay(struct log_relay *r)
{
	if (r->len > 0)
		relay_line(r);
	close(r->fd);
	free(r);
}

/* Keep reading a retired worker's stderr a moment, or close it now. */
static void drain_later(struct log_relay *r)
{
	if (ndraining == MAX_DRAINING) {
		end_relay(r);
		return;
	}
	draining[ndraining].log = r;
	draining[ndraining++].since = time(NULL);
}

static void drain_one(int i)
{
	end_relay(draining[i].log);
	draining[i] = draining[--ndraining];
}

/* Close our ends; the worker then ends (its channel reads end of file). */
static void retire(int i)
{
	struct worker *w = &workers[i];

	close(w->chan);
	if (w->log != NULL)
		drain_later(w->log);
	for (int j = 0; j < w->nwaiting; j++) {
		remove_client_name(w->waiting[j], w->uid, w->gid);
		/* the client sees end of file */
		close_as_client(w->waiting[j], w->uid, w->gid);
	}
	free(w->waiting);
	free(w->groups);
	workers[i] = workers[--nworkers];
}

/* Bytes from the worker: one per connection gone.  -1: it is gone. */
static int count_gone(struct worker *w)
{
	char buf[512];
	ssize_t n = read(w->chan, buf, sizeof buf);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (n == 0)
		return -1;
	w->live = w->live > (int)n ? w->live - (int)n : 0;
	w->last = time(NULL);
	return 0;
}

static struct worker *find_worker(uid_t uid, gid_t gid, const gid_t *groups,
				  int ngroups)
{
	for (int i = 0; i < nworkers; i++)
		if (workers[i].uid == uid && workers[i].gid == gid &&
		    workers[i].ngroups == ngroups &&
		    (ngroups == 0 || memcmp(workers[i].groups, groups,
				(size_t)ngroups * sizeof *groups) == 0))
			return &workers[i];
	return NULL;
}

/* The user's connections, over all its workers (one per group). */
static int live_of_user(uid_t uid)
{
	int live = 0;

	for (int i = 0; i < nworkers; i++)
		if (workers[i].uid == uid)
			live += workers[i].live;
	return live;
}

/* Tell the client why, then hang up (opend_refuse.c): root neither
 * reads what it sent nor closes it last.  Its socket file, if it bound
 * one, goes too, removed with its own rights: no worker will. */
static void refuse(int clifd, uid_t uid, gid_t gid, int code,
		   const char *why)
{
	refuse_connection(clifd, uid, gid, code, why);
}

/* Pass the waiting connections to the worker, in order, while the
 * channel takes them. */
static void pass_waiting(struct worker *w)
{
	int j = 0;

	while (j < w->nwaiting && send_fd_nowait(w->chan, w->waiting[j]) == 0)
		close(w->waiting[j++]);
	if (j < w->nwaiting && errno != EAGAIN && errno != EWOULDBLOCK) {
		log_ret("can't hand a connection to the worker of uid %ld",
			(long)w->uid);
		refuse(w->waiting[j++], w->uid, w->gid, EAGAIN,
		       "the worker for your user failed");
		w->live--;
	}
	memmove(w->waiting, w->waiting + j,
		(size_t)(w->nwaiting - j) * sizeof *w->waiting);
	w->nwaiting -= j;
}

/* Keep clifd until the channel has room.  0, or -1 (out of memory). */
static int wait_for_room(struct worker *w, int clifd)
{
	if (w->nwaiting == w->waiting_room) {
		int room = w->waiting_room == 0 ? 16 : 2 * w->waiting_room;
		int *bigger = realloc(w->waiting, (size_t)room * sizeof *bigger);

		if (bigger == NULL)
			return -1;
		w->waiting = bigger;
		w->waiting_room = room;
	}
	w->waiting[w->nwaiting++] = clifd;
	return 0;
}

/* Does the kernel say the client's supplementary groups?  Over a socket
 * listener (SOCK_STREAM) with the kernel's IDs, yes; over the STREAMS
 * emulation its SO_PEERGROUPS would be the fattach helper's, and -T has
 * no kernel word at all: the worker then gets no supplementary groups. */
static int groups_from_kernel(int listenfd)
{
	static int known = -1;
	int type;
	socklen_t len = sizeof type;

	if (known < 0)
		known = !opend_settings.teaching &&
			getsockopt(listenfd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
			type == SOCK_STREAM;
	return known;
}

/* Accept one client and pass it to its user's worker. */
static void hand_over(int listenfd)
{
	struct worker *w;
	char why[128];
	uid_t uid;
	gid_t gid;
	gid_t *groups = NULL;
	int clifd, live, ngroups = 0;

	if ((clifd = accept_identified(listenfd, &uid, &gid)) < 0)
		return;
	if (connected_before_refusal(clifd)) {
		refuse(clifd, uid, gid, EAGAIN,
		       "connected while the server was starting: try again");
		return;
	}
	if (groups_from_kernel(listenfd) &&
	    (ngroups = peer_groups(clifd, &groups)) < 0) {
		log_ret("can't learn the groups of uid %ld", (long)uid);
		refuse(clifd, uid, gid, EPERM, "your groups are not known");
		return;
	}
	if ((w = find_worker(uid, gid, groups, ngroups)) != NULL)
		free(groups);
	else if ((w = start_worker(uid, gid, groups, ngroups)) == NULL) {
		refuse(clifd, uid, gid, EPERM, "no worker for your user");
		return;
	}
	/* live is counted from what the worker tells us, and its user may
	 * make it say anything (ptrace): the connections root itself holds
	 * are capped on their own. */
	if ((live = live_of_user(uid)) >= opend_settings.max_per_uid ||
	    w->nwaiting >= opend_settings.max_per_uid) {
		snprintf(why, sizeof why, "uid %ld has %d connections, the "
			 "most allowed", (long)uid, live);
		log_msg("%s", why);
		refuse(clifd, uid, gid, EAGAIN, why);
		return;
	}
	w->live++;
	w->last = time(NULL);
	if (wait_for_room(w, clifd) < 0) {
		w->live--;
		refuse(clifd, uid, gid, ENOMEM, "out of memory");
		return;
	}
	pass_waiting(w);                /* the worker has it now, or soon */
}

static void reap_children(void)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			log_msg("worker pid %ld ended with status %#x",
				(long)pid, (unsigned)status);
}

_Noreturn void privsep_loop(int listenfd, int exefd)
{
	/* Static: the array lives as long as the process, which ends by a
	 * signal inside this loop; held here it is not a leak. */
	static struct pollfd *p;
	int idle = opend_settings.idle_seconds;
	int tick = idle / 4 > 0 ? idle / 4 : 1;

	exe_fd = exefd;
	for (;;) {
		struct pollfd *bigger = realloc(p, (size_t)(2 * nworkers + 1 +
						MAX_DRAINING) * sizeof *p);
		time_t now;
		int i, n = 0;

		if (bigger == NULL)
			log_sys("realloc error");
		p = bigger;
		p[n].fd = listenfd;
		p[n++].events = POLLIN;
		for (i = 0; i < nworkers; i++) {
			p[n].fd = workers[i].chan;
			p[n++].events = POLLIN |
				(workers[i].nwaiting > 0 ? POLLOUT : 0);
			p[n].fd = workers[i].log != NULL ? workers[i].log->fd : -1;
			p[n++].events = POLLIN;
		}
		for (i = 0; i < ndraining; i++) {
			p[n].fd = draining[i].log->fd;
			p[n++].events = POLLIN;
		}
		if (poll(p, (nfds_t)n, 1000) < 0) {
			if (errno != EINTR)
				log_sys("poll error");
			continue;
		}
		reap_children();
		for (i = ndraining - 1; i >= 0; i--)
			if ((p[2 * nworkers + 1 + i].revents != 0 &&
			     relay_log(draining[i].log) < 0) ||
			    time(NULL) - draining[i].since > DRAIN_SECONDS)
				drain_one(i);
		for (i = nworkers - 1; i >= 0; i--) {
			struct worker *w = &workers[i];

			if (p[2 * i + 2].revents != 0 && relay_log(w->log) < 0) {
				end_relay(w->log);
				w->log = NULL;
			}
			if ((p[2 * i + 1].revents & ~POLLOUT) != 0 &&
			    count_gone(w) < 0) {
				log_msg("worker for uid %ld has ended", (long)w->uid);
				retire(i);
			} else if (p[2 * i + 1].revents & POLLOUT) {
				pass_waiting(w);
			}
		}
		if (p[0].revents != 0)
			hand_over(listenfd);
		now = time(NULL);
		for (i = nworkers - 1; i >= 0; i--) {
			struct worker *w = &workers[i];

			if (w->live == 0 && now - w->last >= idle) {
				log_msg("worker for uid %ld idle: retired", (long)w->uid);
				retire(i);
			} else if (w->live > 0 && now - w->ticked >= tick) {
				(void)send_err(w->chan, -WORKER_TICK, "");
				w->ticked = now;
			}
		}
	}
}
