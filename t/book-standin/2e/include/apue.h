/*
 * apue.h - stand-in for the book's header, of our own writing: the names
 * the book's chapter 17 programs use, so that t/book/run can be tried
 * on this folder instead of the book's published source (t/0310).  C89,
 * as the book's code is compiled (-ansi -D_GNU_SOURCE).
 */
#ifndef STANDIN_APUE_H
#define STANDIN_APUE_H

#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXLINE 4096

void err_sys(const char *fmt, ...);     /* with errno's text, then exit */
void err_quit(const char *fmt, ...);    /* then exit */
void err_ret(const char *fmt, ...);     /* with errno's text */
void err_cont(int error, const char *fmt, ...);  /* with error's text */
void err_exit(int error, const char *fmt, ...);  /* then exit */
void err_msg(const char *fmt, ...);
void err_dump(const char *fmt, ...);    /* with errno's text, then abort */

extern int log_to_stderr;
void log_open(const char *name, int opts, int facility);
void log_msg(const char *fmt, ...);
void log_ret(const char *fmt, ...);     /* with errno's text */
void log_exit(int error, const char *fmt, ...);  /* then exit */
void log_sys(const char *fmt, ...);     /* with errno's text, then exit */
void log_quit(const char *fmt, ...);    /* then exit */

int buf_args(char *, int (*)(int, char **));
ssize_t readn(int, void *, size_t);
ssize_t writen(int, const void *, size_t);
void daemonize(const char *);

int s_pipe(int *);
int fd_pipe(int *);                     /* the 3e's name */
int cli_conn(const char *);
int serv_listen(const char *);
int serv_accept(int, uid_t *);
int send_fd(int, int);
int send_err(int, int, const char *);
int recv_fd(int, ssize_t (*)(int, const void *, size_t));

#endif
