/*
 * opend_serve.c - what the version 2 main (3e Figure 17.28) calls beyond
 * the book: our options, serv_listen before daemonize, and the roles of
 * one program; and the book's daemonize (3e Figure 13.1).
 *
 * Roles: the root process (the default) runs privsep_loop
 * (opend_privsep.c): it only accepts, and hands each connection to a
 * worker running as the client's user.  A worker (-w, started only by
 * the root process) runs the book's loop on its channel from root
 * (worker_main).  With -B (benchmarks only) the loop runs in this one
 * process and opens with seteuid (opend_access.c).
 *
 * daemonize, differences from Figure 13.1: it takes the descriptor to
 * keep open (the listening endpoint, made before it) instead of the
 * command's name, and does nothing in a worker; it closes descriptors
 * below 1024, not up to RLIMIT_NOFILE's maximum (the server has opened
 * nothing else yet); SIGHUP is ignored with signal, not sigaction; no
 * openlog, since main has called log_open; and when descriptors 0-2
 * cannot be /dev/null it ends with _exit(1), where the book logs to
 * syslog first.  serve_listen first makes sure 0, 1 and 2 are open, so
 * the listening endpoint is never one of them.
 */
#include "opend.h"
#include "opend_privsep.h"
#include <syslog.h>

_Noreturn void usage(FILE *out, int status)
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

/* A number for -c or -i, at least 1. */
static int positive(const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < 1 || v > 1000000)
		usage(stderr, 2);
	return (int)v;
}

/* A worker: the loop, on the channel root hands connections over. */
static _Noreturn void worker_main(int chanfd)
{
	if (chdir("/") < 0)
		log_sys("can't change directory to /");
	loop(chanfd);                   /* never returns */
	exit(2);
}

void serve_option(int c, const char *arg)
{
	switch (c) {
	case 'h':
		usage(stdout, 0);
	case 'c':
		opend_settings.max_per_uid = positive(arg);
		break;
	case 'i':
		opend_settings.idle_seconds = positive(arg);
		break;
	case 'T':
		opend_settings.teaching = 1;
		break;
	case 'B':
		opend_settings.single = 1;
		break;
	case 'U':
		opend_settings.unsafe_as_root = 1;
		break;
	case 'w':
		opend_settings.worker = 1;
		break;
	default:
		usage(stderr, 2);
	}
}

/* A worker's "listening endpoint": its channel from root. */
static int worker_channel(void)
{
	struct stat sb;

	seal_worker();          /* first: root's IDs go before anything opens */
	if (fstat(WORKER_CHANNEL, &sb) < 0)
		err_quit("-w: no channel on descriptor %d", WORKER_CHANNEL);
	return WORKER_CHANNEL;
}

/* -T and -B as root: only when -U names the risk (usage says why). */
static void refuse_unsafe_as_root(void)
{
	if ((opend_settings.teaching || opend_settings.single) &&
	    geteuid() == 0 && !opend_settings.unsafe_as_root)
		err_quit("%s is unsafe as root (see -h); -U runs it all the same",
			 opend_settings.teaching ? "-T" : "-B");
}

/* Descriptors 0, 1 and 2 open (on /dev/null where they were closed), so
 * that no descriptor of ours is taken for one of them: daemonize would
 * close the listening endpoint as stdin. */
static void hold_standard_descriptors(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= STDERR_FILENO)
		;
	if (fd < 0)
		err_sys("can't open /dev/null");
	close(fd);
}

int serve_listen(const char *path)
{
	mode_t old_mask;
	int listenfd;

	signal(SIGPIPE, SIG_IGN);       /* a client gone costs an EPIPE */
	if (opend_settings.worker)
		return worker_channel();
	refuse_unsafe_as_root();
	hold_standard_descriptors();
	old_mask = umask(0);            /* every user may connect, as in the book */
	listenfd = serv_listen(path);
	umask(old_mask);
	if (listenfd < 0)
		err_sys("serv_listen error: %s", path);
	refuse_passed_descriptors(listenfd);
	return listenfd;
}

void daemonize(int keepfd)
{
	pid_t pid;
	int fd;

	if (opend_settings.worker)
		return;                 /* root, which started us, is the daemon */
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

/* Our own program, opened while we are root, for fexecve of the workers. */
static int open_own_image(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		log_sys("can't open /proc/self/exe (needed to start workers)");
	return fd;
}

_Noreturn void serve(int listenfd)
{
	opend_settings.debug = debug;
	refuse_relative_paths();        /* we do not know the client's cwd */
	if (opend_settings.worker)
		worker_main(listenfd);
	accept_spare_open();
	if (opend_settings.single)
		loop(listenfd);         /* never returns */
	privsep_loop(listenfd, open_own_image());
}
