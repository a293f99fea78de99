/*
 * llm.c - the optional rephrasing layer over an OpenAI-compatible chat
 * endpoint (see llm.h): one bounded libcurl request, then a check that
 * every number and link survived.
 */
#include <ctype.h>
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "domain/assistant/llm.h"
#include "core/log.h"
#include "core/sched.h"
#include "core/text.h"

#define TOKENS_MAX 256            /* numbers or links compared per text */
#define TOKEN_LEN_MAX 512         /* bytes of one number or link */

static const char SYSTEM_PROMPT[] =
    "Bạn là biên tập viên của Cổng dịch vụ công. Hãy viết lại câu trả lời sau bằng tiếng "
    "Việt tự nhiên, lịch sự, dễ hiểu cho người dân. Chỉ diễn đạt lại: không thêm, không bớt "
    "thông tin; giữ nguyên mọi con số, số tiền, thời hạn, mã thủ tục và đường dẫn đúng như "
    "bản gốc; không thêm đường dẫn hay số điện thoại mới. Mỗi ý một dòng; dòng liệt kê bắt "
    "đầu bằng \"- \". Chỉ trả về câu trả lời đã viết lại.";

/* ---------------------------------------------------------------- checking */

/* The numbers and links of a text, as exact strings (a small set). */
struct tokens {
    char *s[TOKENS_MAX];
    size_t n;
    bool overflow;            /* more than TOKENS_MAX distinct tokens */
};

static void tokens_add(struct tokens *t, const char *s, size_t len)
{
    if (len == 0 || len > TOKEN_LEN_MAX)
        return;
    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->s[i]) == len && memcmp(t->s[i], s, len) == 0)
            return;
    if (t->n == TOKENS_MAX) {
        t->overflow = true;
        return;
    }
    char *c = malloc(len + 1);
    if (!c) {
        t->overflow = true;
        return;
    }
    memcpy(c, s, len);
    c[len] = '\0';
    t->s[t->n++] = c;
}

static void tokens_release(struct tokens *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->s[i]);
    t->n = 0;
}

static bool has_token(const struct tokens *t, const char *s)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->s[i], s) == 0)
            return true;
    return false;
}

static bool link_start(const char *p, const char *begin)
{
    bool boundary = p == begin || isspace((unsigned char)p[-1]) || p[-1] == '(' ||
                    p[-1] == '"' || p[-1] == '\'' || p[-1] == '<' || p[-1] == ':';
    if (strncmp(p, "http://", 7) == 0 || strncmp(p, "https://", 8) == 0)
        return true;
    if (!boundary)
        return false;
    if (strncmp(p, "www.", 4) == 0)
        return true;
    return p[0] == '/' && isalnum((unsigned char)p[1]);
}

/* Bytes that may end a link but belong to the sentence around it. */
static bool trailing_punct(char c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == ')' || c == '!' || c == '?' ||
           c == '"' || c == '\'';
}

/* Collect the links and the numbers of s (numbers inside links count as the link). */
static void collect(const char *s, struct tokens *links, struct tokens *numbers)
{
    const char *p = s;
    while (*p) {
        if (link_start(p, s)) {
            const char *e = p;
            while (*e && !isspace((unsigned char)*e) && *e != '<' && *e != '>' && *e != '"')
                e++;
            /* "»" and other multi-byte closers end a link too. */
            for (const char *q = p; q < e; q++)
                if ((unsigned char)*q >= 0x80) {
                    e = q;
                    break;
                }
            while (e > p && trailing_punct(e[-1]))
                e--;
            tokens_add(links, p, (size_t)(e - p));
            p = e > p ? e : p + 1;
            continue;
        }
        if (isdigit((unsigned char)*p)) {
            const char *e = p;
            while (isdigit((unsigned char)*e) ||
                   ((*e == '.' || *e == ',') && isdigit((unsigned char)e[1])))
                e++;
            tokens_add(numbers, p, (size_t)(e - p));
            p = e;
            continue;
        }
        p++;
    }
}

/* Every token of a is in b. */
static bool subset(const struct tokens *a, const struct tokens *b)
{
    for (size_t i = 0; i < a->n; i++)
        if (!has_token(b, a->s[i]))
            return false;
    return true;
}

