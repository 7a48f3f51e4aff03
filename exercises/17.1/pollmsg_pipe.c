/*
 * pollmsg_pipe.c - Exercise 17.1, the first half: Figure 17.3 (3e,
 * ch17/pollmsg) with pipes instead of UNIX domain datagram sockets.
 *
 * A pipe is a byte stream: it keeps no message boundaries, so two
 * messages that reach a pipe before main reads come out of one read run
 * together (exercises/17.1/boundaries shows it).  So each helper writes a
 * length before its message, in one writev (no extra copy into a frame),
 * and main reads the length, then exactly that many bytes (readn).  The
 * rest is Figure 17.3 as ch17/pollmsg has it, with the same options and
 * output, and the same differences from the book (see ch17/pollmsg.c).
 * The message is still copied twice more than it needs to be (into the
 * pipe, out of the pipe): exercises/17.1/copies counts it, and shows how
 * to avoid it.
 *
 * usage: pollmsg_pipe [-h] [-n count] [-k key | -f file]
 */
#define _XOPEN_SOURCE 700       /* XSI message queues (msgget, msgrcv) */
#include "apue.h"
#include "../../ch17/msgq.h"
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/uio.h>

struct threadinfo {
	int qid;
	int fd;
};

static ssize_t read_message(int fd, char *buf, size_t size);

void *helper(void *arg)
{
	ssize_t n;
	uint32_t len;
	struct iovec iov[2];
	struct mymesg m;
	struct threadinfo *tip = arg;

	for (;;) {
		memset(&m, 0, sizeof(m));
		if ((n = msgrcv(tip->qid, &m, MAXMSZ, 0, MSG_NOERROR)) < 0) {
			if (errno == EINTR)
				continue;
			return helper_quits("msgrcv error");
		}
		/* the length, then the message: one write, so main never
		 * sees a length without its message following */
		len = (uint32_t)n;
		iov[0].iov_base = &len;
		iov[0].iov_len = sizeof(len);
		iov[1].iov_base = m.mtext;
		iov[1].iov_len = (size_t)n;
		if (writev(tip->fd, iov, 2) != (ssize_t)(sizeof(len) + (size_t)n))
			return helper_quits("write error");
	}
}

int main(int argc, char *argv[])
{
	int i, err;
	ssize_t n;
	int fd[2];
	int qid[NQ];
	struct pollfd pfd[NQ + 1];      /* the pipes, then the stop pipe */
	struct threadinfo ti[NQ];
	pthread_t tid[NQ];
	char buf[MAXMSZ + 1];
	struct qkeys keys = { NULL, KEY };
	long count = -1, printed = 0;   /* -n: stop after count messages */

	poll_args(argc, argv, "pollmsg_pipe",
		  "  ch17/pollmsg with pipes instead of datagram sockets: each\n"
		  "  message goes through its pipe behind its length.\n",
		  &keys, &count);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((pfd[NQ].fd = stop_pipe()) < 0)
		err_sys("can't catch stop signals");
	pfd[NQ].events = POLLIN;
	stop_signals_mask(SIG_BLOCK);     /* the helpers inherit the mask */

	for (i = 0; i < NQ; i++) {
		key_t key = queue_key(&keys, i);

		if (key == (key_t)-1)
			err_sys("ftok error for %s", keys.file);
		if ((qid[i] = queue_create(key)) < 0)
			err_sys("msgget error for queue %d (key 0x%x)", i,
				(unsigned int)key);

		printf("queue %d: key 0x%x\n", i, (unsigned int)key);

		if (pipe(fd) < 0)               /* was: socketpair(SOCK_DGRAM) */
			err_sys("pipe error");
		pfd[i].fd = fd[0];
		pfd[i].events = POLLIN;
		ti[i].qid = qid[i];
		ti[i].fd = fd[1];
		if ((err = pthread_create(&tid[i], NULL, helper, &ti[i])) != 0)
			err_exit(err, "pthread_create error");
	}
	stop_signals_mask(SIG_UNBLOCK);

	while (count < 0 || printed < count) {
		if (poll(pfd, NQ + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			err_sys("poll error");
		}
		if (pfd[NQ].revents & POLLIN)
			break;                  /* a stop signal, or a helper quit */
		for (i = 0; i < NQ && (count < 0 || printed < count); i++) {
			if (pfd[i].revents & POLLIN) {
				if ((n = read_message(pfd[i].fd, buf, MAXMSZ)) < 0)
					err_sys("read error");
				buf[n] = 0;
				printf("queue %d, message %s\n", i, buf);
				printed++;
			}
		}
	}

	queues_remove();                /* a helper in msgrcv fails, */
	for (i = 0; i < NQ; i++)
		close(pfd[i].fd);       /* one in write fails too: */
	err = helpers_join(tid, NQ);    /* they return */
	for (i = 0; i < NQ; i++)
		close(ti[i].fd);
	stop_pipe_close(pfd[NQ].fd);
	exit(err ? 1 : 0);
}

/* One message: its length, then exactly that many bytes.  The length of
 * the message, or -1 with errno set (EIO: the pipe ended mid-message,
 * EMSGSIZE: a length the buffer cannot hold). */
static ssize_t read_message(int fd, char *buf, size_t size)
{
	uint32_t len;
	ssize_t n;

	if ((n = readn(fd, &len, sizeof(len))) != (ssize_t)sizeof(len)) {
		if (n >= 0)
			errno = EIO;
		return -1;
	}
	if (len > size) {
		errno = EMSGSIZE;
		return -1;
	}
	if ((n = readn(fd, buf, len)) != (ssize_t)len) {
		if (n >= 0)
			errno = EIO;
		return -1;
	}
	return n;
}
