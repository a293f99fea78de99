/* backoff.c - the sign-in back-off schedule (see backoff.h). */
#include "domain/accounts/backoff.h"

int64_t backoff_delay(int64_t failures)
{
    int64_t d = BACKOFF_BASE;
    if (failures <= BACKOFF_FREE)
        return 0;
    for (int64_t i = BACKOFF_FREE + 1; i < failures && d < BACKOFF_MAX; i++)
        d *= 2;
    return d < BACKOFF_MAX ? d : BACKOFF_MAX;
}

int64_t backoff_remaining(int64_t failures, int64_t last_failure, int64_t now)
{
    int64_t until = last_failure + backoff_delay(failures);
    return failures > BACKOFF_FREE && now < until ? until - now : 0;
}
