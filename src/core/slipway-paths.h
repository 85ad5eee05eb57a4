/* slipway-paths.h
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

#include "slipway-remote.h"

G_BEGIN_DECLS

void      slipway_paths_set_connection      (const char    *uri);
SlipwayJump *slipway_paths_dup_jump         (void);
char     *slipway_cluster_dir               (const char    *cluster);
char     *slipway_cluster_ssh_config        (const char    *cluster);
char     *slipway_cluster_known_hosts       (const char    *cluster);
char     *slipway_cluster_identity_file     (const char    *cluster);
char     *slipway_catalog_user_file         (void);
char     *slipway_catalog_cache_dir         (void);

char     *slipway_default_uri               (void);

G_END_DECLS
