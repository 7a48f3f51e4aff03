/*
 * opend_refuse.c - how the root process of the privilege-separated open
 * server lets go of a connection it will not serve (not in the book;
 * opend_privsep.c is the rest of the root process).  Linux: prctl,
 * close_range.
 *
 * Root does a bounded amount of non-blocking work for a client it refuses,
 * and never holds what the client sent:
 * - the reason goes with send_err on the connection made non-blocking (a
 *   client that does not read loses it, root does not wait);
 * - root never reads the connection: what the client wrote, and any
 *   descriptor it passed inside it, stays queued;
 * - the last close is never root's.  A queued descriptor is closed with
 *   the connection, and closing a TCP socket with SO_LINGER and unsent
 *   data blocks for the linger time, unless the process closing it is
 *   exiting.  So a child takes the connection, becomes the client (its
 *   user and group IDs, no supplementary groups), and _exits holding it;
 *   first it reads what little the client sent (a few messages, never
 *   waiting), because over the STREAMS emulation (SOCK_SEQPACKET) a close
 *   with unread data resets the client before it reads the reason.  The
 *   descriptors that arrive so are kept, not closed, for the same reason.
 * The child waits for root's close (or root's death) before doing
 * anything, so its exit is the last close; root reaps it with the workers
 * (waitpid(WNOHANG)).
 *
 * Over sockets on Linux 6.16 and later no descriptor can be queued: the
 * listening socket has SO_PASSRIGHTS off, which each connection made
 * after that takes at connect, so a client that passes a descriptor into
 * one gets EPERM (refuse_passed_descriptors).  That also covers a
 * connection root hands to a worker, which root closes right after
 * passing it on.  A connection made in the moment between listen and
 * the setsockopt is refused, the safe way (connected_before_refusal).
 */
#define _GNU_SOURCE             /* syscall, close_range's number */
#include "opend.h"
#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

/* Not yet in every C library's headers: the number of the kernel's
 * generic socket options (parisc and sparc have their own; alpha and
 * mips, left out too, have not been tried). */
#if !defined(SO_PASSRIGHTS) && defined(__linux__) && !defined(__alpha__) && \
    !defined(__hppa__) && !defined(__mips__) && !defined(__sparc__)
#define SO_PASSRIGHTS 83
#endif

#define DRAIN_MESSAGES 4        /* a client sends one request, then waits */
#define SCM_MAX_FDS    253      /* the most descriptors one message carries */

/* Every descriptor but keep. */
static void close_all_but(int keep)
{
#ifdef SYS_close_range
	if ((keep == 0 || syscall(SYS_close_range, 0U, (unsigned)keep - 1, 0U) == 0) &&
	    syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0U) == 0)
		return;
#endif
	for (int fd = 0; fd < 65536; fd++)
		if (fd != keep)
			close(fd);
}

/* Read, without waiting, what the client has sent: a few messages.  The
 * descriptors passed in them stay open until _exit. */
static void drain_keeping_fds(int fd)
{
	char data[4096];
	union {
		struct cmsghdr hdr;
		char space[CMSG_SPACE(SCM_MAX_FDS * sizeof(int))];
	} control;

	for (int i = 0; i < DRAIN_MESSAGES; i++) {
		struct iovec iov = { .iov_base = data, .iov_len = sizeof data };
		struct msghdr msg = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = control.space,
			.msg_controllen = sizeof control.space,
		};

		if (recvmsg(fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) <= 0 ||
		    (msg.msg_flags & MSG_CTRUNC))
			return;
	}
}

/* In the child: wait for root's close, become the client, drain, exit.
 * A root that dies first (SIGTERM between fork and kill) has closed its
 * copy too: its death is the go signal, so the child never waits for
 * ever, still root, on a signal that will not come. */
static _Noreturn void finish_as_client(int clifd, uid_t uid, gid_t gid,
				       const sigset_t *go, pid_t root)
{
	int sig;

	/* Without it, wait all the same: an exit before root's close
	 * would leave root the last close.  Root has one thread, so its
	 * death is the forking thread's. */
	(void)prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0);
	if (getppid() == root && sigwait(go, &sig) != 0)
		_exit(1);
	close_all_but(clifd);
	if (geteuid() == 0 &&
	    (setgroups(0, NULL) < 0 || setgid(gid) < 0 || setuid(uid) < 0))
		_exit(1);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	drain_keeping_fds(clifd);
	_exit(0);
}

void close_as_client(int clifd, uid_t uid, gid_t gid)
{
	sigset_t go, old;
	pid_t root = getpid(), pid;

	sigemptyset(&go);
	sigaddset(&go, SIGUSR1);
	sigprocmask(SIG_BLOCK, &go, &old);
	if ((pid = fork()) == 0)
		finish_as_client(clifd, uid, gid, &go, root);
	if (pid < 0)
		log_ret("fork error: uid %ld's connection closed by root",
			(long)uid);
	close(clifd);
	if (pid > 0)
		kill(pid, SIGUSR1);     /* root's copy is gone: go on */
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void refuse_connection(int clifd, uid_t uid, gid_t gid, int code,
		       const char *why)
{
	char msg[256];
	int flags = fcntl(clifd, F_GETFL);

	remove_client_name(clifd, uid, gid);    /* before the client hears */
	snprintf(msg, sizeof msg, "%s: %s\n", server_name, why);
	if (flags >= 0 && fcntl(clifd, F_SETFL, flags | O_NONBLOCK) == 0)
		(void)send_err(clifd, -code, msg);
	close_as_client(clifd, uid, gid);
}

/* Set once the listening socket refuses passed descriptors. */
static int passing_refused;

void refuse_passed_descriptors(int listenfd)
{
#ifdef SO_PASSRIGHTS
	int listening = 0, off = 0;
	socklen_t len = sizeof listening;

	/* A listening socket only: a STREAMS endpoint takes its
	 * connections as passed descriptors (I_RECVFD).  An older kernel
	 * says ENOPROTOOPT, and the refusals above are all there is. */
	if (getsockopt(listenfd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 &&
	    listening &&
	    setsockopt(listenfd, SOL_SOCKET, SO_PASSRIGHTS, &off, sizeof off) == 0)
		passing_refused = 1;
#else
	(void)listenfd;
#endif
}

int connected_before_refusal(int clifd)
{
#ifdef SO_PASSRIGHTS
	int on = 0;
	socklen_t len = sizeof on;

	/* A connection takes the listener's setting at connect: one made
	 * between serv_listen's listen and our setsockopt still may. */
	return passing_refused &&
	       getsockopt(clifd, SOL_SOCKET, SO_PASSRIGHTS, &on, &len) == 0 && on;
#else
	(void)clifd;
	return 0;
#endif
}
