/* slipway-watcher-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-watcher-private.h is private to libslipway and its tests."
#endif

#include "slipway-connection.h"
#include "slipway-provisioner-private.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_WATCHER (slipway_watcher_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayWatcher, slipway_watcher, SLIPWAY, WATCHER, GObject)

/* Follows @connection's libvirt connection: lifecycle events of domains and
 * networks, its loss and return, leases and a periodic re-sync. The
 * connection owns the watcher; @connection is borrowed. */
SlipwayWatcher *_slipway_watcher_new   (SlipwayConnection  *connection,
                                        SlipwayProvisioner *provisioner);
/* Connects (in a thread) and registers the events, then re-syncs; again
 * after the connection was lost. */
void            _slipway_watcher_start (SlipwayWatcher     *self);
/* Called by the connection when it is disposed. */
void            _slipway_watcher_stop  (SlipwayWatcher     *self);

G_END_DECLS
