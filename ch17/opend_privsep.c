/*
 * opend_privsep.c - the root process of the version 2 open server,
 * privilege-separated (not in the book; ch17/README.md, "Local attacks
 * on the book's server", says why).
 *
 * The root process never opens a file for a client and never reads a
 * request.  It accepts a connection, learns the client's user and group
 * IDs from the kernel (serv_accept_peer; with -T, from the book's
 * file-owner serv_accept), and passes the connection itself with send_fd
 * to a worker that runs with that user's full credentials (user, group,
 * the supplementary groups of the user's passwd entry), then closes its
 * own copy at once: it holds no client, so no user can fill its
 * descriptor table or FD_SETSIZE.  The worker serves the connection with
 * the book's loop (opend_worker.c).  A connection root refuses (the
 * per-user limit, no worker) or drops (a retired worker's waiting ones)
 * gets a reason where it can, and its cli_conn name is removed with the
 * client's rights (remove_client_name).
 *
 * One worker per (uid, gid), started on first use: a fresh image of this
 * program (fexecve of the descriptor main opened on its own executable
 * while still root, so it also works from a directory only root can
 * search), so the worker shows its user nothing of root's memory layout,
 * and holds only its own user's connections and its channel; it runs in
 * "/", not in root's working directory (worker_main in opend_serve.c).
 * The worker tells root when a connection goes (one byte each); root
 * refuses a user's connection beyond -c, and retires a worker that has
 * had no connection for -i seconds by closing its channel.  When the
 * channel is full (over STREAMS a stream pipe queues few messages), the
 * connection waits in root, within the same per-user limit, until the
 * channel takes it.  With -d the worker's stderr is a pipe that root
 * copies to its own, non-printing bytes made '?': the worker never holds
 * root's terminal or log file.
 */
#define _DEFAULT_SOURCE         /* getgrouplist, setgroups (glibc) */
#include "opend.h"
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/wait.h>
#include <time.h>

