/* slipway-cluster-select.c: which nodes a target list names, and whether
 * an operation would change anything for them
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-cluster-private.h"
#include "slipway-error.h"
#include "slipway-node.h"

/**
 * slipway_cluster_select:
 * @targets: (nullable): node names or role names ("worker"); %NULL or empty
 *   for every node
 *
 * Returns: (transfer container) (element-type SlipwayNode): the nodes, in id
 *   order, each once; %NULL with %SLIPWAY_ERROR_NOT_FOUND for a name that is
 *   neither a node nor a role
 */
GPtrArray *
slipway_cluster_select (SlipwayCluster      *self,
                        const char * const  *targets,
                        GError             **error)
{
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GPtrArray) nodes = NULL;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  if (self->topology == NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   /* Translators: %s is a cluster name */
                   _("The nodes of cluster “%s” are not known yet."), self->name);
      return NULL;
    }

  infos = slipway_topology_select (self->topology, targets, error);
  if (infos == NULL)
    return NULL;

  nodes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < infos->len; i++)
    {
      const SlipwayNodeInfo *info = g_ptr_array_index (infos, i);
      SlipwayNode *node = slipway_cluster_find_node (self, info->name);

      if (node != NULL)
        g_ptr_array_add (nodes, g_object_ref (node));
    }

  return g_steal_pointer (&nodes);
}

/**
 * slipway_cluster_can_run:
 * @targets: (nullable): as for slipway_cluster_select()
 *
 * Returns: %TRUE when no operation runs on the cluster and @kind would
 *   change something for @targets: start a node that does not run, stop
 *   one that does
 */
gboolean
slipway_cluster_can_run (SlipwayCluster       *self,
                         SlipwayOperationKind  kind,
                         const char * const   *targets)
{
  g_autoptr(GPtrArray) nodes = NULL;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);

  if (self->operation != NULL || self->lock_holder != NULL || !self->known)
    return FALSE;

  if (kind == SLIPWAY_OPERATION_DESTROY)
    return TRUE;
  if (kind == SLIPWAY_OPERATION_CREATE)
    return FALSE;
  /* UEFI nodes: slipway_cluster_get_checkpoints_unsupported() says why. */
  if (kind == SLIPWAY_OPERATION_SAVE_CHECKPOINT && self->nvram)
    return FALSE;

  nodes = slipway_cluster_select (self, targets, NULL);
  if (nodes == NULL || nodes->len == 0)
    return FALSE;

  for (guint i = 0; i < nodes->len; i++)
    {
      SlipwayNodeState state = slipway_node_get_state (g_ptr_array_index (nodes, i));

      switch (kind)
        {
        case SLIPWAY_OPERATION_START:
          if (state != SLIPWAY_NODE_STATE_RUNNING && state != SLIPWAY_NODE_STATE_MISSING)
            return TRUE;
          break;

        case SLIPWAY_OPERATION_STOP:
        case SLIPWAY_OPERATION_FORCE_OFF:
          if (state == SLIPWAY_NODE_STATE_RUNNING || state == SLIPWAY_NODE_STATE_PAUSED ||
              state == SLIPWAY_NODE_STATE_SHUTTING_DOWN || state == SLIPWAY_NODE_STATE_CRASHED)
            return TRUE;
          break;

        case SLIPWAY_OPERATION_RESET:
        case SLIPWAY_OPERATION_REBUILD:
          return TRUE;

        case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
          if (state == SLIPWAY_NODE_STATE_RUNNING)
            return TRUE;
          break;

        case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
        case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
          return g_list_model_get_n_items (G_LIST_MODEL (self->checkpoints)) > 0;

        case SLIPWAY_OPERATION_CREATE:
        case SLIPWAY_OPERATION_DESTROY:
        default:
          g_assert_not_reached ();
        }
    }

  return FALSE;
}
