#!/bin/sh
# scripts/check-style.sh - line-level style check of src/ and tests/unit/
# (part of make style).  See docs/style.md for the style itself.
#
# Reports, as file:line: problem, every
#   - tab character,
#   - line longer than 100 columns (counted in characters, not bytes),
#   - // comment (outside string and character literals),
#   - call of a banned function: strcpy strcat strncpy strncat sprintf
#     vsprintf strtok gets (outside comments and literals;
#     src/core/compiler.h, which bans them, is exempt),
#   - sizeof without parentheses,
#   - second statement on a line (two ';' outside parentheses; a short
#     "case X: ...; break;" line and an inline struct type are allowed),
#   - typedef of a struct, union or enum body,
#   - file that does not open with a comment,
#   - declaration in a header returning enum mc_status without MC_WARN_UNUSED,
#   - use of the SQLite API outside src/core/ (SQL goes through core/db.h),
#   - SQL in src/web/ (struct db_query, db_prepare, db_run, ...: handlers
#     call the domain).
# and runs scripts/check-migrations.sh (committed migrations are frozen).
# Exits 1 if anything was reported.
#
# CHECK_ROOT=dir checks another tree (the tests in tests/checks/ use it).
set -eu
cd "${CHECK_ROOT:-$(dirname "$0")/..}"

migrations=0
[ -n "${CHECK_ROOT:-}" ] || sh scripts/check-migrations.sh || migrations=1

files=$(find src tests/unit -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | sort)
[ -n "$files" ] || { echo "style: no files"; exit 0; }

# shellcheck disable=SC2086
perl -CSD -e '
my $bad = 0;
sub report { my ($file, $n, $why) = @_; print "$file:$n: $why\n"; $bad++; }

for my $file (@ARGV) {
    open(my $fh, "<:encoding(UTF-8)", $file) or die "$file: $!\n";
    my @lines = <$fh>;
    close($fh);
    report($file, 1, "file does not open with a /* comment saying what it is for")
        unless @lines && $lines[0] =~ m{^/\*};
    my $in_comment = 0;
    my $paren = 0;        # parenthesis depth carried across lines
    my $in_macro = 0;     # inside a #define continued with a backslash
    my $header = $file =~ /\.h\z/;
    my $decl = "";        # header: declaration being collected up to its ";"
    my $decl_line = 0;
    for my $i (0 .. $#lines) {
        my $line = $lines[$i];
        $line =~ s/\r?\n\z//;
        my $n = $i + 1;
        my @why;
        push @why, "tab" if $line =~ /\t/;
        my $cols = length($line);
        push @why, "$cols columns (max 100)" if $cols > 100;
        # Code only: drop comments and string/char literals.
        my $code = "";
        my $rest = $line;
        while (length $rest) {
            if ($in_comment) {
                if ($rest =~ s{^.*?\*/}{}) { $in_comment = 0; $code .= " "; } else { $rest = ""; }
            } elsif ($rest =~ s{^/\*}{}) {
                $in_comment = 1;
            } elsif ($rest =~ s{^//.*}{}) {
                push @why, "// comment";
            } elsif ($rest =~ s{^"(?:[^"\\]|\\.)*"?}{} ||
                     $rest =~ s{^\x27(?:[^\x27\\]|\\.)*\x27?}{}) {
                $code .= "0";
            } else {
                $rest =~ s{^(.)}{};
                $code .= $1;
            }
        }
        if ($file ne "src/core/compiler.h" &&
            $code =~ /\b(strcpy|strcat|strncpy|strncat|sprintf|vsprintf|strtok|gets)\s*\(/) {
            push @why, "banned call $1()";
        }
        push @why, "sizeof without parentheses" if $code =~ /\bsizeof\b(?!\s*\()/;
        push @why, "typedef of a struct, union or enum (write struct x)"
            if $code =~ /\btypedef\s+(?:struct|union)\b/ ||
               $code =~ /\btypedef\s+enum\s*\w*\s*\{/;
        if ($file =~ m{^src/} && $file !~ m{^src/core/} &&
            $code =~ /(\bsqlite3\w*|<sqlite3\.h>)/) {
            push @why, "SQLite API ($1) outside src/core/: go through core/db.h";
        }
        if ($file =~ m{^src/web/} &&
            $code =~ /(struct\s+db_query\b|\bdb_(?:prepare|run|get_int|query_start|exec_script|step)\s*\()/) {
            push @why, "SQL in a handler ($1): call the domain";
        }

        # One statement per line.  Preprocessor lines are skipped; semicolons
        # inside parentheses (for headers, even across lines) do not count.
        my $is_pp = $in_macro || $code =~ /^\s*#/;
        $in_macro = $is_pp && $line =~ /\\\s*\z/;
        if (!$is_pp) {
            my $s = $code;
            $s =~ s/\b(?:struct|union)\s*\w*\s*\{[^{}]*\}//g;   # inline struct types
            my $semis = 0;
            for my $ch (split //, $s) {
                if ($ch eq "(") { $paren++; }
                elsif ($ch eq ")") { $paren-- if $paren > 0; }
                elsif ($ch eq ";" && $paren == 0) { $semis++; }
            }
            my $case = $s =~ /^\s*(?:case\b[^:]*|default\s*):(?!:)/;
            if ($semis > 1 && !($case && $semis == 2 && $s =~ /\b(?:break|return\b[^;]*|goto\s+\w+)\s*;\s*\z/)) {
                push @why, "more than one statement on the line";
            }
        }

        # Header declarations returning enum mc_status carry MC_WARN_UNUSED.
        if ($header && !$is_pp) {
            if ($decl eq "" && $code =~ /^\s*(?:extern\s+)?enum\s+mc_status\s+\**\s*\w+\s*\(/) {
                $decl_line = $n;
            }
            if ($decl_line) {
                $decl .= " $code";
                if ($decl =~ /[;{]/) {
                    report($file, $decl_line, "enum mc_status declaration without MC_WARN_UNUSED")
                        if $decl =~ /;/ && $decl !~ /\{/ && $decl !~ /\bMC_WARN_UNUSED\b/;
                    $decl = "";
                    $decl_line = 0;
                }
            }
        }
        for (@why) { report($file, $n, $_); }
    }
}
if ($bad) { print "style: $bad problem(s)\n"; exit 1; }
print "style: ok\n";
' $files
exit "$migrations"
