/*
 * creds.c - who is at the other end of a UNIX domain socket: SO_PEERCRED
 * and SCM_CREDENTIALS, and, where the kernel has them (6.5 and later),
 * SO_PEERPIDFD and SCM_PIDFD, which name the peer by a pidfd that cannot
 * be confused with a later process reusing the PID.
 *
 * The two do not report the same ids.  SO_PEERCRED gives the effective
 * uid and gid the client had at connect; SCM_CREDENTIALS, when the sender
 * claims nothing, the sender's real ones.  Run as root, the program shows
 * the difference with a child whose real uid is 65534 and effective uid
 * 0, as a set-user-ID-root program run by uid 65534 would be.
 *
 * Book: send_ufd/recv_ufd (3e Figures 17.15-17.16) pass credentials with a
 * descriptor; serv_accept (3e Figure 17.9) learns the client's
 * uid from the socket file's owner.  These are the Linux answers.
 *
 * Linux only: SO_PEERCRED, SO_PASSCRED, SCM_CREDENTIALS (_GNU_SOURCE),
 * SO_PEERPIDFD, SO_PASSPIDFD, SCM_PIDFD, the abstract socket namespace
 * and /proc/self/fdinfo.  A feature the kernel lacks is reported and
 * skipped; the exit status is still 0.
 *
 * usage: creds [-h]
 */
#define _GNU_SOURCE             /* Linux only: struct ucred, SCM_CREDENTIALS */
#include "apue.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

/* glibc 2.36 predates these (Linux 6.5); the values are asm-generic's,
 * which x86 and arm64 use (alpha, mips, parisc and sparc differ). */
#if !defined(SO_PEERPIDFD) && (defined(__x86_64__) || defined(__i386__) || \
			       defined(__aarch64__) || defined(__riscv))
#define SO_PASSPIDFD 76
#define SO_PEERPIDFD 77
#endif
#if !defined(SCM_PIDFD) && defined(SO_PASSPIDFD)
#define SCM_PIDFD 0x04
#endif

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: creds [-h]\n"
		"  A child connects; the parent asks who it is, every way this\n"
		"  kernel offers.\n");
	exit(status);
}

static const char *yes_no(int b)
{
	return b ? "yes" : "no";
}

/* The PID a pidfd refers to, from /proc/self/fdinfo; -1 if unknown. */
static long pidfd_pid(int pidfd)
{
	char path[64], line[256];
	long pid = -1;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "Pid: %ld", &pid) == 1)
			break;
	fclose(fp);
	return pid;
}

static void abstract_address(struct sockaddr_un *un, socklen_t *len,
			     const char *tag)
{
	memset(un, 0, sizeof *un);
	un->sun_family = AF_UNIX;
	/* sun_path[0] == 0: the abstract namespace, no file to clean up. */
	snprintf(un->sun_path + 1, sizeof un->sun_path - 1, "apue-creds%s-%ld",
		 tag, (long)getpid());
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			   strlen(un->sun_path + 1));
}

/* Child: wait for 'g'; send "a" claiming nothing, "f" claiming PID 1,
 * then "e" and the errno of the claim (0 if accepted). */
static void child(const struct sockaddr_un *un, socklen_t len)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), error = 0;
	char c;
	struct ucred forged = { .pid = 1, .uid = geteuid(), .gid = getegid() };
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(struct ucred))];
	} control;
	struct iovec iov = { .iov_base = "f", .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;

	if (s < 0 || connect(s, (const struct sockaddr *)un, len) < 0)
		err_sys("child: can't connect");
	if (read(s, &c, 1) != 1 || write(s, "a", 1) != 1)
		err_sys("child: read/write error");

	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_CREDENTIALS;
	cmsg->cmsg_len = CMSG_LEN(sizeof forged);
	memcpy(CMSG_DATA(cmsg), &forged, sizeof forged);
	if (sendmsg(s, &msg, 0) < 0)
		error = errno;
	if (write(s, "e", 1) != 1 ||
	    writen(s, &error, sizeof error) != sizeof error)
		err_sys("child: write error");
	while (read(s, &c, 1) > 0)      /* until the parent closes */
		;
	exit(0);
}

