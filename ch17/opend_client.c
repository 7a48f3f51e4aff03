/*
 * opend_client.c - the client array of the version 2 server
 * (book: 3e Figure 17.27).
 *
 * Differences: each client has its own request reader (framing); running
 * out of memory refuses that client instead of ending the server.  Under
 * privilege separation the array lives in a worker and holds one user's
 * connections only.
 */
#include "opend.h"

#define NALLOC 10               /* client slots to alloc/realloc for */

Client *client = NULL;
int client_size;

/* Grow the array by NALLOC free slots.  0 or -1. */
static int client_alloc(void)
{
	Client *bigger;

	if ((size_t)client_size + NALLOC > (size_t)-1 / sizeof(Client))
		return -1;
	bigger = realloc(client, ((size_t)client_size + NALLOC) * sizeof(Client));
	if (bigger == NULL)
		return -1;
	client = bigger;
	for (int i = client_size; i < client_size + NALLOC; i++) {
		client[i].fd = -1;
		client[i].in = NULL;
	}
	client_size += NALLOC;
	return 0;
}

int client_add(int fd, uid_t uid)
{
	struct request_reader *in = malloc(sizeof *in);

	if (in == NULL)
		return -1;
	reader_init(in);
	for (;;) {
		for (int i = 0; i < client_size; i++) {
			if (client[i].fd == -1) {
				client[i].fd = fd;
				client[i].uid = uid;
				client[i].in = in;
				return i;
			}
		}
		if (client_alloc() < 0) {
			free(in);
			return -1;
		}
	}
}

void client_del(int fd)
{
	for (int i = 0; i < client_size; i++) {
		if (client[i].fd == fd) {
			free(client[i].in);
			client[i].in = NULL;
			client[i].fd = -1;
			return;
		}
	}
	log_quit("can't find client entry for fd %d", fd);
}
