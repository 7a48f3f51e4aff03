/*
 * pollmsg.c - poll XSI message queues with the help of UNIX domain
 * datagram sockets (book: 3e Figure 17.3, §17.2).  A message queue has no
 * descriptor, so poll cannot watch it: one thread per queue blocks in
 * msgrcv and writes each message to its own datagram socket pair, and
 * main polls the other ends.  A datagram socket keeps each message whole
 * (Exercise 17.1 asks what a pipe would change).  Post messages with
 * ch17/sendmsg (Figure 17.4).
 *
 * usage: pollmsg [-h] [-n count] [-k key | -f file]
 *
 * Differences from the book:
 *   - keys: -k KEY uses KEY, KEY+1, KEY+2 (default 0x123, the book's);
 *     -f FILE uses ftok(FILE, 1..3), private to whoever owns FILE, so
 *     tests and several users never share queues;
 *   - the queues are made with IPC_EXCL and mode 0600: a queue that
 *     already exists is an error, not silently shared, and only its owner
 *     may post;
 *   - a way to stop: -n COUNT stops after COUNT messages, and SIGINT,
 *     SIGTERM or SIGHUP stop it too (a pipe polled beside the sockets,
 *     stop_pipe), instead of running forever;
 *   - every queue it made is removed when it ends, however it ends (also
 *     when a step fails: queue_create registers the removal with atexit);
 *   - the lines name the queue by number and key, which stay the same
 *     from run to run, not by queue ID (ipcs -q shows those), and stdout
 *     is line-buffered so a pipe reader sees each line at once;
 *   - a helper that fails reports and asks main to stop (helper_quits)
 *     rather than ending the process under main's feet; main stops the
 *     helpers by removing the queues and closing its ends, and joins them;
 *   - the buffer has room for a message of MAXMSZ bytes and its null byte
 *     (the book's buf[n] = 0 writes past the end for a 512-byte message).
 */
#define _XOPEN_SOURCE 700       /* XSI message queues (msgget, msgrcv) */
#include "apue.h"
#include "msgq.h"
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>

struct threadinfo {
	int qid;
	int fd;
};

void *helper(void *arg)
{
	ssize_t n;
	struct mymesg m;
	struct threadinfo *tip = arg;

	for (;;) {
		memset(&m, 0, sizeof(m));
		if ((n = msgrcv(tip->qid, &m, MAXMSZ, 0, MSG_NOERROR)) < 0) {
			if (errno == EINTR)
				continue;
			return helper_quits("msgrcv error");
		}
		if (write(tip->fd, m.mtext, (size_t)n) < 0)
			return helper_quits("write error");
	}
}

int main(int argc, char *argv[])
{
	int i, err;
	ssize_t n;
	int fd[2];
	int qid[NQ];
	struct pollfd pfd[NQ + 1];      /* the sockets, then the stop pipe */
	struct threadinfo ti[NQ];
	pthread_t tid[NQ];
	char buf[MAXMSZ + 1];
	struct qkeys keys = { NULL, KEY };
	long count = -1, printed = 0;   /* -n: stop after count messages */

	poll_args(argc, argv, "pollmsg",
		  "  Make 3 XSI message queues and print each message posted to\n"
		  "  them (ch17/sendmsg KEY TEXT), read through a datagram socket.\n",
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

		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, fd) < 0)
			err_sys("socketpair error");
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
				if ((n = read(pfd[i].fd, buf, MAXMSZ)) < 0)
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
