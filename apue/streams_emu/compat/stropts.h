/*
 * stropts.h - the System V STREAMS interface, emulated (see
 * apue/streams_emu/README.md, "How the emulation maps each call").  This
 * file is found only where the system has no working STREAMS of its own:
 * apue/streams_emu/build.mk adds -Iapue/streams_emu/compat when the probe
 * (apue/probe/streams.c) finds none.  On illumos or Solaris the real
 * header is used and none of this is compiled.
 *
 * Names and types follow streamio(7I), getmsg(2) and putmsg(2).  Only code
 * that includes this header calls the emulated ioctl: ioctl is a macro
 * here, so ioctl(fd, I_SENDFD, fd_to_send) compiles unchanged; every
 * STREAMS request below is answered by the emulation, and any other
 * request is passed on to the system's ioctl.
 */
#ifndef APUE_COMPAT_STROPTS_H
#define APUE_COMPAT_STROPTS_H

#include <sys/types.h>
#include <sys/ioctl.h>          /* before the macro below renames ioctl */

/* Says that this header is the emulation's (send_fd_nowait picks the
 * extra stream_write_sendfd_nowait by it; tests pick the others). */
#define APUE_STREAMS_EMULATED 1

struct strbuf {
	int maxlen;             /* room in buf (getmsg) */
	int len;                /* bytes in buf; -1: this part is absent */
	char *buf;
};

struct strrecvfd {
	int fd;                 /* the received descriptor */
	uid_t uid;              /* the sender's effective user ID */
	gid_t gid;              /* the sender's effective group ID */
	char fill[8];
};

/* getmsg results: a part did not fit, the rest waits for the next call. */
#define MORECTL  1
#define MOREDATA 2

/* getmsg/putmsg flags */
#define RS_HIPRI 0x01

/* getpmsg/putpmsg flags (only band 0 is emulated) */
#define MSG_HIPRI 0x01
#define MSG_ANY   0x02
#define MSG_BAND  0x04

/* ioctl requests, with the SVR4 numbers ('S' << 8 | n).  The emulation
 * answers these itself and never passes them to the kernel. */
#define STR_IOC       ('S' << 8)
#define I_NREAD       (STR_IOC | 01)
#define I_PUSH        (STR_IOC | 02)
#define I_RECVFD      (STR_IOC | 016)
#define I_SENDFD      (STR_IOC | 021)

/* The rest of streamio(7I), answered by streamio.c.  Emulated: I_LOOK,
 * I_FLUSH, I_SRDOPT, I_GRDOPT, I_FIND, I_PEEK, I_LIST, I_CANPUT.  The
 * others are declared so that SVR4 code compiles; on a stream they fail
 * with EINVAL, on any other descriptor with ENOTTY, and none of them
 * ever reaches the system's ioctl (on Linux, 'S' requests are CD-ROM
 * ones).  Every difference: apue/streams_emu/README.md. */
#define I_POP         (STR_IOC | 03)
#define I_LOOK        (STR_IOC | 04)
#define I_FLUSH       (STR_IOC | 05)
#define I_SRDOPT      (STR_IOC | 06)
#define I_GRDOPT      (STR_IOC | 07)
#define I_STR         (STR_IOC | 010)
#define I_SETSIG      (STR_IOC | 011)
#define I_GETSIG      (STR_IOC | 012)
#define I_FIND        (STR_IOC | 013)
#define I_LINK        (STR_IOC | 014)
#define I_UNLINK      (STR_IOC | 015)
#define I_PEEK        (STR_IOC | 017)
#define I_FDINSERT    (STR_IOC | 020)
#define I_SWROPT      (STR_IOC | 023)
#define I_GWROPT      (STR_IOC | 024)
#define I_LIST        (STR_IOC | 025)
#define I_PLINK       (STR_IOC | 026)
#define I_PUNLINK     (STR_IOC | 027)
#define I_FLUSHBAND   (STR_IOC | 034)
#define I_CKBAND      (STR_IOC | 035)
#define I_GETBAND     (STR_IOC | 036)
#define I_ATMARK      (STR_IOC | 037)
#define I_SETCLTIME   (STR_IOC | 040)
#define I_GETCLTIME   (STR_IOC | 041)
#define I_CANPUT      (STR_IOC | 042)

/* I_FLUSH */
#define FLUSHR        0x01
#define FLUSHW        0x02
#define FLUSHRW       0x03
#define FLUSHBAND     0x04

/* I_SRDOPT, I_GRDOPT: the read mode and the protocol option */
#define RNORM         0x000     /* byte stream */
#define RMSGD         0x001     /* message discard */
#define RMSGN         0x002     /* message nondiscard */
#define RMODEMASK     0x003
#define RPROTDAT      0x004     /* control part read as data */
#define RPROTDIS      0x008     /* control part discarded */
#define RPROTNORM     0x010     /* a control part fails read: EBADMSG */
#define RPROTMASK     0x01c

