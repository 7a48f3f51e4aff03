/*
 * unique.h - what the socket versions of serv_listen, serv_accept and
 * cli_conn agree on (book: 3e Figures 17.8-17.10), and the SO_PEERCRED
 * alternative to serv_accept.  Programs reach it as "sock/unique.h".
 */
#ifndef APUE_SOCK_UNIQUE_H
#define APUE_SOCK_UNIQUE_H

#include <sys/types.h>

/* The client binds its end to CLI_PATH "cli.<pid>.<n>", mode CLI_PERM, so
 * that serv_accept can learn who it is from the file's owner. */
#define CLI_PATH   "/var/tmp/"
#define CLI_PREFIX "cli."
#define CLI_PERM   S_IRWXU              /* rwx------ */

/* serv_accept refuses a client whose socket file is older than this. */
#define STALE_SECONDS 30

/* Backlog of the listening socket (the book's QLEN is 10). */
#define QLEN 128

/* serv_accept_cred: like serv_accept, but the user ID comes from the
 * kernel (SO_PEERCRED on Linux, getpeereid elsewhere), not from a file the
 * client names: the client need not bind, and nothing can be forged.
 * Socket transport only.  The connection, or -1 with errno set. */
int serv_accept_cred(int listenfd, uid_t *uidptr);

#endif
