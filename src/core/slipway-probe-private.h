/* slipway-probe-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-probe-private.h is private to libslipway and its tests."
#endif

#include <gio/gio.h>

#include "slipway-types.h"

G_BEGIN_DECLS

/* Called on the probe's main context as soon as port 22 answers: the SSH
 * login that follows may take seconds. */
typedef void (*SlipwayProbePortOpenFunc) (gpointer user_data);

/* One look at a running node: a TCP connection to port 22 of @address,
 * then, if it opens, one `ssh -F @ssh_config -o BatchMode=yes @host`
 * that logs in with the cluster key, checks the pinned host key and asks
 * whether cloud-init has finished. Each stage has its own time limit.
 *
 * @host_key_only: for a node known to be the machine that was ready (a
 * revert to the baseline): no login, only SSH's key exchange, which
 * checks the pinned host key; READY when it holds. */
void             _slipway_probe_async        (const char                *address,
                                              const char                *ssh_config,
                                              const char                *host,
                                              gboolean                   host_key_only,
                                              SlipwayProbePortOpenFunc   port_open,
                                              gpointer                   port_open_data,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
/* Returns MISSING when the port is closed (nothing beyond what libvirt
 * shows), SSH_PORT, SSH_AUTHENTICATED, READY, READY_WITH_ERRORS (then
 * @cloud_init_errors, if not %NULL, gets cloud-init's errors) or
 * HOST_KEY_MISMATCH; fails only when cancelled. */
SlipwayReadiness _slipway_probe_finish       (GAsyncResult              *result,
                                              char                    ***cloud_init_errors,
                                              GError                   **error);

/* The errors of cloud-init's result.json, one a line; empty if none. */
GStrv            _slipway_probe_cloud_init_errors (const char           *json);

/* What one such ssh run says about a node whose SSH port is open. */
SlipwayReadiness _slipway_probe_classify_ssh (gboolean                   exited,
                                              int                        exit_status,
                                              const char                *standard_output,
                                              const char                *standard_error);

/* What `ssh -o PreferredAuthentications=none` says about a node that was
 * ready, whose SSH port is open: READY when the pinned host key held (the
 * server then refused the empty login), HOST_KEY_MISMATCH, or SSH_PORT. */
SlipwayReadiness _slipway_probe_classify_host_key (gboolean              exited,
                                                   int                   exit_status,
                                                   const char           *standard_error);

G_END_DECLS
