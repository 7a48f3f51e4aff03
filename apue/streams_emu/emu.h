/*
 * emu.h - internals of the STREAMS emulation (Linux only).
 *
 * A stream is one end of an AF_UNIX SOCK_SEQPACKET socket pair: one
 * socket record is one STREAMS message, so message boundaries survive.
 * Both ends have SO_PASSCRED on, so every record arrives with the
 * sender's credentials; that is also how a zero-length message (a record
 * of 0 bytes, with credentials) is told from hangup (0 bytes, nothing).
 * The kernel attaches the real IDs; wire_send states the effective ones
 * (SCM_CREDENTIALS) when they differ, so records of ours always carry
 * the sender's effective IDs.
 *
 * Records come in three shapes:
 *   M_DATA    no descriptors: the whole record is data.  Plain write(2)
 *             makes these, so they carry no header of ours.
 *   M_PASSFP  a struct wire_head (kind WIRE_PASSFP), then data_len bytes
 *             of M_DATA that logically come first (the "prefix", used by
 *             stream_write_sendfd), with one descriptor (SCM_RIGHTS) and
 *             the sender's effective IDs (SCM_CREDENTIALS).
 *   M_PROTO   a struct wire_head (kind WIRE_PROTO), the control part, the
 *             data part; a descriptor rides along only as a marker that
 *             write(2) cannot produce, and is closed by the reader.
 * A record with descriptors is therefore always ours and has a header;
 * a record without is always plain data.  Peeking with room for the
 * credentials only tells the two apart without installing descriptors
 * (MSG_CTRUNC is set, nothing is received).
 */
#ifndef APUE_STREAMS_EMU_H
#define APUE_STREAMS_EMU_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE             /* struct ucred, SCM_CREDENTIALS */
#endif
#include <sys/types.h>
#include <sys/socket.h>
#include <stdint.h>
#include <stddef.h>
#include <stropts.h>

#define WIRE_MAGIC   0x53747245u        /* "StrE" */
#define WIRE_PASSFP  1
#define WIRE_PROTO   2
#define WIRE_ACCEPTED 3                 /* connld: the server took the pipe */
#define WIRE_OPENER  0x1                /* flags: opener_uid/gid are set */
#define WIRE_CONNLD  0x2                /* flags: the opener's end of a
					 * connld pipe: await WIRE_ACCEPTED */

struct wire_head {
	uint32_t magic;
	uint32_t kind;
	uint32_t flags;
	int32_t ctl_len;        /* WIRE_PROTO: -1 absent, else bytes */
	int32_t data_len;       /* PROTO: -1 absent; PASSFP: prefix bytes */
	uint32_t opener_uid;    /* connld: the opener's effective IDs */
	uint32_t opener_gid;
	uint32_t pad;
	uint64_t cookie;        /* names this record: the sender's counter;
				 * a reader replaces the upper 32 bits with
				 * the sender's pid from the credentials */
};

/* What sits at the head of a stream's read queue, seen by a peek. */
enum head_kind { HEAD_HANGUP, HEAD_DATA, HEAD_PROTO, HEAD_PASSFP };

struct head_msg {
	enum head_kind kind;
	struct wire_head wire;  /* PROTO and PASSFP */
	const char *ctl;        /* parts inside rec */
	long ctl_len;           /* -1: absent */
	const char *data;
	long data_len;          /* -1: absent */
	char *rec;              /* the peeked bytes: local or heap */
	size_t rec_len;
	char *heap;             /* freed by head_release */
	char local[512];
};

/* Peek at the head message; blocks unless nonblock or O_NONBLOCK.
 * h->wire.cookie, like the one head_consume returns, has the sender's
 * pid in its upper half (see struct wire_head).
 * 0, or -1 with errno (ENOSTR for something that is not a stream). */
int head_peek(int fd, struct head_msg *h, int nonblock);
void head_release(struct head_msg *h);

/* Remove the head record.  Descriptors it carries are closed, except
 * that one, when keep_fd is not NULL, is stored there (-1 if none), with
 * the sender's credentials in *creds when they came.  0 or -1. */
struct wire_creds { int have; uid_t uid; gid_t gid; };
int head_consume(int fd, int *keep_fd, struct wire_creds *creds,
		 struct wire_head *wire);

/* Remove the head record in one recvmsg, with no peek before it, into
 * buf (room bytes), and parse it as head_peek does (h's parts point into
 * buf; no head_release needed).  The descriptor of an M_PASSFP message
 * goes to *keep_fd (-1 if none: any other descriptor is closed), the
 * sender's IDs to *creds.  Blocks unless O_NONBLOCK.  0, or -1 with
 * errno: EMSGSIZE when the record was longer than room (it is lost). */
int head_take(int fd, char *buf, size_t room, struct head_msg *h,
	      int *keep_fd, struct wire_creds *creds);

/* Send one record of ours: header, then up to two byte ranges, with
 * send_fd (or -1) and our effective IDs attached.  A header whose cookie
 * is 0 is sent with a fresh counter.  MSG_DONTWAIT when nonblock.  0 or
 * -1 with errno from sendmsg. */
