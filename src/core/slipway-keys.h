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

#include "slipway-topology.h"

G_BEGIN_DECLS

char     *slipway_cluster_dir               (const char    *cluster);
char     *slipway_cluster_ssh_config        (const char    *cluster);
gboolean  slipway_ensure_private_dir        (const char    *path,
                                             GError       **error);
gboolean  slipway_write_secret_file         (const char    *path,
                                             const char    *contents,
                                             gssize         length,
                                             GError       **error);
gboolean  slipway_write_file_atomic         (const char    *path,
                                             const char    *contents,
                                             gssize         length,
                                             guint          mode,
                                             GError       **error);
gboolean  slipway_keys_ensure_cluster_key   (const char    *cluster,
                                             char         **private_key_path,
                                             char         **public_key,
                                             GCancellable  *cancellable,
                                             GError       **error);
gboolean  slipway_keys_delete_cluster       (const char    *cluster,
                                             GError       **error);

char     *slipway_cluster_known_hosts       (const char    *cluster);
char     *slipway_cluster_identity_file     (const char    *cluster);
gboolean  slipway_keys_ensure_host_key      (const char    *cluster,
                                             const char    *node,
                                             char         **private_key,
                                             char         **public_key,
                                             GCancellable  *cancellable,
                                             GError       **error);
char     *slipway_keys_render_known_hosts   (const SlipwayTopology  *topology,
                                             const char * const     *host_keys);
char     *slipway_keys_render_ssh_config    (const SlipwayTopology  *topology,
                                             const char             *user,
                                             const char             *identity_file,
                                             const char             *known_hosts,
                                             GError                **error);
gboolean  slipway_keys_write_trust_files    (const SlipwayTopology  *topology,
                                             const char             *user,
                                             GStrv                  *host_keys,
                                             GCancellable           *cancellable,
                                             GError                **error);

gboolean  slipway_password_hash_is_valid    (const char    *hash);
char     *slipway_hash_password             (const char    *password,
                                             GError       **error);

G_END_DECLS
