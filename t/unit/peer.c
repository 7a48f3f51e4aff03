/*
 * peer.c - see peer.h.
 */
#include "peer.h"
#include "tap.h"
#include <time.h>
#include <sys/socket.h>
#include <sys/wait.h>

char collected[1 << 16];
size_t collected_len;

pid_t start_peer(int *ours, void (*fn)(int sock, void *arg), void *arg)
{
	int sock[2];
	pid_t pid;

	if (fd_pipe(sock) < 0)
		err_sys("fd_pipe error");
	fflush(stdout);
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(sock[0]);
		fn(sock[1], arg);
		_exit(0);
	}
	close(sock[1]);
	*ours = sock[0];
	return pid;
}

int finish_peer(pid_t pid)
{
	struct timespec tick = { 0, 10 * 1000000L };
	int status;
	pid_t r;

	/* A peer that does not end in time is named and killed: the test
	 * goes on, and fails on the peer's status. */
	for (long waited = 0; (r = waitpid(pid, &status, WNOHANG)) == 0;
	     waited += 10) {
		if (waited >= TAP_WAIT_SECONDS * 1000L) {
			diag("timed out after %d seconds waiting for peer %ld "
			     "to exit; killed it", TAP_WAIT_SECONDS, (long)pid);
			kill(pid, SIGKILL);
			tick.tv_nsec = 0;
		}
		nanosleep(&tick, NULL);
	}
	if (r < 0)
		err_sys("waitpid error");
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int raw_send(int sock, const void *data, size_t n, const int *fds,
	     size_t nfds)
{
	struct iovec iov = { .iov_base = (void *)data, .iov_len = n };
	struct msghdr msg = { 0 };
	unsigned char *control = NULL;
	ssize_t sent;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (nfds > 0) {
		struct cmsghdr *cmsg;

		/* malloc returns memory aligned for any type, cmsghdr included */
		control = calloc(1, CMSG_SPACE(nfds * sizeof(int)));
		if (control == NULL)
			return -1;
		msg.msg_control = control;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(cmsg), fds, nfds * sizeof(int));
	}
	sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
	free(control);
	return sent == (ssize_t)n ? 0 : -1;
}

ssize_t collect_text(int fd, const void *buf, size_t n)
{
	(void)fd;
	if (n > sizeof collected - collected_len)
		n = sizeof collected - collected_len;
	memcpy(collected + collected_len, buf, n);
	collected_len += n;
	return (ssize_t)n;
}

void collect_reset(void)
{
	collected_len = 0;
	memset(collected, 0, sizeof collected);
}

int open_fd_count(void)
{
	int count = 0;

	for (int fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			count++;
	return count;
}

static int saved_stderr = -1;
static FILE *capture_file;
static char capture_text[MAXLINE];

void capture_stderr(void)
{
	fflush(stderr);
	if ((capture_file = tmpfile()) == NULL)
		err_sys("tmpfile");
	if ((saved_stderr = dup(STDERR_FILENO)) < 0 ||
	    dup2(fileno(capture_file), STDERR_FILENO) < 0)
		err_sys("dup");
}

const char *captured_stderr(void)
{
	size_t n;

	fflush(stderr);
	if (dup2(saved_stderr, STDERR_FILENO) < 0)
		err_sys("dup2");
	close(saved_stderr);
	rewind(capture_file);
	n = fread(capture_text, 1, sizeof capture_text - 1, capture_file);
	capture_text[n] = '\0';
	fclose(capture_file);
	return capture_text;
}
