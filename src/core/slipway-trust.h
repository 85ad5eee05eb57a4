/* slipway-trust.h
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

#include "slipway-remote.h"
#include "slipway-topology.h"

G_BEGIN_DECLS

char     *slipway_keys_render_known_hosts   (const SlipwayTopology  *topology,
                                             const char * const     *host_keys);
char     *slipway_keys_render_ssh_config    (const SlipwayTopology  *topology,
                                             const char             *user,
                                             const char             *identity_file,
                                             const char             *known_hosts,
                                             const SlipwayJump      *jump,
                                             GError                **error);
gboolean  slipway_keys_write_trust_files    (const SlipwayTopology  *topology,
                                             const char             *user,
                                             GStrv                  *host_keys,
                                             GCancellable           *cancellable,
                                             GError                **error);
gboolean  slipway_keys_ensure_trust_files   (const SlipwayTopology  *topology,
                                             const char             *user,
                                             GCancellable           *cancellable,
                                             GError                **error);
void      slipway_keys_write_trust_files_async  (const SlipwayTopology  *topology,
                                                 const char             *user,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean  slipway_keys_write_trust_files_finish (GAsyncResult           *result,
                                                 GStrv                  *host_keys,
                                                 GError                **error);

G_END_DECLS
