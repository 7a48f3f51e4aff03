/*
 * open.h - the open server's client side (book: open.h, 3e Figure 17.17).
 */
#ifndef OPEN_H
#define OPEN_H

#include "apue.h"

/* Ask the open server for pathname opened with oflag.  The descriptor,
 * or a negative value: the server's message has gone to stderr.
 * Version 1 (csopen.c) starts the server; version 2 (csopen2.c) connects
 * to it. */
int csopen(const char *pathname, int oflag);

/* csopen2.c: the name of the server's socket (default /tmp/opend.socket). */
void csopen_socket(const char *path);

/* csopen_server.c: the server's owner the client accepts (default: root
 * or the caller's own user), and the check csopen2 makes after connecting:
 * 0, or -1 with EPERM after a message naming who runs it. */
void csopen_owner(uid_t uid);
int csopen_check_server(int fd, const char *name);

/* csopen_request.c: the request for pathname and oflag into buf, with its
 * null byte.  Its length, or -1 with a message on stderr if the protocol
 * cannot carry pathname (white space, empty, too long). */
ssize_t csopen_request(char *buf, size_t size, const char *pathname, int oflag);

/* open_session.c: the client's main loop (3e Figure 17.18): read path
 * names from stdin, one a line, copy each file to stdout.  Exit status:
 * 0 if every file was copied, 1 otherwise. */
int open_session(void);

#endif
