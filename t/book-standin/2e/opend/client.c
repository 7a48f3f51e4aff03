/* client.c - stand-in (our own code): the table of clients, grown as
 * needed. */
#include "opend.h"

int client_add(int fd, uid_t uid)
{
	int i, old = client_size;

	for (;;) {
		for (i = 0; i < client_size; i++)
			if (client[i].fd == -1) {
				client[i].fd = fd;
				client[i].uid = uid;
				return i;
			}
		client_size += 10;
		client = realloc(client, (size_t)client_size * sizeof(Client));
		if (client == NULL)
			err_sys("can't grow the client table");
		for (i = old; i < client_size; i++)
			client[i].fd = -1;
		old = client_size;
	}
}

void client_del(int fd)
{
	int i;

	for (i = 0; i < client_size; i++)
		if (client[i].fd == fd) {
			client[i].fd = -1;
			return;
		}
	log_quit("no client entry for fd %d", fd);
}
