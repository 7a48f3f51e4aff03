/*
 * opend2_select.c - the version 2 server loop with select
 * (book: 3e Figure 17.29).
 *
 * Differences: a descriptor select cannot watch (FD_SETSIZE or more) is
 * refused, not written past the fd_set; a failed accept or a bad client
 * is logged and the loop goes on, where the book's log_sys would end the
 * server (a listening endpoint that is gone still ends it:
 * accept_client); requests are framed per client (client_serve).
 * Privilege separation: the loop runs in a worker, as the client's user;
 * its listenfd is the channel from the root process, and accept_client
 * takes the next connection root hands over (opend_worker.c), so root
 * never holds a client and FD_SETSIZE bounds one user's connections only.
 */
#include "opend.h"
#include <sys/select.h>

const char server_name[] = "opend2";

void loop(int listenfd)
{
	fd_set rset, allset;
	int i, n, maxfd = listenfd, maxi = -1;

	FD_ZERO(&allset);
	FD_SET(listenfd, &allset);
	for (;;) {
		rset = allset;
		if ((n = select(maxfd + 1, &rset, NULL, NULL, NULL)) < 0) {
			if (errno == EINTR)
				continue;
			log_sys("select error");
		}
		if (FD_ISSET(listenfd, &rset) &&
		    (i = accept_client(listenfd)) >= 0) {
			if (client[i].fd >= FD_SETSIZE) {
				log_msg("fd %d is beyond FD_SETSIZE: refused",
					client[i].fd);
				drop_client(i);
			} else {
				FD_SET(client[i].fd, &allset);
				if (client[i].fd > maxfd)
					maxfd = client[i].fd;
				if (i > maxi)
					maxi = i;
			}
		}
		for (i = 0; i <= maxi; i++) {
			int clifd = client[i].fd;

			if (clifd < 0 || !FD_ISSET(clifd, &rset))
				continue;
			if (client_serve(client[i].in, clifd, clifd,
					 client[i].uid) < 0) {
				FD_CLR(clifd, &allset);
				drop_client(i);
			}
		}
	}
}
