/*
 * opend.h - what the open servers share (book: opend.h, 3e Figures 17.20
 * and 17.26).
 */
#ifndef OPEND_H
#define OPEND_H

#include "apue.h"
#include "opend_reader.h"

#define CS_OPEN "/tmp/opend.socket"     /* version 2's well-known name */

/* opend_handle.c: answer one request on clifd for the client uid: a
 * descriptor, or the reason in the 2-byte protocol.  0, or -1 if the
 * answer could not be sent (the client is gone or not reading). */
int handle_request(const char *buf, size_t len, int clifd, uid_t uid);

/* opend_handle.c: read what infd has, answer every complete request on
 * outfd.  0 to keep the client, -1 when it is finished (end of file, an
 * error, or an answer that could not be sent). */
int client_serve(struct request_reader *in, int infd, int outfd, uid_t uid);

/* opend_access.c: open pathname as the user uid would, or -1 with errno. */
int open_as(uid_t uid, const char *pathname, int oflag);

/* opend_client.c: the client array of version 2 (3e Figure 17.27). */
typedef struct {
	int fd;                         /* -1 if the slot is free */
	uid_t uid;
	struct request_reader *in;
} Client;

extern Client *client;
extern int client_size;

int client_add(int fd, uid_t uid);      /* the slot's index, or -1 */
void client_del(int fd);

/* opend2_main.c: serv_accept for the loops: the new connection, or -1
 * when this client could not be taken (logged; the loop goes on).  When
 * the listening endpoint is gone, logs why and ends the server. */
int accept_or_exit(int listenfd, uid_t *uidptr);
/* opend2_main.c: a new connection made ready for the loops (non-blocking,
 * in the client array).  The index, or -1 (the connection was closed). */
int accept_client(int listenfd);
/* Drop client i: log, close, free its slot. */
void drop_client(int i);

/* Each loop program (select, poll, ...) defines these. */
extern const char server_name[];
void loop(int listenfd);

#endif
