# ch17/demo.mk - the demos an instructor runs in class.  Each labels what
# it shows.
#   make demo          builds the whole tree (what the README's "Start
#                      here" and NOTES.md run next), then the fork demo
#                      over each transport built
#   make demo-server   the version 2 open server on a private socket
.PHONY: demo demo-server
# Prerequisites are expanded as this file is read, before the top
# makefile sets HAVE_STREAMS_LIB: ask the list it is made from, and let
# the recipe follow the prerequisites.
DEMO_PROGRAMS := ch17/passfd $(if $(LIB_STREAMS_SRCS),ch17/streams/passfd)

# Quiet (make trace too): a class wants the demo's output, not the
# command lines (a build still says one line per file it makes).
ifneq ($(filter demo demo-server trace,$(MAKECMDGOALS)),)
.SILENT:
endif

demo: all $(DEMO_PROGRAMS)
	echo 'over a UNIX domain socket (ch17/passfd):'
	ch17/passfd
	$(if $(filter %/streams/passfd,$(DEMO_PROGRAMS)),echo 'over a STREAMS pipe (ch17/streams/passfd):')
	$(if $(filter %/streams/passfd,$(DEMO_PROGRAMS)),ch17/streams/passfd)

demo-server: ch17/opend2 ch17/open2
	ch17/demo-server.sh
