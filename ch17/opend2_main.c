/*
 * opend2_main.c - main of the version 2 open server, shared by the select
 * and the poll loop (book: 3e Figure 17.28), and the
 * accept and drop steps both loops take.
 *
 * usage: opend2 [-h] [-d] [-s path] [-c max] [-i seconds] [-T] [-B] [-U]
 *   -d       stay in the foreground and log to stderr (as in the book)
 *   -s path  listen on path instead of /tmp/opend.socket
 *   -c max   connections per user (default 128)
 *   -i secs  idle timeout of a connection and of a worker (default 60)
 *   -T       for teaching: identify clients with the book's file-owner
 *            serv_accept (3e Figure 17.9) instead of the kernel's word
 *   -B       for benchmarks only: no privilege separation, the loop runs
 *            in this process and opens with seteuid (opend_access.c)
 *   -U       run -T or -B as root all the same (both are unsafe as root:
 *            without -U they refuse to start with effective user ID 0)
 *   -w       (internal) run as a worker: serve the connections handed
 *            over on descriptor 3 (opend_worker.c)
 *
 * Differences: -s; serv_listen is called before daemonizing, so a busy
 * name or a bad path is reported on stderr with exit status 1, and the
 * socket exists once the command returns (created with umask 0, which
 * the book gets from daemonize, so every user can connect); SIGPIPE is ignored, so a client
 * that leaves before its answer costs an EPIPE, not the server; accepted
 * connections are non-blocking, so a client that does not read its
 * answers is dropped instead of stalling everyone.  A failed serv_accept
 * is logged and the loop goes on, except when the listening endpoint is
 * gone (listener_gone): then log_sys ends the server, as the book's does
 * for every failure, instead of waking for the dead endpoint for ever.
 * A client that waits while the server is out of descriptors is taken
 * with a spare descriptor and closed, and its socket file removed
 * (refuse_waiting_client).
 * Privilege separation (opend_privsep.c): the root process only accepts
 * and hands each connection to a worker running as the client's user,
 * which runs the loop; the client's IDs come from the kernel
 * (serv_accept_peer), the book's serv_accept only with -T; -c, -i, -T,
 * -B, -U (-T and -B refuse root without it), -w.
 */
#include "opend.h"
#include "opend_privsep.h"
#include <poll.h>
#include <pwd.h>
#include <syslog.h>
#include <sys/un.h>

/* /dev/null, held so that a client can still be taken, and refused, when
 * every other descriptor slot is in use; -1 if it could not be had. */
static int spare_fd = -1;

int max_per_uid = DEFAULT_MAX_PER_UID;
int debug;
int teaching;

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out, "usage: %s [-h] [-d] [-s path] [-c max] [-i seconds] [-T] [-B] [-U]\n"
		"  The open server, version 2: answers \"open <pathname> <oflag>\"\n"
		"  with an open descriptor, opened by a worker running as the\n"
		"  client's user.\n"
		"  -d       stay in the foreground, log to stderr\n"
		"  -s path  listen on path (default %s)\n"
		"  -c max   connections per user (default %d)\n"
		"  -i secs  idle timeout of a connection and a worker (default %d)\n"
		"  -T       for teaching: take the client's uid from the owner of\n"
		"           its socket file (the book's serv_accept)\n"
		"  -B       for benchmarks only: no privilege separation\n"
		"  -U       allow -T or -B as root, both unsafe there: with -T a\n"
		"           client names the file whose owner it is taken for,\n"
		"           with -B the server opens in its own process (a client\n"
		"           gets the server's /proc/self and its descriptors)\n",
		server_name, CS_OPEN, DEFAULT_MAX_PER_UID, DEFAULT_IDLE_SECONDS);
	exit(status);
}

