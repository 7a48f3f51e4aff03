/*
 * conn.h - a connection of the optimised open-server loops
 * (Exercise 17.5): everything the loop needs about a client in one
 * allocation it can reach in O(1), instead of the book's client array,
 * which client_del searches by descriptor.
 */
#ifndef EX17_5_CONN_H
#define EX17_5_CONN_H

#include "../../ch17/opend.h"

struct conn {
	int fd;
	uid_t uid;
	size_t slot;                    /* the loop's index for it, if any */
	struct request_reader in;
};

/* Accept a client (accept_or_exit, which ends the server when the
 * listening endpoint is gone), make it non-blocking: a new conn, or NULL
 * if the client was refused (logged). */
struct conn *conn_accept(int listenfd);
/* Log, close, free. */
void conn_drop(struct conn *c);
/* Serve what the client sent: 0 to keep it, -1 when it is finished. */
int conn_serve(struct conn *c);

#endif
