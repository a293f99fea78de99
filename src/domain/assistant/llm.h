/*
 * llm.h - the assistant's optional generative layer: an OpenAI-compatible
 * chat endpoint on the local network (a llama.cpp server, for instance)
 * that may only REPHRASE an answer the assistant already composed from
 * the catalogue or the FAQ.  It never answers a question itself.
 *
 * DESIGN (docs/internals/assistant.md, "Generative layer")
 * - Off unless MOTCUA_LLM_URL is set.  One POST {url}/v1/chat/completions
 *   per answer, bounded by MOTCUA_LLM_TIMEOUT_MS (default 2000), no
 *   redirects, http/https only, the response capped at ASST_LLM_RESPONSE_MAX.
 * - Safety: the rephrased text is used only when it keeps every number
 *   (fees, times, counts, codes) and every link of the original and adds
 *   none (asst_llm_faithful); on any doubt, timeout or error the original
 *   answer stands.  Numbers and links are compared as exact strings.
 *
 * Thread-safety: every function may be called from any thread; a call
 * blocks its thread for at most the timeout.
 */
#ifndef MC_ASSISTANT_LLM_H
#define MC_ASSISTANT_LLM_H

#include <stdbool.h>
#include <stddef.h>
#include "core/buf.h"
#include "core/status.h"

#define ASST_LLM_RESPONSE_MAX (64u * 1024)  /* bytes of the endpoint's reply */
#define ASST_LLM_TIMEOUT_DEFAULT 2000       /* milliseconds */

/* Where the endpoint is; strings borrowed (usually from struct config). */
struct asst_llm_config {
    const char *url;          /* base URL, e.g. "http://10.0.0.5:8081"; NULL or "" = off */
    const char *model;        /* model name sent in the request; NULL or "" = "local" */
    long timeout_ms;          /* whole request, connect included; <= 0 = default */
};

/* True when the layer is switched on (a URL is set). */
bool asst_llm_enabled(const struct asst_llm_config *cfg);

/*
 * Ask the endpoint to rephrase text (plain Vietnamese, lines separated by
 * \n) and put the result in out (initialised; replaced) only when
 * asst_llm_faithful(text, result) holds.
 * Returns MC_OK with out set; MC_ERR_INVALID when the result changed a
 * number or a link, or is not usable text (out emptied); MC_ERR_IO for a
 * timeout, a transport error, an HTTP status other than 200 or an
 * unreadable reply; MC_ERR_NOT_FOUND when the layer is off.  The caller
 * keeps the original on any error.
 */
enum mc_status asst_llm_rephrase(const struct asst_llm_config *cfg, const char *text,
                                 struct buf *out) MC_WARN_UNUSED;

/*
 * True when rephrased keeps every number and every link of original and
 * holds no number or link that original lacks; and rephrased is
 * non-empty, valid UTF-8 and at most twice original's length plus 400
 * bytes.  Numbers are runs of digits with '.' or ',' between digits
 * ("1.250.000", "2.000635"); links start with http://, https://, www. or
 * a '/' followed by a letter or digit.  Pure.
 */
bool asst_llm_faithful(const char *original, const char *rephrased);

#endif
