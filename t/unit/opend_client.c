/*
 * opend_client.c - a client of the version 2 open server that does what
 * it is told, well or badly, step by step, and prints what comes back.
 * The hostile-client tests drive it; it links over both transports and
 * uses only the apue.h API (cli_conn, recv_fd) and read/write.
 *
 * usage: opend_client -s path step...
 *        opend_client -e server step...   (version 1: starts server on
 *                                           an fd_pipe, as csopen does)
 *   send:TEXT    write TEXT (\0 is a null byte, \n a newline, \\ a backslash)
 *   long:N       write N bytes of 'a' (no null byte)
 *   longreq:N    write N bytes of 'a' and a null byte, in one write (on a
 *                stream, one message longer than any read of the server)
 *   reply        receive one answer: "fd: <first line of the file>",
 *                "error N: <server's text>", or "failed: <errno text>"
 *   open:PATH:OFLAG  send:open PATH OFLAG\0, then reply
 *   flags:PATH:OFLAG as open:, but prints the received descriptor's flags
 *                instead of its first line: "flags: rdonly|wronly|rdwr",
 *                then " nonblock" and " cloexec" when set
 *   flood:N      write N requests for /dev/null, read no answer; stop
 *                at the first failed write (the server may drop us)
 *   many:N:PATH  N requests for PATH, each answer read in full and checked
 *                against the first; prints "many: N of N identical"
 *   shut         shut down our sending side (sockets; prints a note if
 *                the transport cannot)
 *   sleep:MS     pause
 *   wait         read a line from stdin: the test's go-ahead (end of file
 *                on stdin ends the client)
 */
#include "apue.h"
#include <sys/socket.h>
#include <time.h>

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* 0, or -1 after printing why. */
static int send_bytes(int fd, const void *buf, size_t n)
{
	if (writen(fd, buf, n) != (ssize_t)n) {
		printf("write failed: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* TEXT with its escapes decoded; its length. */
static size_t unescape(const char *text, char *out)
{
	size_t n = 0;

	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\\' && p[1] == '0') {
			out[n++] = '\0';
			p++;
		} else if (*p == '\\' && p[1] == 'n') {
			out[n++] = '\n';
			p++;
		} else if (*p == '\\' && p[1] == '\\') {
			out[n++] = '\\';
			p++;
		} else {
			out[n++] = *p;
		}
	}
	return n;
}

static char text[1 << 16];
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

/* Read all of fd into buf (at most size - 1 bytes); the length or -1. */
static ssize_t slurp(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	if (n < 0)
		return -1;
	buf[len] = '\0';
	return (ssize_t)len;
}

/* The flags the server handed us, as "flags:" prints them. */
static void print_flags(int fd)
{
	int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD);
	int mode = fl & O_ACCMODE;

	if (fl < 0 || fdfl < 0) {
		printf("flags: fcntl: %s\n", strerror(errno));
		return;
	}
	printf("flags: %s%s%s\n", mode == O_RDONLY ? "rdonly" :
	       mode == O_WRONLY ? "wronly" : mode == O_RDWR ? "rdwr" : "?",
	       fl & O_NONBLOCK ? " nonblock" : "",
	       fdfl & FD_CLOEXEC ? " cloexec" : "");
}

static void reply(int csfd, int show_flags)
{
	char content[4096];
	int fd;

	text_len = 0;
	text[0] = '\0';
	fd = recv_fd(csfd, keep_text);
	if (fd >= 0 && show_flags) {
		print_flags(fd);
		close(fd);
	} else if (fd >= 0) {
		if (slurp(fd, content, sizeof content) < 0)
			printf("fd: read: %s\n", strerror(errno));
		else
			printf("fd: %.*s\n", (int)strcspn(content, "\n"), content);
		close(fd);
	} else if (errno == 0) {
		printf("error %d: %s", -fd, text);
	} else {
		printf("failed: %s\n", strerror(errno));
	}
	fflush(stdout);
}

static void many(int csfd, long n, const char *path)
{
	static char first[1 << 16], again[1 << 16];
	char req[4200];
	int len = snprintf(req, sizeof req, "open %s 0", path);
	long same = 0;
	ssize_t firstlen = -1;

	for (long i = 0; i < n; i++) {
		int fd;
		ssize_t got;

		if (send_bytes(csfd, req, (size_t)len + 1) < 0)
			break;
		if ((fd = recv_fd(csfd, NULL)) < 0)
			break;
		got = slurp(fd, i == 0 ? first : again, sizeof first);
		close(fd);
		if (i == 0)
			firstlen = got;
		if (got >= 0 && got == firstlen &&
		    (i == 0 || memcmp(first, again, (size_t)got) == 0))
			same++;
	}
	printf("many: %ld of %ld identical\n", same, n);
}

