/*
 * opend.h - what the open servers share (book: opend.h, 3e Figures 17.20
 * and 17.26).
 *
 * Differences: no globals for the request (parse_request fills a struct);
 * the client array keeps a request reader per client; the settings and
 * roles of privilege separation (worker, root process: opend_worker.c,
 * opend_privsep.c) and the per-user limit and idle timeout are declared
 * here.
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
/* Set by version 2: a relative path name is refused; with -d, each
 * request is logged in one line. */
extern int relative_refused;
extern int log_requests;

/* opend_handle.c: read what infd has, answer every complete request on
 * outfd.  0 to keep the client, -1 when it is finished (end of file, an
 * error, or an answer that could not be sent). */
int client_serve(struct request_reader *in, int infd, int outfd, uid_t uid);

/* opend_access.c: open pathname as the user uid would, or -1 with errno. */
int open_as(uid_t uid, const char *pathname, int oflag);
/* opend_access.c: unlink pathname with the user and group IDs uid and
 * gid alone, or -1 with errno. */
int unlink_as(uid_t uid, gid_t gid, const char *pathname);

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
 * the listening endpoint is gone, logs why and ends the server.  The
 * user ID comes from the kernel (serv_accept_peer), or from the book's
 * file-owner serv_accept with -T; in a worker, the connection is the
 * next one root hands over (worker_take_client). */
int accept_or_exit(int listenfd, uid_t *uidptr);
/* The same in the root process, with the client's group ID as well. */
int accept_identified(int listenfd, uid_t *uidptr, gid_t *gidptr);
/* opend2_main.c: a new connection made ready for the loops (non-blocking,
 * in the client array).  The index, or -1 (the connection was closed). */
int accept_client(int listenfd);
/* Drop client i: log, close, free its slot. */
void drop_client(int i);

/* The server's settings (opend2_main.c flags). */
#define DEFAULT_MAX_PER_UID  128        /* -c: connections per user */
#define DEFAULT_IDLE_SECONDS 60         /* -i: idle connection, idle worker */
extern int max_per_uid;
extern int idle_seconds;
extern int debug;
extern int teaching;                    /* -T: the book's serv_accept */

/* opend_worker.c: the worker's side of privilege separation. */
#define WORKER_CHANNEL 3                /* the worker's end of the channel */
#define WORKER_TICK    250              /* root's clock, as a status */
extern int is_worker;
int worker_take_client(int chanfd, uid_t *uidptr);
void client_active(int fd);             /* fd sent something */
void client_gone(int fd);               /* fd is closed: root is told */
/* The name cli_conn bound for the client on fd (CLI_PATH "cli.P.N"),
 * into name: 0, or -1 if it bound none or a name of any other shape. */
int client_name(int fd, char *name, size_t size);
/* Remove that name, with the client's IDs uid and gid (unlink_as). */
void remove_client_name(int fd, uid_t uid, gid_t gid);

/* opend_privsep.c: the root process: accept, identify, hand over. */
_Noreturn void privsep_loop(int listenfd, int exefd);

/* Each loop program (select, poll, ...) defines these. */
extern const char server_name[];
void loop(int listenfd);

#endif
