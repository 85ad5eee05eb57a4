/* slipway-paths-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The files of a cluster's folder, $XDG_DATA_HOME/slipway/clusters/<cluster>. */
#define CLUSTER_KEY_NAME   "id_ed25519"
#define CLUSTER_KEY_PUB    CLUSTER_KEY_NAME ".pub"
#define KEYGEN_DIR_PREFIX  ".keygen-"
/* Per node: HOST_KEY_PREFIX "control0" and the same with ".pub". */
#define HOST_KEY_PREFIX    "ssh_host_ed25519_key-"
#define KNOWN_HOSTS_NAME   "known_hosts"
#define SSH_CONFIG_NAME    "ssh_config"

gboolean _slipway_is_safe_cluster_name (const char *cluster);

G_END_DECLS
