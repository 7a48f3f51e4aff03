/*
 * loop_epoll.c - Exercise 17.5, Linux answer: the server loop with
 * epoll.  Linux-only (sys/epoll.h), so it stays in this file; the portable
 * answer is loop_compact.c (kqueue would play this part on the BSDs
 * and macOS).
 *
 * The kernel keeps the set of watched descriptors, so a wakeup costs
 * O(ready clients), not O(all clients) as with select and poll, and each
 * event carries the client's struct conn: no array to scan, no search on
 * close.  A finished client is taken out of the set (EPOLL_CTL_DEL)
 * before its descriptor is closed: close alone removes it only when no
 * other descriptor refers to the same open file, and a stale entry would
 * point at freed memory.
 *
 * usage: opend_epoll [-h] [-d] [-s path]   (as ch17/opend2)
 */
#include "conn.h"
#include <sys/epoll.h>

const char server_name[] = "opend_epoll";

#define MAX_EVENTS 64

void loop(int listenfd)
{
	struct epoll_event ev, events[MAX_EVENTS];
	int epfd, n;

	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		log_sys("epoll_create1 error");
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;                     /* NULL: the listening socket */
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, listenfd, &ev) < 0)
		log_sys("epoll_ctl error");
	for (;;) {
		if ((n = epoll_wait(epfd, events, MAX_EVENTS, -1)) < 0) {
			if (errno == EINTR)
				continue;
			log_sys("epoll_wait error");
		}
		for (int i = 0; i < n; i++) {
			struct conn *c = events[i].data.ptr;

			if (c == NULL) {
				if ((c = conn_accept(listenfd)) == NULL)
					continue;
				ev.events = EPOLLIN;
				ev.data.ptr = c;
				if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
					log_ret("epoll_ctl error");
					conn_drop(c);
				}
			} else if (conn_serve(c) < 0) {
				/* Out of the set first: close alone does not
				 * remove it while another descriptor refers to
				 * the same open file. */
				(void)epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
				conn_drop(c);
			}
		}
	}
}
