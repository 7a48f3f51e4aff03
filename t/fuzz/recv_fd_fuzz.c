/*
 * recv_fd_fuzz.c - libFuzzer harness for the socket recv_fd and recv_ufd
 * (3e Figures 17.14 and 17.16): arbitrary bytes and descriptors go down a
 * real socketpair, and the receiver must keep its contract.
 *
 * Input: one options byte, then chunks, each one sendmsg:
 *   header byte: bits 0-1 descriptors to attach (0..3), bit 2 credentials
 *                too, bit 3 end the input here;
 *   length byte, then that many bytes of data.
 * Options: bit 0 recv_ufd instead of recv_fd, bit 1 SO_PASSCRED on the
 * receiver, bit 2 SO_PASSPIDFD on the receiver, bit 3 a userfunc that
 * fails, bit 4 no userfunc.
 *
 * Checked after every input: the result is a descriptor, -1..-255 with
 * errno 0 (then the byte after the first null is that status), or -1
 * with errno set; a descriptor is open and came with status 0; the text
 * passed on is a prefix of the data before the first null byte; and the
 * process has exactly the descriptors it had before.
 * Linux-only: SCM_CREDENTIALS and SO_PASSPIDFD need _GNU_SOURCE.
 */
#define _GNU_SOURCE
#include "apue.h"
#include <sys/socket.h>
#include <stdint.h>

#ifndef SO_PASSPIDFD
#define SO_PASSPIDFD 76         /* asm-generic number; Linux 6.5 */
#endif

static int passed_fd = -1;     /* what the sender attaches */
static char text[8192];
static size_t text_len;

static ssize_t collect(int fd, const void *buf, size_t n)
{
	(void)fd;
	if (n > sizeof text - text_len)
		abort();        /* more text than was ever sent */
	memcpy(text + text_len, buf, n);
	text_len += n;
	return (ssize_t)n;
}

static ssize_t refuse(int fd, const void *buf, size_t n)
{
	(void)fd;
	(void)buf;
	(void)n;
	errno = EIO;
	return -1;
}

static int open_count(void)
{
	int count = 0;

	for (int fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			count++;
	return count;
}

/* One chunk as one non-blocking sendmsg; 0 when it went, -1 when not. */
static int send_chunk(int sock, const uint8_t *data, size_t n, int nfds,
		      int creds)
{
	union {
		struct cmsghdr align;
		unsigned char space[CMSG_SPACE(sizeof(struct ucred)) +
				    CMSG_SPACE(3 * sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = (void *)data, .iov_len = n };
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	size_t used = 0;

	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (creds) {
		struct ucred uc = { getpid(), geteuid(), getegid() };

		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_CREDENTIALS;
		cmsg->cmsg_len = CMSG_LEN(sizeof uc);
		memcpy(CMSG_DATA(cmsg), &uc, sizeof uc);
		used += CMSG_SPACE(sizeof uc);
		cmsg = CMSG_NXTHDR(&msg, cmsg);
	}
	if (nfds > 0) {
		int fds[3] = { passed_fd, passed_fd, passed_fd };

		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(cmsg), fds, nfds * sizeof(int));
		used += CMSG_SPACE(nfds * sizeof(int));
	}
	msg.msg_controllen = used;
	if (used == 0)
		msg.msg_control = NULL;
	return sendmsg(sock, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* Send the chunks; return the data bytes sent, in order, in *data. */
static size_t send_all(int sock, const uint8_t *in, size_t n, uint8_t *data)
{
	size_t sent = 0;

	while (n >= 2) {
		int header = in[0];
		size_t len = in[1];

		in += 2;
		n -= 2;
		if (len > n)
			len = n;
		if (len > 0 && send_chunk(sock, in, len, header & 3,
					  (header & 4) != 0) == 0) {
			memcpy(data + sent, in, len);
			sent += len;
		}
		in += len;
		n -= len;
		if (header & 8)
			break;
	}
	return sent;
}

static void set_option(int sock, int option)
{
	const int on = 1;

	(void)setsockopt(sock, SOL_SOCKET, option, &on, sizeof on);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	passed_fd = open("/dev/null", O_RDONLY);
	return passed_fd < 0 ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
	static uint8_t data[8192];
	ssize_t (*userfunc)(int, const void *, size_t) = collect;
	int sock[2], options, before, result, error;
	size_t sent;
	const uint8_t *nul;
	uid_t uid = (uid_t)-2;

	if (n < 1 || n > 4096)
		return 0;
	options = in[0];
	before = open_count();
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sock) < 0)
		abort();
	if (options & 2)
		set_option(sock[0], SO_PASSCRED);
	if (options & 4)
		set_option(sock[0], SO_PASSPIDFD);
	if (options & 8)
		userfunc = refuse;
	if (options & 16)
		userfunc = NULL;
	sent = send_all(sock[1], in + 1, n - 1, data);
	close(sock[1]);         /* the receiver always reaches an end */

	text_len = 0;
	errno = 0;
	if (options & 1)
		result = recv_ufd(sock[0], &uid, userfunc);
	else
		result = recv_fd(sock[0], userfunc);
	error = errno;

	if (result >= 0) {
		if (fcntl(result, F_GETFD) < 0)
			abort();        /* handed over a closed descriptor */
		close(result);
	} else if (result < -255 || (result < -1 && error != 0)) {
		abort();        /* outside the contract */
	}
	/* The text is what came before the first null byte, never more. */
	nul = memchr(data, '\0', sent);
	if (text_len > (nul != NULL ? (size_t)(nul - data) : sent) ||
	    memcmp(text, data, text_len) != 0)
		abort();
	if (result >= 0 && (nul == NULL || nul + 1 >= data + sent ||
			    nul[1] != 0))
		abort();        /* a descriptor needs status 0 */
	if (result < 0 && error == 0 && (nul == NULL || nul + 1 >= data + sent ||
			    nul[1] != (uint8_t)-result))
		abort();        /* the status is the byte after the null */
	close(sock[0]);
	if (open_count() != before)
		abort();        /* a descriptor leaked */
	return 0;
}
