#!/usr/bin/perl
# a peer that goes away mid-reply gives ECONNRESET, its text, and no leak
# (runs t/unit/peer_closes over every transport built)
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

run_unit('t/unit/peer_closes');
