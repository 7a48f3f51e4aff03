# ch17/demo.mk - the demos an instructor runs in class.  Each builds only
# what it needs, quietly, and labels what it shows.
#   make demo          the fork demo over each transport built
#   make demo-server   the version 2 open server on a private socket
.PHONY: demo demo-server
DEMO_PROGRAMS = ch17/passfd $(if $(HAVE_STREAMS_LIB),ch17/streams/passfd)

# Quiet: a class wants the demo's output, not the compiler's command lines.
ifneq ($(filter demo demo-server,$(MAKECMDGOALS)),)
.SILENT:
endif

demo: $(DEMO_PROGRAMS)
	echo 'over a UNIX domain socket (ch17/passfd):'
	ch17/passfd
	$(if $(HAVE_STREAMS_LIB),echo 'over a STREAMS pipe (ch17/streams/passfd):')
	$(if $(HAVE_STREAMS_LIB),ch17/streams/passfd)

demo-server: ch17/opend2 ch17/open2
	ch17/demo-server.sh
