/* slipway-monitor.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include "slipway-provisioner.h"

G_BEGIN_DECLS

/**
 * SlipwayReadiness:
 * @SLIPWAY_READINESS_MISSING: the node has no domain
 * @SLIPWAY_READINESS_DEFINED: the domain exists and is not running
 * @SLIPWAY_READINESS_RUNNING: the domain runs; no address yet
 * @SLIPWAY_READINESS_LEASED: the node holds its reserved address
 * @SLIPWAY_READINESS_SSH_PORT: its SSH port accepts connections
 * @SLIPWAY_READINESS_SSH_AUTHENTICATED: SSH login with the cluster key works,
 *   and the host key is the pinned one
 * @SLIPWAY_READINESS_READY: cloud-init has finished
 * @SLIPWAY_READINESS_HOST_KEY_MISMATCH: the node answers with a host key that
 *   is not the one Slipway gave it; it is not trusted
 *
 * Observed, in this order, as a node boots. Each step is seen, not guessed.
 */
typedef enum
{
  SLIPWAY_READINESS_MISSING,
  SLIPWAY_READINESS_DEFINED,
  SLIPWAY_READINESS_RUNNING,
  SLIPWAY_READINESS_LEASED,
  SLIPWAY_READINESS_SSH_PORT,
  SLIPWAY_READINESS_SSH_AUTHENTICATED,
  SLIPWAY_READINESS_READY,
  SLIPWAY_READINESS_HOST_KEY_MISMATCH,
} SlipwayReadiness;

#define SLIPWAY_TYPE_MONITOR (slipway_monitor_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayMonitor, slipway_monitor, SLIPWAY, MONITOR, GObject)

const char        *slipway_readiness_to_string   (SlipwayReadiness    readiness);
const char        *slipway_readiness_get_title   (SlipwayReadiness    readiness);

/* Watches every node of @cluster on @provisioner's connection, on the thread
 * default main context of the caller of slipway_monitor_start(). Polling is
 * bounded and cheap; "node-changed" (const char *node, SlipwayReadiness) is
 * emitted on that context once per change, and "notify::all-ready" when every
 * node became ready or stopped being so. */
SlipwayMonitor    *slipway_monitor_new           (SlipwayProvisioner *provisioner,
                                                  const char         *cluster);
const char        *slipway_monitor_get_cluster   (SlipwayMonitor     *self);
void               slipway_monitor_start         (SlipwayMonitor     *self);
void               slipway_monitor_stop          (SlipwayMonitor     *self);
SlipwayReadiness   slipway_monitor_get_readiness (SlipwayMonitor     *self,
                                                  const char         *node);
gboolean           slipway_monitor_get_all_ready (SlipwayMonitor     *self);

/* The nodes of the cluster in id order, once the first look at libvirt
 * came back (NULL before). */
GStrv              slipway_monitor_dup_nodes     (SlipwayMonitor     *self);
/* The libvirt driver cannot show more than RUNNING (test:///default):
 * readiness stops there. */
gboolean           slipway_monitor_get_limited   (SlipwayMonitor     *self);

/* One look at every node, without starting the periodic watch: libvirt
 * state, lease, then one SSH probe per running node. Afterwards
 * slipway_monitor_get_readiness() answers for each node. Do not mix with
 * slipway_monitor_start() on the same monitor. */
void               slipway_monitor_probe_async   (SlipwayMonitor     *self,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean           slipway_monitor_probe_finish  (SlipwayMonitor     *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);

G_END_DECLS
