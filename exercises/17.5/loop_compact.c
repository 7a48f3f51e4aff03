/*
 * loop_compact.c - Exercise 17.5, the portable part of the answer: the
 * poll loop with nothing left to search.  The 3e's poll loop (Figure
 * 17.30, ch17/opend2_poll.c) already hands poll only the entries in use
 * and fills a closed client's hole with the last entry; what it still
 * does per client is client_del's scan of client[] for the descriptor,
 * and it grows its arrays ten entries at a time.  Here each pollfd[i] has
 * its struct conn beside it (conns[i]), so a finished client is dropped
 * without a search, and the arrays double.  A small gain: poll itself
 * still looks at every descriptor on every call, O(clients) per wakeup,
 * which only epoll and kqueue avoid (loop_epoll.c, the answer that
 * changes the cost).
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