/* The book's daemonize (3e Figure 13.1), keeping keepfd open. */
static void daemonize(int keepfd)
{
	pid_t pid;
	int fd;

	umask(0);
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid != 0)
		_exit(0);               /* parent */
	setsid();
	signal(SIGHUP, SIG_IGN);
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid != 0)
		_exit(0);               /* no controlling terminal, ever */
	if (chdir("/") < 0)
		err_sys("can't change directory to /");
	for (fd = 0; fd < 1024; fd++)
		if (fd != keepfd)
			close(fd);
	fd = open("/dev/null", O_RDWR);
	if (fd != 0 || dup(0) != 1 || dup(0) != 2)
		_exit(1);               /* nowhere left to report it */
}

/* Is error, from serv_accept(listenfd), one that every retry would meet
 * again, because the listening endpoint is gone or was never one?  Any
 * other error concerns one client (the socket serv_accept's checks of the
 * client's file, a connection aborted) or a shortage that passes (EMFILE,
 * ENOMEM, ...), and the server goes on. */
static int listener_gone(int listenfd, int error)
{
	struct stat sb;

	switch (error) {
	case ENXIO:             /* STREAMS: hangup (the fattach helper died) */
	case EBADMSG:           /* STREAMS: a message I_RECVFD cannot take is
				 * stuck at the head of the stream */
	case EBADF:             /* not open */
	case EINVAL:            /* a socket that is not listening */
	case EOPNOTSUPP:        /* a socket that cannot accept */
	case ENOTTY:            /* STREAMS: not a stream */
#ifdef ENOSTR
	case ENOSTR:
#endif
		return 1;
	case ENOTSOCK:
		/* Also the socket serv_accept's verdict on a client's file:
		 * only the listener's own type may end the server. */
		return fstat(listenfd, &sb) < 0 || !S_ISSOCK(sb.st_mode);
	default:
		return 0;
	}
}

/* The client's IDs: the kernel's, or with -T the owner of the client's
 * socket file (the group is then the user's own). */
static int accept_with_ids(int listenfd, uid_t *uidptr, gid_t *gidptr)
{
	struct passwd *pw;
	int clifd;

	if (!teaching)
		return serv_accept_peer(listenfd, uidptr, gidptr);
	if ((clifd = serv_accept(listenfd, uidptr)) >= 0)
		*gidptr = (pw = getpwuid(*uidptr)) != NULL ? pw->pw_gid : (gid_t)-1;
	return clifd;
}

/* Out of descriptors (EMFILE, ENFILE): over sockets the client stays in
 * the backlog, so the listener stays readable and the loop would wake for
 * it at once, for ever.  Give up the spare descriptor, take the client
 * with it and hang up, then take the spare back.  (Over STREAMS I_RECVFD
 * has already dropped the client's pipe; nothing is waiting.)  The
 * client's socket file is removed once the connection is closed, so that
 * nothing the removal does can want the slot. */
static void refuse_waiting_client(int listenfd)
{
	struct pollfd p = { .fd = listenfd, .events = POLLIN };
	char name[sizeof(((struct sockaddr_un *)0)->sun_path)];
	uid_t uid;
	gid_t gid;
	int clifd, named;

	if (spare_fd < 0)
		return;
	close(spare_fd);
	if (poll(&p, 1, 0) == 1 && (p.revents & POLLIN) &&
	    (clifd = accept_with_ids(listenfd, &uid, &gid)) >= 0) {
		named = client_name(clifd, name, sizeof name) == 0;
		close_as_client(clifd, uid, gid);
		if (named)
			(void)unlink_as(uid, gid, name);
		log_msg("out of descriptors: a client refused");
	}
	if ((spare_fd = open("/dev/null", O_RDONLY)) < 0)
		log_ret("can't reopen the spare descriptor");
}

int accept_or_exit(int listenfd, uid_t *uidptr)
{
	gid_t gid;

	int clifd;

	if (is_worker)
		return worker_take_client(listenfd, uidptr);
	/* One process (-B): the loop takes clients itself. */
	if ((clifd = accept_identified(listenfd, uidptr, &gid)) >= 0)
		remove_client_name(clifd, *uidptr, gid);
	return clifd;
}

