/* client.c - stand-in (our own code): the table of clients, grown ten
 * entries at a time. */
#include "opend.h"

static void client_alloc(void)
{
	Client *bigger;
	int k = client_size;

	bigger = realloc(client, (size_t)(client_size + 10) * sizeof *client);
	if (bigger == NULL)
		log_sys("no room for another client");
	client = bigger;
	for (client_size += 10; k < client_size; k++)
		client[k].fd = -1;
}

int client_add(int fd, uid_t uid)
{
	int k;

	for (k = 0; k < client_size && client[k].fd != -1; k++)
		;
	if (k == client_size)
		client_alloc();
	client[k].fd = fd;
	client[k].uid = uid;
	return k;
}

void client_del(int fd)
{
	int k;

	for (k = 0; k < client_size; k++)
		if (client[k].fd == fd)
			break;
	if (k == client_size)
		log_quit("fd %d is no client's", fd);
	client[k].fd = -1;
}
