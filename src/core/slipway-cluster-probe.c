/* slipway-cluster-probe.c: one look at every node of a cluster
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
#include "slipway-keys.h"
#include "slipway-probe-private.h"
#include "slipway-provisioner-private.h"

typedef struct
{
  guint pending;    /* probes in flight, plus one while they start */
} Look;

typedef struct
{
  GTask *task;
  char  *node;
  guint  generation;
} LookProbe;

static void
look_done (GTask *task)
{
  Look *look = g_task_get_task_data (task);

  g_assert (look->pending > 0);

  if (--look->pending > 0)
    return;

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static void
look_probe_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  LookProbe *probe = user_data;
  g_autoptr(GTask) task = probe->task;
  SlipwayCluster *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) cloud_init_errors = NULL;
  SlipwayReadiness seen;
  SlipwayNode *node;

  seen = _slipway_probe_finish (result, &cloud_init_errors, &error);
  node = slipway_cluster_find_node (self, probe->node);
  /* Only what this boot of the node showed counts. */
  if (error == NULL && node != NULL &&
      _slipway_cluster_get_extra (self, node)->generation == probe->generation)
    _slipway_cluster_record_probe (self, node, seen, g_steal_pointer (&cloud_init_errors));

  g_free (probe->node);
  g_free (probe);
  look_done (task);
}

static void
look_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayCluster *self = g_task_get_source_object (task);
  Look *look = g_task_get_task_data (task);
  GListModel *nodes = slipway_cluster_get_nodes (self);
  g_autoptr(GError) error = NULL;
  guint n;

  if (!_slipway_connection_read_cluster_finish (SLIPWAY_CONNECTION (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The test driver's guests have no network to look at: libvirt's view
   * is all there is. */
  if (self->connection == NULL ||
      _slipway_provisioner_is_test (_slipway_connection_get_provisioner (self->connection)))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->ssh_config == NULL)
    self->ssh_config = slipway_cluster_ssh_config (self->name);

  look->pending = 1;
  n = g_list_model_get_n_items (nodes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);
      LookProbe *probe;

      if (slipway_node_get_state (node) != SLIPWAY_NODE_STATE_RUNNING ||
          slipway_node_get_ipv4 (node) == NULL)
        continue;

      probe = g_new0 (LookProbe, 1);
      probe->task = g_object_ref (task);
      probe->node = g_strdup (slipway_node_get_name (node));
      probe->generation = _slipway_cluster_get_extra (self, node)->generation;
      look->pending++;
      _slipway_probe_async (slipway_node_get_ipv4 (node), self->ssh_config,
                            slipway_node_get_name (node), FALSE, NULL, NULL,
                            g_task_get_cancellable (task), look_probe_cb, probe);
    }
  look_done (task);
}

/**
 * slipway_cluster_probe_async:
 *
 * Takes one look at every node, without watching the cluster: reads it
 * from libvirt again (domains, leases), then probes each running node once
 * over SSH (port, login with the cluster key and the pinned host key,
 * cloud-init done). When it finishes, #SlipwayNode:readiness of each node
 * says what was seen, until the node starts again. Each probe has its own
 * time limit of seconds. Fails with %SLIPWAY_ERROR_NOT_FOUND or
 * %SLIPWAY_ERROR_NOT_OWNED when the cluster is gone.
 */
void
slipway_cluster_probe_async (SlipwayCluster      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_cluster_probe_async);
  g_task_set_task_data (task, g_new0 (Look, 1), g_free);

  if (self->connection == NULL)
    {
      g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                               _("There is no cluster named “%s” on this connection."), self->name);
      return;
    }

  _slipway_connection_read_cluster_async (self->connection, self->name, cancellable,
                                          look_read_cb, g_steal_pointer (&task));
}

gboolean
slipway_cluster_probe_finish (SlipwayCluster  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
