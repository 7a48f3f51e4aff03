/*
 * opend_client.c - the client array of the version 2 server
 * (book: 3e Figure 17.27).
 *
 * Differences: each client has its own request reader (framing,
 * opend_reader.c), made by client_add and freed by client_del; running
 * out of memory refuses that client (client_add returns -1) instead of
 * ending the server; client_del also tells the idle sweep and, in a
 * worker, the root process that the connection is gone (client_gone).
 * Under privilege separation the array lives in a worker and holds one
 * user's connections only.  client and client_size are defined in main's
 * file, as in the book.
 */
#include "opend.h"

#define NALLOC 10               /* entries added each time the array grows */

/* Grow the array by NALLOC free entries.  0, or -1: out of memory. */
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
		client[i].fd = -1;      /* free */
		client[i].in = NULL;
	}
	client_size += NALLOC;
	return 0;
}

/* A new, empty request reader, or NULL. */
static struct request_reader *reader_new(void)
{
	struct request_reader *in = malloc(sizeof *in);

	if (in != NULL)
		reader_init(in);
	return in;
}

/* loop: a new client, at the first free entry. */
int client_add(int fd, uid_t uid)
{
	int i;

	if (client == NULL && client_alloc() < 0)       /* the first client */
		return -1;
again:
	for (i = 0; i < client_size; i++) {
		if (client[i].fd == -1) {       /* a free entry */
			if ((client[i].in = reader_new()) == NULL)
				return -1;
			client[i].fd = fd;
			client[i].uid = uid;
			return i;
		}
	}

	/* no free entry: grow the array */
	if (client_alloc() < 0)
		return -1;
	goto again;             /* a free entry is there now */
}

/* loop: the client on fd is finished. */
void client_del(int fd)
{
	int i;

	for (i = 0; i < client_size; i++) {
		if (client[i].fd == fd) {
			free(client[i].in);
			client[i].in = NULL;
			client[i].fd = -1;
			client_gone(fd);
			return;
		}
	}
	log_quit("can't find client entry for fd %d", fd);
}
