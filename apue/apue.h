/*
 * apue.h - the one header every program of this tree includes, in the role
 * of the book's Appendix B header: common includes, MAXLINE, the error
 * helpers, and the chapter 17 functions.
 *
 * The same declarations serve both transports: link with apue/libapue.a for
 * UNIX domain sockets, or apue/libapue_streams.a for STREAMS pipes (and,
 * where the STREAMS are our emulation's, apue/libstreams_emu.a after it).
 */
#ifndef APUE_H
#define APUE_H

#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXLINE 4096                    /* longest line, as in the book */

/* Default permissions for new files and directories. */
#define FILE_MODE (S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH)
#define DIR_MODE  (FILE_MODE | S_IXUSR | S_IXGRP | S_IXOTH)

/* printf-like checking, so a non-literal format is a compiler warning. */
#if defined(__GNUC__) || defined(__clang__)
#define APUE_PRINTF(fmt, first) __attribute__((format(printf, fmt, first)))
#else
#define APUE_PRINTF(fmt, first)
#endif

/* ---- error helpers for programs (apue/error.c) ----
 * err_ret, err_cont and err_msg return; the others end the process.
 * Messages go to stderr, with ": strerror(errno)" where the name says sys. */
void err_msg(const char *fmt, ...) APUE_PRINTF(1, 2);
void err_ret(const char *fmt, ...) APUE_PRINTF(1, 2);
void err_cont(int error, const char *fmt, ...) APUE_PRINTF(2, 3);
_Noreturn void err_sys(const char *fmt, ...) APUE_PRINTF(1, 2);
_Noreturn void err_exit(int error, const char *fmt, ...) APUE_PRINTF(2, 3);
_Noreturn void err_dump(const char *fmt, ...) APUE_PRINTF(1, 2);
_Noreturn void err_quit(const char *fmt, ...) APUE_PRINTF(1, 2);

/* ---- error helpers for daemons (apue/errorlog.c) ----
 * To syslog, or to stderr when log_to_stderr is nonzero (set it before
 * log_open, e.g. for a server's -d flag). */
extern int log_to_stderr;
void log_open(const char *ident, int option, int facility);
void log_msg(const char *fmt, ...) APUE_PRINTF(1, 2);
void log_ret(const char *fmt, ...) APUE_PRINTF(1, 2);
_Noreturn void log_sys(const char *fmt, ...) APUE_PRINTF(1, 2);
_Noreturn void log_quit(const char *fmt, ...) APUE_PRINTF(1, 2);
_Noreturn void log_exit(int error, const char *fmt, ...) APUE_PRINTF(2, 3);

/* ---- whole-buffer I/O (apue/readn.c, apue/writen.c) ----
 * Retry short transfers and EINTR.  readn returns less than n at EOF, or
 * after an error that followed a partial read (as in the book); writen
 * returns -1 on any error. */
ssize_t readn(int fd, void *buf, size_t n);
ssize_t writen(int fd, const void *buf, size_t n);

/* ---- chapter 17: a full-duplex pipe ----
 * fd_pipe is the 3rd edition's name, s_pipe the 2nd edition's; same call.
 * Sockets: socketpair(AF_UNIX, SOCK_STREAM).  STREAMS: pipe(). */
int fd_pipe(int fd[2]);
int s_pipe(int fd[2]);

/* ---- chapter 17: passing descriptors ----
 * The 2-byte protocol: optional text, a null byte, then a status byte.
 * Status 0 means a descriptor travels with the message; status 1..255 is
 * an error reported by the sender, and no descriptor travels.
 *
 * send_fd: sends fd_to_send, or, when fd_to_send is negative, the status
 *   -fd_to_send (-1..-255; anything below -255 is EINVAL).  0 or -1.
 * send_err: writes msg, then sends the status -errcode (an errcode that is
 *   not negative becomes -1, as in the book).  0 or -1.
 * recv_fd: passes text before the null byte to userfunc(STDERR_FILENO, ...)
 *   (userfunc may be NULL to discard it), and returns the descriptor, or
 *   -status when the sender reported an error (errno is then 0), or -1 with
 *   errno set on a local failure or a malformed reply.  It never exits, and
 *   closes every descriptor that arrived but is not returned.  The returned
 *   descriptor is not close-on-exec, as in the book; see NOTES.md.
 * send_ufd / recv_ufd: the same, plus the sender's user ID, which recv_ufd
 *   stores in *uidptr when it returns a descriptor.  send_ufd states the
 *   sender's effective IDs; Linux accepts any of the sender's real,
 *   effective or saved IDs there, so treat the uid as the sender's claim,
 *   checked by the kernel against those three.  recv_ufd refuses a
 *   descriptor whose reply carries no credentials (on Linux, a plain send_fd
 *   made before the receiving socket had SO_PASSCRED set).
 * send_fd_nowait: sends the descriptor fd_to_send (not a status) as send_fd
 *   does, but never blocks and never sends the two bytes without it: a
 *   full channel is -1 with EAGAIN and nothing sent.  Not in the book; the
 *   open server's root process hands connections to its workers with it.
 * The socket versions expect a stream socket (fd_pipe, serv_listen). */
int send_fd(int fd, int fd_to_send);
int send_fd_nowait(int fd, int fd_to_send);
int send_err(int fd, int errcode, const char *msg);
int recv_fd(int fd, ssize_t (*userfunc)(int, const void *, size_t));
int send_ufd(int fd, int fd_to_send);
int recv_ufd(int fd, uid_t *uidptr,
             ssize_t (*userfunc)(int, const void *, size_t));

/* ---- chapter 17: unique connections ----
 * serv_listen: a listening endpoint named name, or a negative value.
 * serv_accept: waits for a client, stores its user ID in *uidptr (if not
 *   NULL) and returns the new connection, or a negative value.
 * cli_conn: connects to the server named name, or returns a negative value. */
int serv_listen(const char *name);
int serv_accept(int listenfd, uid_t *uidptr);
int cli_conn(const char *name);

/* serv_accept_peer: serv_accept with the client's IDs from the kernel, not
 *   from a name the client chose: SO_PEERCRED (getpeereid on the BSDs) over
 *   sockets, the strrecvfd IDs of I_RECVFD over STREAMS.  Stores the
 *   effective user and group IDs (either pointer may be NULL). */
int serv_accept_peer(int listenfd, uid_t *uidptr, gid_t *gidptr);

#endif /* APUE_H */
