/* slipway-connection.h
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
#include "slipway-host.h"
#include "slipway-plan.h"
#include "slipway-spec.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_CONNECTION (slipway_connection_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayConnection, slipway_connection, SLIPWAY, CONNECTION, GObject)

SlipwayConnection *slipway_connection_new                   (const char          *uri);
const char        *slipway_connection_get_uri               (SlipwayConnection   *self);
gboolean           slipway_connection_get_connected         (SlipwayConnection   *self);
GListModel        *slipway_connection_get_clusters          (SlipwayConnection   *self);
SlipwayCluster    *slipway_connection_find_cluster          (SlipwayConnection   *self,
                                                             const char          *name);
void               slipway_connection_set_stop_timeout      (SlipwayConnection   *self,
                                                             guint                seconds);

void               slipway_connection_sync_async            (SlipwayConnection   *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           slipway_connection_sync_finish           (SlipwayConnection   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void               slipway_connection_load_cluster_async    (SlipwayConnection   *self,
                                                             const char          *name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
SlipwayCluster    *slipway_connection_load_cluster_finish   (SlipwayConnection   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void               slipway_connection_find_remains_async    (SlipwayConnection   *self,
                                                             const char          *name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char             **slipway_connection_find_remains_finish   (SlipwayConnection   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void               slipway_connection_destroy_remains_async (SlipwayConnection   *self,
                                                             const char          *name,
                                                             SlipwayDestroyFlags  flags,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           slipway_connection_destroy_remains_finish (SlipwayConnection  *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void               slipway_connection_plan_async            (SlipwayConnection   *self,
                                                             const SlipwaySpec   *spec,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
SlipwayPlan       *slipway_connection_plan_finish           (SlipwayConnection   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void               slipway_connection_create_cluster_async  (SlipwayConnection   *self,
                                                             SlipwayPlan         *plan,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
SlipwayCluster    *slipway_connection_create_cluster_finish (SlipwayConnection   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void               slipway_connection_query_host_async      (SlipwayConnection   *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
SlipwayHostInfo   *slipway_connection_query_host_finish     (SlipwayConnection   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

gboolean           slipway_worker_must_finish               (void);
void               slipway_wait_idle_async                  (GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           slipway_wait_idle_finish                 (GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
