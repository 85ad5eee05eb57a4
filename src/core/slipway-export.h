/* slipway-export.h
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

#include "slipway-cluster.h"
#include "slipway-topology.h"
#include "slipway-types.h"

G_BEGIN_DECLS

char *slipway_export_hosts      (const SlipwayTopology  *topology);
char *slipway_export_ansible    (const SlipwayTopology  *topology,
                                 const char             *user);
char *slipway_export_ssh_config (const SlipwayTopology  *topology,
                                 const char             *user,
                                 GError                **error);
char *slipway_export_render     (const SlipwayTopology  *topology,
                                 const char             *user,
                                 SlipwayExportFormat     format,
                                 GError                **error);

void  slipway_cluster_export_async  (SlipwayCluster       *cluster,
                                     SlipwayExportFormat   format,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
char *slipway_cluster_export_finish (SlipwayCluster       *cluster,
                                     GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
