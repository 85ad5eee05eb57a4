/* slipway-connection-create.c: making clusters, and what the host offers
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-error.h"
#include "slipway-operation-private.h"
#include "slipway-problem.h"
#include "slipway-provisioner-private.h"

/* Creating a cluster ------------------------------------------------------- */

typedef struct
{
  SlipwayCluster   *cluster;
  SlipwayOperation *operation;
  GError           *error;
} Create;

static void
create_free (Create *create)
{
  g_clear_object (&create->cluster);
  g_clear_object (&create->operation);
  g_clear_error (&create->error);
  g_free (create);
}

static void
create_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayConnection *self = g_task_get_source_object (task);
  Create *create = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean there;

  there = _slipway_connection_read_cluster_finish (self, result, &error);

  _slipway_operation_finish (create->operation, create->error == NULL);
  if (slipway_cluster_get_operation (create->cluster) == create->operation)
    _slipway_cluster_set_operation (create->cluster, NULL);

  if (create->error != NULL)
    {
      /* Nothing made, or all of it rolled back: no cluster to show. */
      if (!there)
        _slipway_connection_remove_cluster (self, create->cluster);
      g_task_return_error (task, g_steal_pointer (&create->error));
      return;
    }

  g_task_return_pointer (task, g_object_ref (create->cluster), g_object_unref);
}

static void
create_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayConnection *self = g_task_get_source_object (task);
  Create *create = g_task_get_task_data (task);

  slipway_provisioner_create_finish (SLIPWAY_PROVISIONER (object), result, &create->error);
  /* Read it back while the operation still shows, so nodes that appear
   * now get their progress from it. */
  _slipway_connection_read_cluster_async (self, slipway_cluster_get_name (create->cluster), NULL,
                                          create_read_cb, g_steal_pointer (&task));
}

/**
 * slipway_connection_create_cluster_async:
 * @plan: the plan of the cluster, from slipway_connection_plan_async()
 *
 * Creates the cluster @plan describes, or finishes one an earlier attempt
 * left incomplete. @plan is not validated again, and what is made is what
 * its slipway_plan_dup_network_xml() and slipway_plan_dup_user_data()
 * show. A plan with errors fails with %SLIPWAY_ERROR_INVALID_SPEC. The cluster is in the model at once, with the state
 * %SLIPWAY_CLUSTER_STATE_CREATING and its #SlipwayCluster:operation set;
 * its nodes appear as soon as its network is defined. Fails with
 * %SLIPWAY_ERROR_BUSY while another operation runs on a cluster of that name.
 */
void
slipway_connection_create_cluster_async (SlipwayConnection   *self,
                                         SlipwayPlan         *plan,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const SlipwaySpec *spec;
  SlipwayCluster *cluster;
  Create *create;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (SLIPWAY_IS_PLAN (plan));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_connection_create_cluster_async);

  spec = slipway_plan_get_spec (plan);
  if (slipway_plan_has_errors (plan))
    {
      GError *error = NULL;

      slipway_problems_to_error (slipway_plan_get_problems (plan), spec->name, &error);
      g_task_return_error (task, error);
      return;
    }

  cluster = slipway_connection_find_cluster (self, spec->name);
  if (cluster != NULL && slipway_cluster_get_operation (cluster) != NULL)
    {
      g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                               /* Translators: %s is a cluster name */
                               _("Another operation runs on cluster “%s”: wait until it ends, or cancel it."),
                               spec->name);
      return;
    }

  create = g_new0 (Create, 1);
  if (cluster != NULL)
    {
      create->cluster = g_object_ref (cluster);
    }
  else
    {
      create->cluster = _slipway_cluster_new (self, spec->name, spec);
      /* Reads begun before it existed say nothing about it. */
      create->cluster->read_serial = self->reads;
    }
  create->operation = _slipway_operation_new (create->cluster, SLIPWAY_OPERATION_CREATE, NULL,
                                              cancellable);
  g_task_set_task_data (task, create, (GDestroyNotify)create_free);
  for (guint i = 0; i < g_list_model_get_n_items (slipway_cluster_get_nodes (create->cluster)); i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (slipway_cluster_get_nodes (create->cluster), i);

      _slipway_operation_apply_to_node (create->operation, node);
    }
  _slipway_cluster_set_operation (create->cluster, create->operation);
  /* It shows creating from its first moment. */
  if (cluster == NULL)
    _slipway_connection_add_cluster (self, create->cluster);

  _slipway_provisioner_create_plan_async (_slipway_connection_get_provisioner (self), plan,
                                          _slipway_operation_get_cancellable (create->operation),
                                          create_done_cb, g_steal_pointer (&task));
}

/**
 * slipway_connection_create_cluster_finish:
 *
 * Returns: (transfer full): the cluster, as libvirt has it now
 */
SlipwayCluster *
slipway_connection_create_cluster_finish (SlipwayConnection  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Plans -------------------------------------------------------------------- */

static void
plan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SlipwayPlan *plan;

  plan = _slipway_provisioner_plan_finish (SLIPWAY_PROVISIONER (object), result, &error);
  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, plan, g_object_unref);
}

/**
 * slipway_connection_plan_async:
 * @spec: a cluster spec; it is copied, never changed
 *
 * Makes the #SlipwayPlan of @spec on this connection's host: a worker
 * reads the host's facts (routes, networks, memory, CPUs) and the subnet
 * an earlier attempt at this cluster picked, then validates once. Without
 * a subnet in @spec, the plan picks one.
 */
void
slipway_connection_plan_async (SlipwayConnection   *self,
                               const SlipwaySpec   *spec,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_connection_plan_async);
  _slipway_provisioner_plan_async (_slipway_connection_get_provisioner (self), spec, cancellable,
                                   plan_cb, task);
}

/**
 * slipway_connection_plan_finish:
 *
 * Returns: (transfer full): the plan; its problems say whether it can be
 *   created
 */
SlipwayPlan *
slipway_connection_plan_finish (SlipwayConnection  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Host facts --------------------------------------------------------------- */

static void
query_host_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SlipwayHostInfo *info;

  info = slipway_provisioner_query_host_finish (SLIPWAY_PROVISIONER (object), result, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify)slipway_host_info_free);
}

void
slipway_connection_query_host_async (SlipwayConnection   *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_connection_query_host_async);
  slipway_provisioner_query_host_async (_slipway_connection_get_provisioner (self), cancellable,
                                        query_host_cb, task);
}

/**
 * slipway_connection_query_host_finish:
 *
 * Returns: (transfer full): what the host offers: memory, CPUs, networks
 */
SlipwayHostInfo *
slipway_connection_query_host_finish (SlipwayConnection  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
