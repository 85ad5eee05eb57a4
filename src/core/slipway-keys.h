/* slipway-keys.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <gio/gio.h>

#include "slipway-paths.h"
#include "slipway-trust.h"
#include "slipway-user-keys.h"

G_BEGIN_DECLS

gboolean  slipway_keys_ensure_cluster_key   (const char    *cluster,
                                             char         **private_key_path,
                                             char         **public_key,
                                             GCancellable  *cancellable,
                                             GError       **error);
gboolean  slipway_keys_delete_cluster       (const char    *cluster,
                                             GError       **error);

gboolean  slipway_keys_ensure_host_key      (const char    *cluster,
                                             const char    *node,
                                             char         **private_key,
                                             char         **public_key,
                                             GCancellable  *cancellable,
                                             GError       **error);

G_END_DECLS