/* Receive one byte; report the credentials and pidfd that came with the
 * messages "a" (nothing claimed) and "f" (PID 1 claimed).  Returns it. */
static char receive_one(int conn, pid_t child_pid)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(struct ucred)) +
				    CMSG_SPACE(sizeof(int))];
	} control;
	char c = 0;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = { 0 };

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	if (recvmsg(conn, &msg, 0) != 1)
		err_sys("recvmsg error");
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm != NULL;
	     cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET)
			continue;
		if (cm->cmsg_type == SCM_CREDENTIALS && c != 'e') {
			struct ucred uc;

			memcpy(&uc, CMSG_DATA(cm), sizeof uc);
			if (c == 'a')
				printf("SCM_CREDENTIALS, nothing claimed: pid is the "
				       "child's: %s; uid, gid are its real "
				       "ones: %s\n", yes_no(uc.pid == child_pid),
				       yes_no(uc.uid == getuid() &&
					      uc.gid == getgid()));
			else
				printf("SCM_CREDENTIALS, claiming pid 1: accepted "
				       "(the sender has CAP_SYS_ADMIN); the "
				       "receiver sees pid %ld\n", (long)uc.pid);
#ifdef SCM_PIDFD
		} else if (cm->cmsg_type == SCM_PIDFD) {
			int pidfd;

			memcpy(&pidfd, CMSG_DATA(cm), sizeof pidfd);
			if (c == 'a')
				printf("SCM_PIDFD: a pidfd for the child: %s\n",
				       yes_no(pidfd_pid(pidfd) == child_pid));
			close(pidfd);
#endif
		}
	}
	return c;
}

/*
 * A child with real uid and gid 65534 and effective 0 connects and sends
 * one byte, claiming nothing: what SO_PEERCRED and SCM_CREDENTIALS say.
 * Needs root, to give the child those ids.
 */
static void real_and_effective(void)
{
	struct sockaddr_un un;
	socklen_t len, credlen;
	struct ucred peer, sent;
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(struct ucred))];
	} control;
	char c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = { 0 };
	struct cmsghdr *cm;
	int listenfd, conn, on = 1, status;
	pid_t pid;

	printf("a sender with real uid 65534 and effective uid 0 "
	       "(a set-user-ID-root program run by uid 65534):\n");
	if (geteuid() != 0) {
		printf("  not shown: only root can make such a sender\n");
		return;
	}
	abstract_address(&un, &len, "-ids");
	if ((listenfd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(listenfd, (struct sockaddr *)&un, len) < 0 ||
	    listen(listenfd, 1) < 0)
		err_sys("can't listen on an abstract socket");
	fflush(stdout);
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		int s;

		if (setresgid(65534, 0, 0) < 0 || setresuid(65534, 0, 0) < 0)
			err_sys("child: setresuid error");
		if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
		    connect(s, (struct sockaddr *)&un, len) < 0)
			err_sys("child: can't connect");
		if (read(s, &c, 1) != 1 || write(s, "a", 1) != 1)
			err_sys("child: read/write error");
		exit(0);
	}
	if ((conn = accept(listenfd, NULL, NULL)) < 0)
		err_sys("accept error");
	close(listenfd);
	credlen = sizeof peer;
	if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &peer, &credlen) < 0 ||
	    setsockopt(conn, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0)
		err_sys("SO_PEERCRED/SO_PASSCRED error");
	if (write(conn, "g", 1) != 1)
		err_sys("write error");
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	if (recvmsg(conn, &msg, 0) != 1 || (cm = CMSG_FIRSTHDR(&msg)) == NULL ||
	    cm->cmsg_type != SCM_CREDENTIALS)
		err_quit("creds: no credentials from the child");
	memcpy(&sent, CMSG_DATA(cm), sizeof sent);
	printf("  SO_PEERCRED: uid %ld, gid %ld (the effective ids at connect)\n",
	       (long)peer.uid, (long)peer.gid);
	printf("  SCM_CREDENTIALS, nothing claimed: uid %ld, gid %ld "
	       "(the real ids)\n", (long)sent.uid, (long)sent.gid);
	close(conn);
	if (waitpid(pid, &status, 0) < 0)
		err_sys("waitpid error");
}

