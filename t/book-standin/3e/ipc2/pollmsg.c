/* pollmsg.c - stand-in (our own code): a thread per XSI message queue
 * copies each message to a datagram socket, so that main can poll. */
#include "apue.h"
#include <poll.h>
#include <pthread.h>
#include <sys/msg.h>
#include <sys/socket.h>

#define QUEUES 3

struct queue {
	int id;
	int sock;               /* the helper's end */
};

void *helper(void *arg)
{
	struct queue *q = arg;
	struct {
		long type;
		char words[512];
	} m;
	ssize_t n;

	for (;;) {
		n = msgrcv(q->id, &m, sizeof m.words, 0, MSG_NOERROR);
		if (n < 0)
			err_sys("msgrcv");
		if (send(q->sock, m.words, (size_t)n, 0) < 0)
			err_sys("send");
	}
	return NULL;
}

int main(void)
{
	struct queue q[QUEUES];
	struct pollfd pfd[QUEUES];
	pthread_t tid;
	char buf[512];
	int k, ends[2];
	ssize_t n;

	for (k = 0; k < QUEUES; k++) {
		q[k].id = msgget((key_t)(0x123 + k), IPC_CREAT | 0666);
		if (q[k].id < 0)
			err_sys("msgget");
		printf("queue %d: id %d\n", k, q[k].id);
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, ends) < 0)
			err_sys("socketpair");
		pfd[k].fd = ends[0];
		pfd[k].events = POLLIN;
		q[k].sock = ends[1];
		if (pthread_create(&tid, NULL, helper, &q[k]) != 0)
			err_quit("pthread_create");
	}
	for (;;) {
		if (poll(pfd, QUEUES, -1) < 0)
			err_sys("poll");
		for (k = 0; k < QUEUES; k++) {
			if (!(pfd[k].revents & POLLIN))
				continue;
			n = recv(pfd[k].fd, buf, sizeof buf, 0);
			if (n < 0)
				err_sys("recv");
			printf("queue %d: %.*s\n", q[k].id, (int)n, buf);
		}
	}
}
