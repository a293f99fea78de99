/*
 * compiler.h - attributes and the banned-function list.
 *
 * Every source file includes this (through status.h or directly), so the
 * unsafe libc string calls fail the build wherever they appear.
 */
#ifndef MC_COMPILER_H
#define MC_COMPILER_H

#define MC_WARN_UNUSED __attribute__((warn_unused_result))
#define MC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define MC_NORETURN __attribute__((noreturn))
#define MC_UNUSED __attribute__((unused))
#define MC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Banned calls: use struct buf (core/buf.h) or snprintf into a sized array.
 * Defined after the system headers a file needs, so a use is a compile error.
 */
#include <string.h>
#include <stdio.h>
#define MC_BANNED(f) sorry_##f##_is_banned_in_motcua
#undef strcpy
#define strcpy(a, b) MC_BANNED(strcpy)
#undef strcat
#define strcat(a, b) MC_BANNED(strcat)
#undef strncpy
#define strncpy(a, b, n) MC_BANNED(strncpy)
#undef strncat
#define strncat(a, b, n) MC_BANNED(strncat)
#undef sprintf
#define sprintf(...) MC_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) MC_BANNED(vsprintf)
#undef strtok
#define strtok(a, b) MC_BANNED(strtok)
#undef gets
#define gets(a) MC_BANNED(gets)

/*
 * MC_CHECK(cond): an always-compiled check for "should never happen" with
 * a safe fallback.  Logs the failed condition and evaluates to false so the
 * caller can answer 500 instead of crashing.  Never use it for input.
 */
#define MC_CHECK(cond) mc_check((cond) != 0, #cond, __FILE__, __LINE__)
int mc_check(int ok, const char *cond, const char *file, int line);

#endif