int wire_send(int fd, const struct wire_head *wh, const void *a, size_t alen,
	      const void *b, size_t blen, int send_fd, int nonblock);
/* A fresh cookie with our pid in the upper half (a reader puts it there
 * anyway): for a caller that wants to know the cookie it sends. */
uint64_t wire_cookie(void);

/* ---- per-stream reading state (headstate.c) ----
 * How much of the head message this process has already returned: a
 * getmsg with a small buffer leaves the rest for the next call, and the
 * data before a descriptor may be read before I_RECVFD takes the
 * descriptor.  Only offsets are kept, never bytes or descriptors: the
 * message itself stays queued in the kernel until it is wholly read. */
struct head_state {
	size_t ctl_off, data_off;
	int ctl_done, data_done;
};
/* The state for fd's head message h (zeros when none or stale). */
void headstate_get(int fd, const struct head_msg *h, struct head_state *st);
/* 0, or -1 with ENOSR when the table is full (the caller then reports
 * nothing as read), or an fstat errno. */
int headstate_put(int fd, const struct head_msg *h,
		  const struct head_state *st);
void headstate_clear(int fd);

/* Remove the M_PASSFP message a peek showed (*seen) and put its
 * descriptor and IDs in *r, as I_RECVFD does (stream_ioctl.c).  data_read:
 * some of its data was returned.  0, or -1 with EMFILE (the descriptor
 * could not be installed) or ENOMSG (another reader took the message
 * first; the record removed instead is lost, its descriptors closed). */
int passfp_take(int fd, const struct wire_head *seen, int data_read,
		struct strrecvfd *r);

/* strrecvfd's uid and gid for an M_PASSFP record with creds c and
 * header wh (the opener's IDs when a trusted sender states them). */
void passfp_ids(struct strrecvfd *r, const struct wire_creds *c,
		const struct wire_head *wh);
/* 1 if this process keeps reading state for fd (a partly read message,
 * or a stale entry): then only the peeking path is exact. */
int headstate_any(int fd);

/* isastream's answer (1, 0, or -1 with EBADF), for the emulation's own
 * use: a program may link the 2e's isastream.c, which asks I_CANPUT, in
 * place of ours (isastream.c), and I_CANPUT must not ask it back. */
int stream_probe(int fd);

/* ---- descriptors taken along (headstate.c) ----
 * getmsg with room for any message takes the head record whole in one
 * recvmsg.  When that record is an M_PASSFP message, its descriptor is
 * installed by that same call; it is held here, as if still queued at the
 * stream head, until I_RECVFD takes it.  While one is held, getmsg and
 * read(2) fail with EBADMSG and I_NREAD reports a message of 0 bytes, as
 * on a stream whose head message is M_PASSFP.
 * held_put: hold r (or, with error EMFILE, the news that the descriptor
 *   could not be installed) for stream fd.  It is parked in the calling
 *   thread, where the I_RECVFD that follows finds it with no system call;
 *   the thread's next look at another stream moves it to a process-wide
 *   table checked against the stream's inode (headstate.c).  0.
 * held_any: 1 if something is held for fd.
 * held_take: 1 and the entry in *r and *error (0 or EMFILE), or 0. */
int held_put(int fd, const struct strrecvfd *r, int error);
int held_any(int fd);
int held_take(int fd, struct strrecvfd *r, int *error);

/* Turn a SEQPACKET socket into a stream head (SO_PASSCRED). 0 or -1. */
int stream_make_head(int fd);

/* ---- connld (connld.c) ----
 * connld_accepted: a receiver has taken fd from an M_PASSFP record marked
 * WIRE_OPENER (wire.c calls it): tell the opener waiting at the other end.
 * connld_await: the opener's side; blocks until then.  0, or -1 with
 * ENXIO when the pipe's other end was closed first (the server exited
 * without taking it). */
void connld_accepted(int fd);
int connld_await(int fd);

/* ---- the rest of streamio (streamio.c) ----
 * streamio_int: requests whose argument is an int (I_CANPUT, I_FLUSH,
 * I_SRDOPT); streamio_ptr: a pointer (I_LIST, I_FIND, I_LOOK, I_PEEK,
 * I_GRDOPT); streamio_refused: the requests not emulated.
 * stream_read_opt: read(2) of a stream in its read mode (I_SRDOPT). */
int streamio_int(int fd, unsigned long request, int arg);
int streamio_ptr(int fd, unsigned long request, void *arg);
int streamio_refused(int fd);
ssize_t stream_read_opt(int fd, void *buf, size_t nbytes);

/* ---- a link without the wraps (not_linked.c) ----
 * A STREAMS call met fd, which is no stream: if the program was linked
 * without the wraps, say so on stderr, once per process.  errno is kept. */
void stream_not_linked_notice(int fd);

/* ---- modules pushed with I_PUSH (only "connld", push.c) ---- */
int pushed_connld(int fd);
int push_module(int fd, const char *name);

#endif
