/* slipway-cluster.h
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

#include "slipway-checkpoint.h"
#include "slipway-console.h"
#include "slipway-node.h"
#include "slipway-operation.h"
#include "slipway-spec.h"
#include "slipway-topology.h"
#include "slipway-types.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_CLUSTER (slipway_cluster_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayCluster, slipway_cluster, SLIPWAY, CLUSTER, GObject)

const char            *slipway_cluster_get_name           (SlipwayCluster       *self);
const SlipwaySpec     *slipway_cluster_get_spec           (SlipwayCluster       *self);
const SlipwayTopology *slipway_cluster_get_topology       (SlipwayCluster       *self);
SlipwayClusterState    slipway_cluster_get_state          (SlipwayCluster       *self);
gboolean               slipway_cluster_get_network_active (SlipwayCluster       *self);
const char            *slipway_cluster_get_virt_type      (SlipwayCluster       *self);
const char            *slipway_cluster_get_checkpoints_unsupported (SlipwayCluster *self);
SlipwayOperation      *slipway_cluster_get_operation      (SlipwayCluster       *self);
const char            *slipway_cluster_get_lock_holder    (SlipwayCluster       *self);
GListModel            *slipway_cluster_get_nodes          (SlipwayCluster       *self);
SlipwayNode           *slipway_cluster_find_node          (SlipwayCluster       *self,
                                                           const char           *name);
GPtrArray             *slipway_cluster_select             (SlipwayCluster       *self,
                                                           const char * const   *targets,
                                                           GError              **error);
gboolean               slipway_cluster_can_run            (SlipwayCluster       *self,
                                                           SlipwayOperationKind  kind,
                                                           const char * const   *targets);

void                   slipway_cluster_run_async          (SlipwayCluster       *self,
                                                           SlipwayOperationKind  kind,
                                                           const char * const   *targets,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean               slipway_cluster_run_finish         (SlipwayCluster       *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void                   slipway_cluster_destroy_async      (SlipwayCluster       *self,
                                                           SlipwayDestroyFlags   flags,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean               slipway_cluster_destroy_finish     (SlipwayCluster       *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

SlipwayConsole        *slipway_cluster_get_console        (SlipwayCluster       *self,
                                                           const char           *node);

GObject               *slipway_cluster_watch              (SlipwayCluster       *self);
void                   slipway_cluster_probe_async        (SlipwayCluster       *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean               slipway_cluster_probe_finish       (SlipwayCluster       *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void                   slipway_cluster_wait_async         (SlipwayCluster       *self,
                                                           SlipwayReadiness      until,
                                                           guint                 timeout_s,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean               slipway_cluster_wait_finish        (SlipwayCluster       *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

GListModel            *slipway_cluster_get_checkpoints    (SlipwayCluster       *self);
SlipwayCheckpoint     *slipway_cluster_find_checkpoint    (SlipwayCluster       *self,
                                                           const char           *name);
void                   slipway_cluster_save_checkpoint_async     (SlipwayCluster       *self,
                                                                  const char           *name,
                                                                  const char           *description,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean               slipway_cluster_save_checkpoint_finish    (SlipwayCluster       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                   slipway_cluster_restore_checkpoint_async  (SlipwayCluster       *self,
                                                                  const char           *name,
                                                                  const char * const   *targets,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean               slipway_cluster_restore_checkpoint_finish (SlipwayCluster       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                   slipway_cluster_delete_checkpoint_async   (SlipwayCluster       *self,
                                                                  const char           *name,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
gboolean               slipway_cluster_delete_checkpoint_finish  (SlipwayCluster       *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
char                  *slipway_cluster_dup_confirmation          (SlipwayCluster       *self,
                                                                  SlipwayOperationKind  kind,
                                                                  const char           *checkpoint,
                                                                  const char * const   *targets);

G_END_DECLS
