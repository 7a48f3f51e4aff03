/*
 * opend_settings.c - the settings of the version 2 open server, in one
 * place (not in the book, whose server has only -d).  main fills them
 * through serve_option (opend_serve.c); the root process, the worker and
 * the accept helpers only read them.
 */
#include "opend.h"

struct opend_settings opend_settings = {
	.max_per_uid = DEFAULT_MAX_PER_UID,
	.idle_seconds = DEFAULT_IDLE_SECONDS,
};