int accept_identified(int listenfd, uid_t *uidptr, gid_t *gidptr)
{
	int clifd, error;

	if ((clifd = accept_with_ids(listenfd, uidptr, gidptr)) >= 0)
		return clifd;
	error = errno;
	if (listener_gone(listenfd, error)) {
		errno = error;
		log_sys("serv_accept error: the listening endpoint is gone");
	}
	errno = error;
	log_ret("serv_accept error");
	if (error == EMFILE || error == ENFILE)
		refuse_waiting_client(listenfd);
	return -1;
}

int accept_client(int listenfd)
{
	uid_t uid;
	int clifd, flags, i;

	if ((clifd = accept_or_exit(listenfd, &uid)) < 0)
		return -1;
	if ((flags = fcntl(clifd, F_GETFL)) < 0 ||
	    fcntl(clifd, F_SETFL, flags | O_NONBLOCK) < 0) {
		log_ret("can't make fd %d non-blocking", clifd);
		close(clifd);
		return -1;
	}
	if ((i = client_add(clifd, uid)) < 0) {
		log_msg("out of memory: refused uid %ld", (long)uid);
		close(clifd);
		return -1;
	}
	log_msg("new connection: uid %ld, fd %d", (long)uid, clifd);
	return i;
}

void drop_client(int i)
{
	int fd = client[i].fd;
	long uid = (long)client[i].uid;

	client_del(fd);
	close(fd);
	client_gone(fd);
	log_msg("closed: uid %ld, fd %d", uid, fd);   /* after: tests count fds */
}

/* A number for -c or -i, at least 1. */
static int positive(const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < 1 || v > 1000000)
		usage(stderr, 2);
	return (int)v;
}

/* Our own program, opened while we are root, for fexecve of the workers. */
static int open_own_image(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		log_sys("can't open /proc/self/exe (needed to start workers)");
	return fd;
}

/* A worker: the loop, on the channel root hands connections over. */
static void worker_main(void)
{
	struct stat sb;

	seal_worker();
	is_worker = 1;
	log_to_stderr = debug;
	log_open(server_name, LOG_PID, LOG_USER);
	if (fstat(WORKER_CHANNEL, &sb) < 0)
		log_quit("-w: no channel on descriptor %d", WORKER_CHANNEL);
	if (chdir("/") < 0)
		log_sys("can't change directory to /");
	loop(WORKER_CHANNEL);           /* never returns */
}

int main(int argc, char *argv[])
{
	const char *path = CS_OPEN;
	int c, worker = 0, single = 0, unsafe_as_root = 0, listenfd;
	mode_t old_mask;

	opterr = 0;
	while ((c = getopt(argc, argv, "hds:c:i:TBUw")) != -1) {
		switch (c) {
		case 'h':
			usage(stdout, 0);
		case 'd':
			debug = 1;
			break;
		case 's':
			path = optarg;
			break;
		case 'c':
			max_per_uid = positive(optarg);
			break;
		case 'i':
			idle_seconds = positive(optarg);
			break;
		case 'T':
			teaching = 1;
			break;
		case 'B':
			single = 1;
			break;
		case 'U':
			unsafe_as_root = 1;
			break;
		case 'w':
			worker = 1;
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
	if ((teaching || single) && geteuid() == 0 && !unsafe_as_root)
		err_quit("%s is unsafe as root (see -h); -U runs it all the same",
			 teaching ? "-T" : "-B");

	signal(SIGPIPE, SIG_IGN);
	relative_refused = 1;           /* we do not know the client's cwd */
	log_requests = debug;
	if (worker) {
		worker_main();
		exit(2);                /* the loop never returns */
	}
	log_to_stderr = debug;
	old_mask = umask(0);            /* every user may connect, as in the book */
	listenfd = serv_listen(path);
	umask(old_mask);
	if (listenfd < 0)
		err_sys("serv_listen error: %s", path);
	if (!debug)
		daemonize(listenfd);
	log_open(server_name, LOG_PID, LOG_USER);
	if ((spare_fd = open("/dev/null", O_RDONLY)) < 0)
		log_sys("can't open /dev/null");
	if (single)
		loop(listenfd);         /* never returns */
	privsep_loop(listenfd, open_own_image());
}
