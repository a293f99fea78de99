/*
 * catalog-int.h - internals shared by the .c files of the catalogue
 * module: its full-text indexes (core/search.h), written by catalog.c and
 * read by catalog_search.c.  Nothing outside src/domain/catalog includes
 * this.
 */
#ifndef MC_CATALOG_INT_H
#define MC_CATALOG_INT_H

#include "domain/catalog/catalog.h"
#include "core/search.h"

/*
 * The procedures' folded columns (procedure_fts, 0003), id = procedures.id,
 * weighted for ranking name 10, field 4, agency 2, documents 1, steps 0.5;
 * vocabulary counts in procedure_term_counts (0009).
 */
extern struct search_index catalog_index_words;
/*
 * The same columns' adjacent word pairs as single tokens "w1_w2"
 * (procedure_pairs, 0009), same ids and weights; counts in
 * procedure_pair_counts.
 */
extern struct search_index catalog_index_pairs;

#endif