/* I_LOOK, I_LIST: module names */
#ifndef FMNAMESZ
#define FMNAMESZ      8
#endif
struct str_mlist {
	char l_name[FMNAMESZ + 1];
};
struct str_list {
	int sl_nmods;
	struct str_mlist *sl_modlist;
};

/* I_PEEK */
typedef unsigned int t_uscalar_t;
struct strpeek {
	struct strbuf ctlbuf;
	struct strbuf databuf;
	t_uscalar_t flags;      /* RS_HIPRI or 0 */
};

int getmsg(int fd, struct strbuf *ctlptr, struct strbuf *dataptr,
	   int *flagsp);
int getpmsg(int fd, struct strbuf *ctlptr, struct strbuf *dataptr,
	    int *bandp, int *flagsp);
int putmsg(int fd, const struct strbuf *ctlptr,
	   const struct strbuf *dataptr, int flags);
int putpmsg(int fd, const struct strbuf *ctlptr,
	    const struct strbuf *dataptr, int band, int flags);
int isastream(int fd);
int fattach(int fd, const char *path);
int fdetach(const char *path);

/* The emulated ioctl: STREAMS requests here, the rest to the system.
 * Declared exactly as glibc declares ioctl, so a later <sys/ioctl.h>
 * redeclares it compatibly. */
int stream_ioctl(int fd, unsigned long request, ...);
#define ioctl stream_ioctl

/* ---- the emulation's extras, with no System V counterpart ----
 * stream_pipe: a STREAMS-based pipe (what pipe(2) returns on SVR4).
 * stream_open, stream_openat: open(2) and openat(2) of a name that
 *   fattach covers (STREAMS builds wrap open(2) and its other spellings
 *   to reach it: io_wrap.c).
 * stream_read: read(2) of a stream in the default read modes (RNORM,
 *   RPROTNORM); the rest of a message stays queued.
 * stream_write: write(2) of a stream: messages of at most STREAM_MSGSZ
 *   bytes.  STREAMS builds link read(2) and write(2) of a stream to these
 *   two (io_wrap.c).
 * stream_write_sendfd: write(fd, buf, n) followed by I_SENDFD, sent as
 *   one record so it costs one system call; blocks while the stream is
 *   full, unless O_NONBLOCK.
 * stream_write_sendfd_nowait: the same, never blocking: EAGAIN, nothing
 *   sent, while the stream is full (send_fd_nowait uses it).
 * stream_getmsg_recvfd: getmsg(fd, ctlptr, dataptr, flagsp), and, when
 *   that call hands over the last data bytes of a message that carries a
 *   descriptor (the prefix stream_write_sendfd sends), I_RECVFD into *r
 *   in the same step, so the message is looked at once, not twice
 *   (no book function uses it; t/0307 tests it).  *taken: -1 when no descriptor was due, 0 when *r
 *   holds it, EMFILE when it arrived but could not be installed.  -1
 *   with errno as getmsg, or ENOMSG when another reader of the stream
 *   took the message between the look and the take (apue/streams_emu/README.md).
 *   With dataptr->maxlen >= STREAM_MSG_ROOM, a ctlptr with room (maxlen
 *   0 or more), flags 0 and no message half
 *   read, it takes the head message whole in one system call, with no
 *   look first: a control part longer than ctlptr->maxlen is cut, and a
 *   message longer than the room fails with EMSGSIZE and is lost (on
 *   Solaris, and here, no writer makes a longer one: only a sender that
 *   crafts its own records can).
 * stream_fattach_create: fattach to a name that does not exist yet; the
 *   name appears (mode & ~umask) only once the stream is attached, so no
 *   one finds the empty file in between.  It takes fd: fd is closed in
 *   every case (on success the attachment holds the stream), before the
 *   name appears. */
/* The biggest message parts, as Solaris's default strmsgsz and strctlsz:
 * a longer write(2) of a stream becomes several messages, a longer
 * putmsg part is ERANGE.  STREAM_MSG_ROOM holds any message whole. */
#define STREAM_MSGSZ    65536
#define STREAM_CTLSZ    1024
#define STREAM_MSG_ROOM (STREAM_MSGSZ + STREAM_CTLSZ + 64)
int stream_pipe(int fd[2]);
int stream_open(const char *path, int oflag);
int stream_openat(int dirfd, const char *path, int oflag);
ssize_t stream_read(int fd, void *buf, size_t nbytes);
ssize_t stream_write(int fd, const void *buf, size_t nbytes);
int stream_write_sendfd(int fd, const void *buf, size_t n, int fd_to_send);
int stream_write_sendfd_nowait(int fd, const void *buf, size_t n,
			       int fd_to_send);
int stream_getmsg_recvfd(int fd, struct strbuf *ctlptr,
			 struct strbuf *dataptr, int *flagsp,
			 struct strrecvfd *r, int *taken);
int stream_fattach_create(int fd, const char *path, mode_t mode);

#endif
