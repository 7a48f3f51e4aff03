/*
 * opend2_poll.c - the version 2 server loop with poll
 * (book: 3e Figure 17.30).
 *
 * pollfd[0] is the listening socket; pollfd[i + 1] watches client[i], and
 * a free slot has fd -1, which poll skips.  The array grows with the
 * client array instead of being sized by open_max() at the start, and
 * poll is given the slots up to the last client in use.
 *
 * Differences: a failed accept or a bad client is logged and the loop goes
 * on, unless the listening endpoint is gone (any event on it is handed to
 * accept_client, which then ends the server); POLLERR/POLLHUP/POLLNVAL
 * end that client; requests are framed per client (client_serve).
 * Privilege separation: the loop runs in a worker, as the client's user;
 * its listenfd is the channel from the root process, and accept_client
 * takes the next connection root hands over (opend_worker.c).
 */
#include "opend.h"
#include <poll.h>

const char server_name[] = "opend2_poll";

void loop(int listenfd)
{
	struct pollfd *pollfd = NULL;
	int i, nslots = 0, nused;

	for (;;) {
		if (nslots != client_size + 1) {        /* the array grew */
			struct pollfd *bigger = realloc(pollfd,
				((size_t)client_size + 1) * sizeof *pollfd);

			if (bigger == NULL)
				log_sys("realloc error");
			pollfd = bigger;
			for (i = nslots; i < client_size + 1; i++) {
				pollfd[i].fd = -1;
				pollfd[i].events = POLLIN;
			}
			nslots = client_size + 1;
			pollfd[0].fd = listenfd;
		}
		/* Up to the last client in use (the book's maxi): poll
		 * refuses more entries than RLIMIT_NOFILE (EINVAL), and the
		 * array grows by NALLOC slots past it. */
		nused = 1;
		for (i = 0; i < client_size; i++)
			if ((pollfd[i + 1].fd = client[i].fd) >= 0)
				nused = i + 2;
		if (poll(pollfd, (nfds_t)nused, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_sys("poll error");
		}
		/* Any event: a hangup may come without POLLIN (STREAMS), and
		 * accept_client ends the server when the listener is gone. */
		if (pollfd[0].revents != 0)
			accept_client(listenfd);
		for (i = 1; i < nused; i++) {
			int clifd = pollfd[i].fd;

			if (clifd < 0 || pollfd[i].revents == 0 ||
			    client[i - 1].fd != clifd)
				continue;
			if (pollfd[i].revents & POLLNVAL) {
				drop_client(i - 1);
				continue;
			}
			/* Read even on POLLHUP: a last request may be there. */
			if (client_serve(client[i - 1].in, clifd, clifd,
					 client[i - 1].uid) < 0)
				drop_client(i - 1);
		}
	}
}