struct worker {
	uid_t uid;
	gid_t gid;
	pid_t pid;
	int chan;                       /* root's end of the channel */
	int logfd;                      /* -d: the worker's stderr; else -1 */
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
static struct { int fd; time_t since; } draining[MAX_DRAINING];
static int ndraining;
static int exe_fd = -1;

/* The groups of uid's passwd entry, with gid, into a new array.  The
 * count, or -1 (no such user: we know nothing about it). */
static int user_groups(uid_t uid, gid_t gid, gid_t **groups)
{
	struct passwd *pw = getpwuid(uid);
	int n = 64;

	if (pw == NULL)
		return -1;
	for (;;) {
		int want = n;

		if ((*groups = malloc((size_t)n * sizeof **groups)) == NULL)
			return -1;
		if (getgrouplist(pw->pw_name, gid, *groups, &want) >= 0)
			return want;
		free(*groups);
		if (want <= n)
			return -1;
		n = want;
	}
}

/* In the child: become the user, then the worker image.  Never returns. */
static _Noreturn void become_worker(uid_t uid, gid_t gid, gid_t *groups,
				    int ngroups, int chan, int logfd)
{
	char idle[32];
	char *argv[8], *envp[] = { NULL };
	int exe, moved, null, fd, argc = 0;

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
	if (geteuid() == 0) {
		if (setgroups((size_t)ngroups, groups) < 0 || setgid(gid) < 0 ||
		    setuid(uid) < 0)
			_exit(127);
		if (uid != 0 && (setuid(0) == 0 || seteuid(0) == 0))
			_exit(127);     /* root could come back: never run */
	}
	/* 0, 1 (and 2 without -d): /dev/null, opened as the user, so the
	 * worker holds no file root opened. */
	if ((null = open("/dev/null", O_RDWR)) < 0 || dup2(null, 0) < 0 ||
	    dup2(null, 1) < 0 || (logfd < 0 && dup2(null, 2) < 0))
		_exit(127);
	if (null > 2)
		close(null);
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

/* Start a worker for (uid, gid): its slot, or NULL (logged). */
static struct worker *start_worker(uid_t uid, gid_t gid)
{
	struct worker *w;
	gid_t *groups = NULL;
	int ngroups, chan[2], logp[2] = { -1, -1 };
	pid_t pid;

	if (geteuid() != 0 && uid != geteuid()) {
		log_msg("uid %ld refused: a server that is not root serves only "
			"its own user", (long)uid);
		return NULL;
	}
	if ((ngroups = user_groups(uid, gid, &groups)) < 0) {
		log_msg("uid %ld refused: no passwd entry", (long)uid);
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
	free(groups);
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
	w->pid = pid;
	w->chan = chan[0];
	w->logfd = logp[0];
	w->live = 0;
	w->waiting = NULL;
	w->nwaiting = w->waiting_room = 0;
	w->last = w->ticked = time(NULL);
	log_msg("worker for uid %ld gid %ld started: pid %ld", (long)uid,
		(long)gid, (long)pid);
	return w;
}

/* Copy what a worker logged on fd to our stderr, made printable.  0, or
 * -1 at end of file. */
static int relay_log_fd(int fd)
{
	char buf[8192];
	ssize_t n = read(fd, buf, sizeof buf);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (n == 0)
		return -1;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] != '\n' && (buf[i] < ' ' || buf[i] > '~'))
			buf[i] = '?';
	(void)!write(STDERR_FILENO, buf, (size_t)n);
	return 0;
}

static int relay_log(struct worker *w)
{
	return relay_log_fd(w->logfd);
}

/* Keep reading a retired worker's stderr a moment, or close it now. */
static void drain_later(int fd)
{
	if (ndraining == MAX_DRAINING) {
		close(fd);
		return;
	}
	draining[ndraining].fd = fd;
	draining[ndraining++].since = time(NULL);
}

static void drain_one(int i)
{
	close(draining[i].fd);
	draining[i] = draining[--ndraining];
}

/* Close our ends; the worker then ends (its channel reads end of file). */
static void retire(int i)
{
	struct worker *w = &workers[i];

	close(w->chan);
	if (w->logfd >= 0)
		drain_later(w->logfd);
	for (int j = 0; j < w->nwaiting; j++) {
		remove_client_name(w->waiting[j], w->uid, w->gid);
		close(w->waiting[j]);   /* the client sees end of file */
	}
	free(w->waiting);
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

static struct worker *find_worker(uid_t uid, gid_t gid)
{
	for (int i = 0; i < nworkers; i++)
		if (workers[i].uid == uid && workers[i].gid == gid)
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

/* Tell the client why, then hang up (the client is waiting for a reply).
 * Its socket file, if it bound one, goes too, removed with its own
 * rights: no worker will. */
static void refuse(int clifd, uid_t uid, gid_t gid, int code,
		   const char *why)
{
	char msg[256];

	char junk[512];
	int flags = fcntl(clifd, F_GETFL);

	remove_client_name(clifd, uid, gid);    /* before the client hears */
	snprintf(msg, sizeof msg, "%s: %s\n", server_name, why);
	(void)send_err(clifd, -code, msg);
	/* A close with unread bytes makes the client's next read fail
	 * (ECONNRESET) before it sees our answer: drop what has come. */
	if (flags >= 0 && fcntl(clifd, F_SETFL, flags | O_NONBLOCK) == 0)
		while (read(clifd, junk, sizeof junk) > 0)
			;
	close(clifd);
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

/* Accept one client and pass it to its user's worker. */
static void hand_over(int listenfd)
{
	struct worker *w;
	char why[128];
	uid_t uid;
	gid_t gid;
	int clifd, live;

	if ((clifd = accept_identified(listenfd, &uid, &gid)) < 0)
		return;
	if ((w = find_worker(uid, gid)) == NULL &&
	    (w = start_worker(uid, gid)) == NULL) {
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
			p[n].fd = workers[i].logfd;     /* -1: skipped */
			p[n++].events = POLLIN;
		}
		for (i = 0; i < ndraining; i++) {
			p[n].fd = draining[i].fd;
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
			     relay_log_fd(draining[i].fd) < 0) ||
			    time(NULL) - draining[i].since > DRAIN_SECONDS)
				drain_one(i);
		for (i = nworkers - 1; i >= 0; i--) {
			struct worker *w = &workers[i];

			if (p[2 * i + 2].revents != 0 && relay_log(w) < 0) {
				close(w->logfd);
				w->logfd = -1;
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