/* Version 1: the server as our child, its stdin and stdout one end of an
 * fd_pipe; the other end is ours. */
static int start_server(const char *server)
{
	int fd[2];
	pid_t pid;

	if (fd_pipe(fd) < 0)
		err_sys("fd_pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(fd[0]);
		if (dup2(fd[1], STDIN_FILENO) < 0 ||
		    dup2(fd[1], STDOUT_FILENO) < 0)
			err_sys("dup2 error");
		if (fd[1] > STDOUT_FILENO)
			close(fd[1]);
		execl(server, server, (char *)NULL);
		err_sys("execl error: %s", server);
	}
	close(fd[1]);
	return fd[0];
}

int main(int argc, char *argv[])
{
	const char *path = NULL, *server = NULL;
	char *buf;
	int c, csfd;

	opterr = 0;
	while ((c = getopt(argc, argv, "e:s:")) != -1) {
		if (c == 's')
			path = optarg;
		else if (c == 'e')
			server = optarg;
		else
			path = server = NULL, optind = argc;
	}
	if ((path == NULL) == (server == NULL) || optind == argc) {
		fprintf(stderr, "usage: opend_client -s path | -e server step...\n");
		exit(2);
	}
	signal(SIGPIPE, SIG_IGN);
	alarm(20);                      /* a test that would hang fails instead */
	if (server != NULL)
		csfd = start_server(server);
	else if ((csfd = cli_conn(path)) < 0)
		err_sys("cli_conn error: %s", path);
	if ((buf = malloc(1 << 20)) == NULL)
		err_sys("malloc error");
	for (int i = optind; i < argc; i++) {
		const char *step = argv[i];
		size_t n;
		long count;

		if (strncmp(step, "send:", 5) == 0) {
			n = unescape(step + 5, buf);
			send_bytes(csfd, buf, n);
		} else if (strncmp(step, "long:", 5) == 0) {
			n = strtoul(step + 5, NULL, 10);
			if (n > (1 << 20))
				n = 1 << 20;
			memset(buf, 'a', n);
			send_bytes(csfd, buf, n);
		} else if (strncmp(step, "longreq:", 8) == 0) {
			n = strtoul(step + 8, NULL, 10);
			if (n > (1 << 20) - 1)
				n = (1 << 20) - 1;
			memset(buf, 'a', n);
			buf[n] = '\0';
			send_bytes(csfd, buf, n + 1);
		} else if (strcmp(step, "reply") == 0) {
			reply(csfd, 0);
		} else if (strncmp(step, "open:", 5) == 0 ||
			   strncmp(step, "flags:", 6) == 0) {
			const char *path = strchr(step, ':') + 1;
			const char *colon = strrchr(path, ':');

			if (colon == NULL || colon < path)
				err_quit("open:PATH:OFLAG");
			n = (size_t)snprintf(buf, 1 << 20, "open %.*s %s",
					     (int)(colon - path), path, colon + 1);
			send_bytes(csfd, buf, n + 1);
			reply(csfd, step[0] == 'f');
		} else if (strncmp(step, "flood:", 6) == 0) {
			count = strtol(step + 6, NULL, 10);
			for (long k = 0; k < count; k++)
				if (send_bytes(csfd, "open /dev/null 0", 17) < 0)
					break;
		} else if (strncmp(step, "many:", 5) == 0) {
			char *end;

			count = strtol(step + 5, &end, 10);
			many(csfd, count, *end == ':' ? end + 1 : "/dev/null");
		} else if (strcmp(step, "shut") == 0) {
			if (shutdown(csfd, SHUT_WR) < 0)
				printf("shut: %s\n", strerror(errno));
		} else if (strncmp(step, "sleep:", 6) == 0) {
			pause_ms(strtol(step + 6, NULL, 10));
		} else if (strcmp(step, "wait") == 0) {
			char line[64];

			if (fgets(line, sizeof line, stdin) == NULL)
				break;
		} else {
			err_quit("unknown step: %s", step);
		}
		fflush(stdout);
	}
	close(csfd);
	free(buf);
	exit(0);
}
