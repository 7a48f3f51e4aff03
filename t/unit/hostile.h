/*
 * hostile.h - the hostile-peer matrix: rows are the misbehaviours of a
 * peer and what recv_fd/recv_ufd must do about each; columns are the
 * transports, each a table of peer functions indexed by row.
 *
 * The driver (hostile.c) knows nothing of any transport: it forks the
 * column's peer on fd_pipe, calls recv_fd or recv_ufd, and checks the
 * result, errno, the text, stderr, the descriptor count and the peer's
 * exit.  A transport supplies its column (hostile_sock.c for sockets) and
 * is linked with the driver and its own library.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include "apue.h"

/* The rows.  A new misbehaviour is a new id here, a row in hostile.c and
 * an entry in each column that can produce it. */
enum hostile_case {
	/* well-formed replies, as controls */
	H_GOOD_FD,
	H_GOOD_TEXT_AND_FD,
	H_PEER_ERROR,
	H_PEER_ERROR_255,
	H_TWO_REPLIES_QUEUED,
	H_TWO_ERRORS_QUEUED,
	/* the stream ends early */
	H_CLOSE_AT_ONCE,
	H_NO_NULL_THEN_CLOSE,
	H_NULL_THEN_CLOSE,
	H_FD_AND_NULL_THEN_CLOSE,
	H_SHUTDOWN_AFTER_TEXT,
	H_DIES_MID_REPLY,
	H_DIES_AFTER_FD,
	/* the bytes are wrong */
	H_NULL_NOT_NEXT_TO_LAST,
	H_BYTES_AFTER_STATUS,
	H_STATUS0_NO_FD,
	/* the descriptors are wrong */
	H_FD_WITH_STATUS,
	H_TWO_FDS,
	H_TWO_RIGHTS_MESSAGES,
	H_FDS_IN_TWO_WRITES,
	H_MANY_FDS,
	H_EMPTY_RIGHTS,
	H_RIGHTS_LEN_NOT_MULTIPLE,
	H_RIGHTS_LEN_OVERSTATED,
	H_FD_BEFORE_STATUS,
	H_FD_BEFORE_ERROR_STATUS,
	/* control messages other than SCM_RIGHTS */
	H_CREDS_ONLY,
	H_CREDS_BEFORE_FD,
	H_PASSCRED_SET,
	H_PASSCRED_CLOSE_MID,
	H_PASSPIDFD_SET,
	/* timing */
	H_DRIBBLE_FD,
	H_DRIBBLE_ERROR,
	H_SIGNAL_DURING_WAIT,
	/* text length */
	H_TEXT_MAXLINE,
	H_TEXT_MAXLINE_PLUS_1,
	H_TEXT_LONG_WITH_FD,
	/* the caller's side */
	H_USERFUNC_FAILS,
	H_USERFUNC_FAILS_WITH_FD,
	H_USERFUNC_SHORT,
	H_USERFUNC_NULL,
	H_NOT_A_SOCKET,
	H_BAD_DESCRIPTOR,
	H_NONBLOCKING_EMPTY,
	H_NONBLOCKING_PARTIAL,
	H_NO_FREE_DESCRIPTOR,
	/* recv_ufd */
	H_UFD_GOOD,
	H_UFD_PLAIN_QUEUED,
	H_UFD_PLAIN_PEER_PASSCRED,
	H_UFD_OTHER_USER,
	H_UFD_PEER_ERROR,
	H_UFD_CREDS_NO_FD,
	H_UFD_TWO_FDS,
	H_UFD_DIES_MID_REPLY,
	/* STREAMS only: message boundaries, M_PASSFP and M_PROTO messages */
	H_STR_BYTES_AFTER_STATUS,
	H_STR_TWO_SENDFDS,
	H_STR_DATA_FOR_FD,
	H_STR_FD_BEFORE_STATUS,
	H_STR_FD_BEFORE_ERROR_STATUS,
	H_STR_PUTMSG_CONTROL,
	H_STR_ZERO_LENGTH_IN_TEXT,
	H_STR_ZERO_LENGTH_FOR_FD,
	H_STR_ZERO_LENGTH_AFTER_ERROR,
	H_STR_HANGUP_BEFORE_SENDFD,
	H_STR_SIGNAL_BEFORE_SENDFD,
	H_STR_NOT_A_STREAM,
	H_STR_UFD_PLAIN_SEND_FD,
	H_STR_FOREIGN_RIGHTS,
	H_STR_FORGED_PASSFP,
	H_STR_EMPTY_CONTROL,
	H_CASE_COUNT
};

/* What a peer knows when it starts. */
struct peer_ctx {
	pid_t receiver;                 /* the process calling recv_fd */
};

typedef void peer_fn(int sock, void *ctx);

/* One cell of a column.  prepare runs in the receiver on its end before
 * the call (e.g. a socket option), restore right after it; unavailable
 * returns why this system cannot run the cell, or NULL. */
struct peer_cell {
	peer_fn *run;
	void (*prepare)(int ours);
	const char *(*unavailable)(void);
	void (*restore)(void);
};

/* A column: one cell per row; a row whose cell has no run function does
 * not apply to the transport and is skipped with that reason. */
struct transport_column {
	const char *name;
	struct peer_cell cells[H_CASE_COUNT];
};
extern const struct transport_column hostile_column;

/* A peer's exit status when it could not do its part (a send failed). */
#define PEER_BROKEN 3

/* What every peer that passes a descriptor passes: the read end of a pipe
 * holding PAYLOAD, so the receiver can tell it got the right one. */
#define PAYLOAD "the descriptor the peer meant to pass\n"
int payload_fd(void);

/* Long error texts: n bytes of a pattern without null bytes. */
void fill_text(char *buf, size_t n);

/* Memory the receiver and its forked peer share: the receiver's signal
 * handler counts into it, so the peer can see that the signal has been
 * taken; a peer marks that it has sent everything. */
struct hostile_shared {
	int signals_taken;
	int peer_done;
};
extern volatile struct hostile_shared *shared;
void map_shared(void);          /* before the first peer is forked */
#define HOSTILE_SIGNAL SIGUSR1

/* The uid of the peer that switches user (when run as root). */
#define OTHER_UID 65534

#endif
