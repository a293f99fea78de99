/*
 * array.h - the one growable array: a typed pointer, a count and a
 * capacity, grown by doubling.
 *
 * There is no array struct: a list keeps its own `items`, `n` and `cap`
 * (any names), so existing list structs stay as they are and a reader of
 * the list sees plain C.  The macros only grow the memory:
 *
 *   struct dossier_event *items = NULL;
 *   size_t n = 0, cap = 0;
 *   struct dossier_event *e = ARRAY_PUSH(items, n, cap);   (zeroed)
 *   ...
 *   free(items);
 *
 * DESIGN
 * - Capacity starts at 8 and doubles, so appending n items costs O(n)
 *   copies in all.  Sizes are checked for overflow; out of memory aborts
 *   (core/mem.h), like every small internal allocation.  A count a client
 *   controls must be bounded by the caller before it grows an array.
 * - The macros evaluate their arguments more than once: pass plain
 *   lvalues (a variable or a struct member), never an expression with a
 *   side effect.
 * - An array belongs to one thread at a time.
 */
#ifndef MC_ARRAY_H
#define MC_ARRAY_H

#include <stddef.h>
#include <string.h>

/*
 * Make room for at least need elements of elem bytes in items, whose
 * capacity (in elements) is *cap.  Returns the (possibly moved) memory;
 * *cap is updated.  items may be NULL with *cap 0.  Elements already
 * there keep their values; new room is not initialised.  Never NULL.
 */
void *array_grow(void *items, size_t elem, size_t need, size_t *cap);

/* Grow items (capacity cap) so that it holds at least need elements. */
#define ARRAY_GROW(items, need, cap) \
    ((items) = array_grow((items), sizeof(*(items)), (need), &(cap)))

/*
 * Append one zeroed element to items (count n, capacity cap) and return a
 * pointer to it; n is incremented.  The pointer is valid until the next
 * growth of the array.
 */
#define ARRAY_PUSH(items, n, cap) \
    (ARRAY_GROW((items), (n) + 1, (cap)), \
     memset(&(items)[(n)], 0, sizeof(*(items))), &(items)[(n)++])

/* Append the value v (an expression of the element type) to items. */
#define ARRAY_APPEND(items, n, cap, v) \
    (ARRAY_GROW((items), (n) + 1, (cap)), (items)[(n)++] = (v))

/*
 * Release a list struct whose one allocation is its element array: free
 * items (the list's array member) and zero the size bytes of list, as its
 * _init leaves it.  For the _release of such lists:
 *
 *   if (l)
 *       array_list_release(l, sizeof(*l), l->items);
 */
void array_list_release(void *list, size_t size, void *items);

/*
 * Define the two functions of a list struct `struct NAME_list` whose one
 * allocation is its element array ITEMS (the member's name: items, rows):
 *
 *   void NAME_list_init(struct NAME_list *l);      zero the struct
 *   void NAME_list_release(struct NAME_list *l);   free ITEMS, zero the
 *                                                  struct; NULL is fine
 *
 * The module's header declares and documents them as usual; its .c file
 * says ARRAY_LIST_DEFINE(NAME, ITEMS) once, at file scope.
 */
#define ARRAY_LIST_DEFINE(NAME, ITEMS) \
    ARRAY_LIST_DEFINE_EACH(NAME, ITEMS, ARRAY_LIST_NO_RELEASE)

/* The element release of a list whose elements own nothing. */
#define ARRAY_LIST_NO_RELEASE(elem) ((void)(elem))

/*
 * As ARRAY_LIST_DEFINE, for a list whose elements own memory: the
 * release also calls RELEASE(&l->ITEMS[i]) on each of the l->n elements
 * first (RELEASE: a function taking a pointer to one element).
 */
#define ARRAY_LIST_DEFINE_EACH(NAME, ITEMS, RELEASE) \
    void NAME##_list_init(struct NAME##_list *l) \
    { \
        memset(l, 0, sizeof(*l)); \
    } \
    void NAME##_list_release(struct NAME##_list *l) \
    { \
        if (!l) \
            return; \
        for (size_t i_ = 0; i_ < l->n; i_++) \
            RELEASE(&l->ITEMS[i_]); \
        array_list_release(l, sizeof(*l), l->ITEMS); \
    }

#endif
