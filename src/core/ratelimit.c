/* ratelimit.c - attempts per key in fixed windows (see ratelimit.h). */
#include <stdio.h>
#include <string.h>
#include "core/ratelimit.h"

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/*
 * The slot of key (found, or a free or expired one to take); NULL when the
 * table holds only other live keys.  Call with the lock held.
 */
static struct ratelimit_slot *slot_of(struct ratelimit *rl, const char *key, int64_t now,
                                      bool *found)
{
    char k[RATELIMIT_KEY_MAX];
    struct ratelimit_slot *spare = NULL;
    snprintf(k, sizeof(k), "%s", key ? key : "");
    uint32_t i = fnv1a(k) % RATELIMIT_SLOTS;
    *found = false;
    for (unsigned probe = 0; probe < RATELIMIT_SLOTS; probe++) {
        struct ratelimit_slot *s = &rl->slots[(i + probe) % RATELIMIT_SLOTS];
        bool live = s->key[0] && now - s->since < rl->window;
        if (s->key[0] && strcmp(s->key, k) == 0) {
            *found = live;
            return s;
        }
        if (!live && !spare)
            spare = s;
        if (!s->key[0])
            break;   /* never used: the key is not further along */
    }
    if (spare) {
        memcpy(spare->key, k, sizeof(k));
        spare->since = now;
        spare->count = 0;
    }
    return spare;
}

bool ratelimit_hit(struct ratelimit *rl, const char *key, int64_t now)
{
    bool found, ok = false;
    pthread_mutex_lock(&rl->lock);
    struct ratelimit_slot *s = slot_of(rl, key, now, &found);
    if (s && !found) {
        s->since = now;
        s->count = 0;
    }
    if (s)
        ok = ++s->count <= rl->max;
    pthread_mutex_unlock(&rl->lock);
    return ok;
}

bool ratelimit_over(struct ratelimit *rl, const char *key, int64_t now)
{
    bool found, over;
    pthread_mutex_lock(&rl->lock);
    struct ratelimit_slot *s = slot_of(rl, key, now, &found);
    over = !s || (found && s->count >= rl->max);
    pthread_mutex_unlock(&rl->lock);
    return over;
}

void ratelimit_reset(struct ratelimit *rl)
{
    pthread_mutex_lock(&rl->lock);
    memset(rl->slots, 0, sizeof(rl->slots));
    pthread_mutex_unlock(&rl->lock);
}
