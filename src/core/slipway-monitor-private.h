/* slipway-monitor-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-monitor-private.h is private to libslipway and its tests."
#endif

#include "slipway-monitor.h"

G_BEGIN_DECLS

/* What one `ssh -F ssh_config -o BatchMode=yes NODE <readiness check>` run
 * says about a node whose SSH port is open. */
SlipwayReadiness _slipway_monitor_classify_ssh (gboolean    exited,
                                                int         exit_status,
                                                const char *standard_output,
                                                const char *standard_error);

/* The argv of that run, NULL-terminated, for @node. */
GStrv            _slipway_monitor_ssh_argv     (const char *ssh_config,
                                                const char *node);

G_END_DECLS