int main(int argc, char *argv[])
{
	struct sockaddr_un un;
	socklen_t len, credlen;
	struct ucred peer;
	int pair[2], listenfd, conn, on = 1, error, status;
	pid_t pid;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc != 1)
		usage(stderr, 2);

	/* A socketpair's peer credentials are its creator's. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) < 0)
		err_sys("socketpair error");
	credlen = sizeof peer;
	if (getsockopt(pair[0], SOL_SOCKET, SO_PEERCRED, &peer, &credlen) < 0)
		err_sys("getsockopt SO_PEERCRED error");
	printf("SO_PEERCRED on a socketpair: names the process that called "
	       "socketpair (this one): %s\n", yes_no(peer.pid == getpid()));
	close(pair[0]);
	close(pair[1]);

	abstract_address(&un, &len, "");
	if ((listenfd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(listenfd, (struct sockaddr *)&un, len) < 0 ||
	    listen(listenfd, 1) < 0)
		err_sys("can't listen on an abstract socket");
	fflush(stdout);                 /* or the child prints it again */
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(listenfd);
		child(&un, len);
	}
	if ((conn = accept(listenfd, NULL, NULL)) < 0)
		err_sys("accept error");
	close(listenfd);

	credlen = sizeof peer;
	if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &peer, &credlen) < 0)
		err_sys("getsockopt SO_PEERCRED error");
	printf("SO_PEERCRED on an accepted connection: pid is the child's: %s; "
	       "uid, gid are its effective ones: %s\n", yes_no(peer.pid == pid),
	       yes_no(peer.uid == geteuid() && peer.gid == getegid()));

#ifdef SO_PEERPIDFD
	{
		int pidfd;
		socklen_t fdlen = sizeof pidfd;

		if (getsockopt(conn, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &fdlen) < 0) {
			printf("SO_PEERPIDFD: not in this kernel (%s)\n",
			       strerror(errno));
		} else {
			printf("SO_PEERPIDFD: a pidfd for the child: %s\n",
			       yes_no(pidfd_pid(pidfd) == pid));
			close(pidfd);
		}
	}
	if (setsockopt(conn, SOL_SOCKET, SO_PASSPIDFD, &on, sizeof on) < 0)
		printf("SCM_PIDFD: not in this kernel (SO_PASSPIDFD: %s)\n",
		       strerror(errno));
#else
	printf("SO_PEERPIDFD: not known on this system\n");
	printf("SCM_PIDFD: not known on this system\n");
#endif
	if (setsockopt(conn, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0)
		err_sys("setsockopt SO_PASSCRED error");
	if (write(conn, "g", 1) != 1)
		err_sys("write error");

	if (receive_one(conn, pid) != 'a')
		err_quit("creds: unexpected message from the child");
	if (receive_one(conn, pid) == 'f' && receive_one(conn, pid) != 'e')
		err_quit("creds: unexpected message from the child");
	if (readn(conn, &error, sizeof error) != sizeof error)
		err_quit("creds: the child stopped early");
	if (error != 0)
		printf("SCM_CREDENTIALS, claiming pid 1: refused: %s\n",
		       strerror(error));
	close(conn);
	if (waitpid(pid, &status, 0) < 0)
		err_sys("waitpid error");
	real_and_effective();
	return 0;
}