bool asst_llm_faithful(const char *original, const char *rephrased)
{
    struct tokens ol = {0}, on = {0}, rl = {0}, rn = {0};
    bool ok;
    if (!original || !rephrased)
        return false;
    size_t olen = strlen(original), rlen = strlen(rephrased);
    const char *r = rephrased;
    size_t n = rlen;
    text_trim(&r, &n);
    if (n == 0 || rlen > 2 * olen + 400 || !text_utf8_valid(rephrased, rlen))
        return false;
    collect(original, &ol, &on);
    collect(rephrased, &rl, &rn);
    ok = !ol.overflow && !on.overflow && !rl.overflow && !rn.overflow && subset(&ol, &rl) &&
         subset(&rl, &ol) && subset(&on, &rn) && subset(&rn, &on);
    tokens_release(&ol);
    tokens_release(&on);
    tokens_release(&rl);
    tokens_release(&rn);
    return ok;
}

/* ---------------------------------------------------------------- calling */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

bool asst_llm_enabled(const struct asst_llm_config *cfg)
{
    return cfg && cfg->url && *cfg->url;
}

static size_t collect_body(char *data, size_t size, size_t nmemb, void *arg)
{
    struct buf *b = arg;
    size_t n = size * nmemb;
    if (b->len + n > ASST_LLM_RESPONSE_MAX)
        return 0;               /* aborts the transfer: too large */
    buf_add(b, data, n);
    return buf_status(b) == MC_OK ? n : 0;
}

/* choices[0].message.content of a chat completion, or NULL. */
static const char *reply_content(json_t *root)
{
    json_t *choice = json_array_get(json_object_get(root, "choices"), 0);
    json_t *content = json_object_get(json_object_get(choice, "message"), "content");
    return json_is_string(content) ? json_string_value(content) : NULL;
}

enum mc_status asst_llm_rephrase(const struct asst_llm_config *cfg, const char *text,
                                 struct buf *out)
{
    CURL *curl = NULL;
    struct curl_slist *headers = NULL;
    struct buf url, body;
    json_t *req = NULL, *root = NULL;
    char *payload = NULL;
    long code = 0;
    enum mc_status st = MC_OK;
    buf_reset(out);
    buf_init(&url, BUF_MAX_LINE);
    buf_init(&body, ASST_LLM_RESPONSE_MAX + 1);
    if (!asst_llm_enabled(cfg)) {
        st = MC_ERR_NOT_FOUND;
        goto out;
    }
    size_t base = strlen(cfg->url);
    while (base > 0 && cfg->url[base - 1] == '/')
        base--;
    buf_add(&url, cfg->url, base);
    buf_adds(&url, "/v1/chat/completions");
    req = json_pack("{s:s,s:[{s:s,s:s},{s:s,s:s}],s:f,s:b}", "model",
                    cfg->model && *cfg->model ? cfg->model : "local", "messages", "role",
                    "system", "content", SYSTEM_PROMPT, "role", "user", "content", text,
                    "temperature", 0.2, "stream", 0);
    payload = req ? json_dumps(req, JSON_COMPACT) : NULL;
    pthread_once(&curl_once, curl_start);
    curl = curl_easy_init();
    if (!payload || !curl || buf_status(&url) != MC_OK) {
        st = MC_ERR_INTERNAL;
        goto out;
    }
    long timeout = cfg->timeout_ms > 0 ? cfg->timeout_ms : ASST_LLM_TIMEOUT_DEFAULT;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, buf_cstr(&url));
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(payload));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    sched_block_begin();   /* waiting for the model server, not the CPU */
    CURLcode rc = curl_easy_perform(curl);
    sched_block_end();
    if (rc == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    if (rc != CURLE_OK || code != 200) {
        log_warn("assistant: rephrasing endpoint failed (%s, HTTP %ld)",
                 rc == CURLE_OK ? "ok" : curl_easy_strerror(rc), code);
        st = MC_ERR_IO;
        goto out;
    }
    root = json_loadb(buf_cstr(&body), body.len, 0, NULL);
    const char *content = root ? reply_content(root) : NULL;
    if (!content) {
        log_warn("assistant: rephrasing endpoint sent no choices[0].message.content");
        st = MC_ERR_IO;
        goto out;
    }
    if (!asst_llm_faithful(text, content)) {
        log_info("assistant: rephrased answer dropped (numbers or links changed)");
        st = MC_ERR_INVALID;
        goto out;
    }
    const char *c = content;
    size_t clen = strlen(content);
    text_trim(&c, &clen);
    buf_add(out, c, clen);
    if (clen > 0 && c[clen - 1] != '\n')
        buf_addch(out, '\n');
    st = buf_status(out);
out:
    if (st != MC_OK)
        buf_reset(out);
    json_decref(root);
    json_decref(req);
    free(payload);
    curl_slist_free_all(headers);
    if (curl)
        curl_easy_cleanup(curl);
    buf_release(&body);
    buf_release(&url);
    return st;
}
