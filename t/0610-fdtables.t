#!/usr/bin/perl
# beyond/fdtables: before the pass only the child has the file; after it
# the parent has it too, at the descriptor recv_fd returned; the
# descriptors it inherited are not drawn.  Over every transport built.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my @transports = transports('beyond/fdtables');
plan skip_all => not_built('beyond/fdtables') unless @transports;

my $scratch = scratch_dir();
open my $fh, '>', "$scratch/f" or die;
close $fh;
my $file = substr("$scratch/f", 0, 44);     # as wide as the table shows it

# { parent => { fd => what }, child => { fd => what } } for one section.
sub table {
    my ($section) = @_;
    my %t = (parent => {}, child => {});
    for my $line (split /\n/, $section) {
        next if $line =~ /^\S/ || $line =~ /^  parent/;
        my $left = substr($line, 2, 48);
        my $right = length($line) > 51 ? substr($line, 51) : '';
        $t{parent}{$1} = $2 if $left =~ /^\s*(\d+) (\S+)/;
        $t{child}{$1} = $2 if $right =~ /^\s*(\d+) (\S+)/;
    }
    return \%t;
}

for my $t (@transports) {
    my $prog = program('beyond/fdtables', $t);
    my $r = run_program(argv => [$prog, "$scratch/f"]);
    is($r->{status}, 0, "$t: exit 0");
    my ($before, $after, $fd) =
        $r->{out} =~ /\Abefore the pass\n(.*)after the pass\n(.*)the parent received the file as descriptor (\d+)\n\z/s;
    ok(defined $fd, "$t: two tables and the descriptor received");
    my ($tb, $ta) = (table($before // ''), table($after // ''));
    ok(!grep({ $_ eq $file } values %{ $tb->{parent} }), "$t: before: not in the parent");
    ok((grep { $_ eq $file } values %{ $tb->{child} }), "$t: before: in the child");
    is($ta->{parent}{$fd // -1}, $file, "$t: after: in the parent at the descriptor received");
    ok((grep { $_ eq $file } values %{ $ta->{child} }), "$t: after: still in the child");
    ok(!grep({ exists $tb->{$_}{0} || exists $ta->{$_}{2} } qw(parent child)),
       "$t: only the descriptors the demo made: no stdin, no stderr");
}

my $prog = program('beyond/fdtables');
my $r = run_program(argv => [$prog, '-h']);
is($r->{status}, 0, '-h exits 0');
$r = run_program(argv => [$prog]);
is($r->{status}, 2, 'no file: exit 2');

done_testing();
