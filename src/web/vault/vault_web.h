/* vault_web.h - the citizen's personal document vault (/kho-du-lieu). */
#ifndef MC_WEB_VAULT_WEB_H
#define MC_WEB_VAULT_WEB_H

#include "web/module.h"

extern const struct web_module web_module_vault;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_vault_routes;

#endif
