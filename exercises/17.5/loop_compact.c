/*
 * loop_compact.c - Exercise 17.5, portable answer: the poll loop
 * with a compact array.  The book's poll loop (3e Figure 17.30) hands poll
 * every slot, free ones too, and finds a client's entry by scanning; here
 * pollfd[] holds exactly the listening socket and the live clients, conns[]
 * beside it, and a finished client is replaced by the last one (O(1)).
 * poll itself still looks at every descriptor on every call: O(clients)
 * per wakeup, which only epoll/kqueue avoid (loop_epoll.c).
 *
 * usage: opend_compact [-h] [-d] [-s path]   (as ch17/opend2)
 */
#include "conn.h"
#include <poll.h>

const char server_name[] = "opend_compact";

static struct pollfd *pollfd;
static struct conn **conns;             /* conns[i] watched by pollfd[i] */
static size_t nfds, room;

static int add(int fd, struct conn *c)
{
	if (nfds == room) {
		size_t bigger = room == 0 ? 64 : room * 2;
		struct pollfd *p = realloc(pollfd, bigger * sizeof *p);
		struct conn **q;

		if (p == NULL)
			return -1;
		pollfd = p;
		if ((q = realloc(conns, bigger * sizeof *q)) == NULL)
			return -1;
		conns = q;
		room = bigger;
	}
	pollfd[nfds].fd = fd;
	pollfd[nfds].events = POLLIN;
	pollfd[nfds].revents = 0;
	conns[nfds] = c;
	nfds++;
	return 0;
}

/* Drop the client in slot i; the last slot moves into it. */
static void remove_slot(size_t i)
{
	conn_drop(conns[i]);
	nfds--;
	pollfd[i] = pollfd[nfds];
	conns[i] = conns[nfds];
}

void loop(int listenfd)
{
	if (add(listenfd, NULL) < 0)
		log_sys("out of memory");
	for (;;) {
		size_t i = 1;

		if (poll(pollfd, (nfds_t)nfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_sys("poll error");
		}
		/* Any event: a hangup may come without POLLIN (STREAMS), and
		 * conn_accept ends the server when the listener is gone. */
		if (pollfd[0].revents != 0) {
			struct conn *c = conn_accept(listenfd);

			if (c != NULL && add(c->fd, c) < 0) {
				log_msg("out of memory: client refused");
				conn_drop(c);
			}
		}
		while (i < nfds) {
			if (pollfd[i].revents != 0 &&
			    ((pollfd[i].revents & POLLNVAL) ||
			     conn_serve(conns[i]) < 0)) {
				remove_slot(i);         /* slot i now holds the last */
				continue;
			}
			i++;
		}
	}
}
