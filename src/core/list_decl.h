/*
 * list_decl.h - declare the growable list struct of an element type and
 * the two functions ARRAY_LIST_DEFINE (core/array.h) gives it, so that a
 * module's header says in one line what every such list looks like.
 */
#ifndef MOTCUA_CORE_LIST_DECL_H
#define MOTCUA_CORE_LIST_DECL_H

#include <stddef.h>

/*
 * Declare at file scope of a header:
 *
 *   struct NAME_list { struct ELEM *items; size_t n; size_t cap; };
 *   void NAME_list_init(struct NAME_list *l);      zero the struct
 *   void NAME_list_release(struct NAME_list *l);   free the items and what
 *                                                  each owns, zero the
 *                                                  struct; NULL is fine
 *
 * items holds n entries, owned by the list; cap entries are allocated.
 * The module's .c file defines the two functions, usually with
 * ARRAY_LIST_DEFINE or ARRAY_LIST_DEFINE_EACH(NAME, items, ...).
 */
#define LIST_DECLARE(NAME, ELEM) \
    struct NAME##_list { \
        struct ELEM *items; \
        size_t n; \
        size_t cap; \
    }; \
    void NAME##_list_init(struct NAME##_list *l); \
    void NAME##_list_release(struct NAME##_list *l)

#endif
