/*
 * demo_eform.c - the demo's e-forms laid over its procedures (see
 * demo_eform.h); the format is eform_spec_apply()'s (domain/eform/eform.h).
 */
#include <jansson.h>
#include <stdio.h>
#include "cli/demo/demo_eform.h"
#include "core/assets.h"
#include "core/buf.h"
#include "domain/eform/eform.h"

void demo_eform_apply(struct procedure *p)
{
    const struct asset *a = asset_find("data/demo/eforms.json");
    json_t *all = a ? json_loadb(a->data, (size_t)a->len, 0, NULL) : NULL;
    json_t *spec = json_object_get(all, p->code);
    struct buf why;
    buf_init(&why, BUF_MAX_LINE);
    if (spec && p->nform_fields == 0 && eform_spec_apply(spec, p, &why) != MC_OK)
        fprintf(stderr, "data/demo/eforms.json, thủ tục %s: %s\n", p->code, buf_cstr(&why));
    buf_release(&why);
    json_decref(all);
}
