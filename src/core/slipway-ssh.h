/* slipway-ssh.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* What the readiness check of slipway_ssh_probe_argv() prints once
 * cloud-init has finished on the node. */
#define SLIPWAY_SSH_READY_MARKER "slipway-ready"

GStrv slipway_ssh_argv               (const char         *ssh_config,
                                      const char         *node,
                                      const char * const *command);
GStrv slipway_ssh_probe_argv         (const char         *ssh_config,
                                      const char         *node);
GStrv slipway_ssh_batch_argv         (const char         *ssh_config,
                                      const char         *node,
                                      const char         *command);
GStrv slipway_ssh_trust_options      (const char         *known_hosts);

G_END_DECLS
