#!/usr/bin/perl
# every status byte 1..255 and error text of any length survive the trip
# (runs t/unit/status_bytes over every transport built)
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

run_unit('t/unit/status_bytes');
