/*
 * audit_cli.h - the audit module's command-line part: `motcua audit
 * verify` checks the hash chain of the citizen-visible access log and its
 * anchors in the audit log (domain/audit/access_log.h).
 */
#ifndef MC_AUDIT_CLI_H
#define MC_AUDIT_CLI_H

#include "cli/cli.h"

extern const struct cli_module cli_module_audit;

#endif
