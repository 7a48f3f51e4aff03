#!/usr/bin/perl
# The err_* and log_* helpers are declared printf-like: the compiler
# rejects a non-literal format (a client's text used as a format) and a
# mismatched argument, and accepts the correct call.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $cc = $ENV{CC} // 'cc';
my $top = top_dir();
plan skip_all => "no C compiler '$cc'" unless system("command -v $cc >/dev/null 2>&1") == 0;

my $dir = scratch_dir();

sub compiles {
    my ($body) = @_;
    my $src = "$dir/try.c";
    open my $fh, '>', $src or die "$src: $!";
    print {$fh} "#include \"apue.h\"\n$body\n";
    close $fh;
    my $r = run_program(argv => [$cc, '-std=c11', '-D_POSIX_C_SOURCE=200809L',
                                 "-I$top/apue", '-Wall', '-Wformat=2', '-Werror',
                                 '-fsyntax-only', $src]);
    return $r;
}

my $r = compiles('void f(const char *s) { err_msg("%s", s); log_msg("%s", s); }');
is($r->{status}, 0, 'a literal format with matching arguments compiles') or diag($r->{err});

for my $fn (qw(err_msg err_ret err_sys err_quit err_dump log_msg log_ret log_sys log_quit)) {
    $r = compiles("void f(const char *s) { $fn(s); }");
    isnt($r->{status}, 0, "$fn(text): a non-literal format is an error under -Werror");
    like($r->{err}, qr/format/i, "$fn(text): the diagnostic is about the format");
}
for my $fn (qw(err_exit err_cont log_exit)) {
    $r = compiles("void f(const char *s) { $fn(1, s); }");
    isnt($r->{status}, 0, "$fn(1, text): a non-literal format is an error under -Werror");
}

$r = compiles('void f(void) { err_msg("%d", "not a number"); }');
isnt($r->{status}, 0, 'a mismatched argument is an error');

done_testing();
