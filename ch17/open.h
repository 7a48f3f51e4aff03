/*
 * open.h - the open server's client side (book: open.h, 3e Figure 17.17).
 *
 * Differences: CL_OPEN, the request's verb, moved to opend_request.h,
 * which the client shares with the server's parse, and CS_OPEN, version
 * 2's well-known name, to csopen2.c (csopen_socket changes it); csopen
 * takes const char *; and our client's helpers: its options, the
 * request built and checked in one buffer, the check of the server's
 * owner.
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

/* The client's options, for main (ch17/open.c): open_options.c for
 * version 1 (-h), open2.c for version 2 (-h, -s, -u).  Ends the program
 * for -h or a bad option; ignores SIGPIPE. */
void client_options(int argc, char *argv[]);

#endif
