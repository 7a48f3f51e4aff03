# ch17/build.mk - the chapter's programs, each built over both transports.

PROGRAMS += ch17/passfd
