/*
 * opend_serve.h - what our open servers add to the book's opend.h: the
 * settings of version 2, its roles (privilege separation), accepting
 * clients safely, and opening files with the client's rights.  Not in
 * the book.
 */
#ifndef OPEND_SERVE_H
#define OPEND_SERVE_H

#include <stdio.h>
#include <sys/types.h>

/* opend_settings.c: the one place the settings live.  main's options
 * fill it (serve_option); the root process, the worker and the accept
 * helpers read it. */
#define DEFAULT_MAX_PER_UID  128        /* -c: connections per user */
#define DEFAULT_IDLE_SECONDS 60         /* -i: idle connection, idle worker */
struct opend_settings {
	int debug;                      /* main's -d, for the workers */
	int max_per_uid;                /* -c */
	int idle_seconds;               /* -i */
	int teaching;                   /* -T: the book's serv_accept */
	int single;                     /* -B: no privilege separation */
	int unsafe_as_root;             /* -U: -T or -B even as root */
	int worker;                     /* -w: a worker, started by root */
};
extern struct opend_settings opend_settings;

/* opend_serve.c: the version 2 main's helpers.  The options main does not
 * take itself (-h -c -i -T -B -U -w): SERVE_OPTIONS for getopt; serve_option
 * takes one, or ends with the usage. */
#define SERVE_OPTIONS "hc:i:TBUw"
void serve_option(int c, const char *arg);
_Noreturn void usage(FILE *out, int status);
/* serv_listen(path), made with umask 0 (every user may connect, as the
 * book's daemonize gives it); on failure the message and exit status 1.
 * A worker (-w) listens on nothing: its endpoint is its channel from
 * root, descriptor WORKER_CHANNEL. */
int serve_listen(const char *path);
/* The book's daemonize (3e Figure 13.1), keeping keepfd open; nothing in
 * a worker, whose parent is the daemon. */
void daemonize(int keepfd);
/* Serve on listenfd: privilege-separated (the default: the root process,
 * opend_privsep.c; in a worker, the loop on its channel), or with -B the
 * loop in this process.  Never returns. */
_Noreturn void serve(int listenfd);

/* opend_accept.c: serv_accept for the loops: the new connection, made
 * non-blocking, or -1 when this client could not be taken (logged; the
 * loop goes on).  When the listening endpoint is gone, logs why and ends
 * the server.  The user ID comes from the kernel (serv_accept_peer), or
 * from the book's file-owner serv_accept with -T; in a worker, the
 * connection is the next one root hands over (worker_take_client). */
int accept_client(int listenfd, uid_t *uidptr);
/* The same, as it comes (blocking), for loops with their own setup. */
int accept_or_exit(int listenfd, uid_t *uidptr);
/* In the root process: accept, with the client's group ID as well. */
int accept_identified(int listenfd, uid_t *uidptr, gid_t *gidptr);
/* A connection the loop cannot take (out of memory, beyond FD_SETSIZE):
 * logged with why, closed, and counted as gone. */
void refuse_client(int clifd, uid_t uid, const char *why);
/* The spare descriptor that lets a client be refused when every other
 * slot is in use (opened by serve). */
void accept_spare_open(void);

/* opend_handle.c: version 2 refuses a relative path name: it would
 * resolve from the server's directory, not the client's. */
void refuse_relative_paths(void);

/* opend_access.c: open pathname as the user uid would, or -1 with errno. */
int open_as(uid_t uid, const char *pathname, int oflag);
/* opend_access.c: unlink pathname with the user and group IDs uid and
 * gid alone, or -1 with errno. */
int unlink_as(uid_t uid, gid_t gid, const char *pathname);

/* opend_worker.c: the worker's side of privilege separation. */
#define WORKER_CHANNEL 3                /* the worker's end of the channel */
#define WORKER_TICK    250              /* root's clock, as a status */
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

#endif
