/* slipway-cluster-run.c: operations on a cluster, one at a time
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-checkpoint.h"
#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-error.h"
#include "slipway-operation-private.h"
#include "slipway-provisioner-private.h"

typedef struct
{
  SlipwayOperation *operation;
  GError           *error;      /* of the operation, while the status is read */
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->operation);
  g_clear_error (&run->error);
  g_free (run);
}

/* Starts @kind on @self, or returns FALSE after returning an error on @task. */
static gboolean
begin_operation (SlipwayCluster       *self,
                 GTask                *task,
                 SlipwayOperationKind  kind,
                 const char * const   *targets,
                 GCancellable         *cancellable)
{
  g_autoptr(GError) error = NULL;
  Run *run;

  if (self->operation != NULL)
    {
      g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY,
                               /* Translators: %s is a cluster name */
                               _("Another operation runs on cluster “%s”: wait until it ends, or cancel it."),
                               self->name);
      return FALSE;
    }

  if (self->connection == NULL)
    {
      g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                               _("There is no cluster named “%s” on this connection."), self->name);
      return FALSE;
    }

  if (targets != NULL && targets[0] != NULL)
    {
      g_autoptr(GPtrArray) nodes = slipway_cluster_select (self, targets, &error);

      if (nodes == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return FALSE;
        }
    }

  /* The next events are this operation's: a revert to the baseline, if
   * it is one, says so below. */
  self->restoring_baseline_until = 0;
  run = g_new0 (Run, 1);
  run->operation = _slipway_operation_new (self, kind, targets, cancellable);
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->nodes)); i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);

      _slipway_operation_apply_to_node (run->operation, node);
    }
  _slipway_cluster_set_operation (self, run->operation);

  return TRUE;
}

static void
end_operation (GTask    *task,
               gboolean  success)
{
  SlipwayCluster *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  _slipway_operation_finish (run->operation, success);
  /* New disks deserve a new try at the baseline. */
  if (slipway_operation_get_kind (run->operation) == SLIPWAY_OPERATION_REBUILD ||
      slipway_operation_get_kind (run->operation) == SLIPWAY_OPERATION_RESET)
    self->baseline_failed = FALSE;
  if (self->operation == run->operation)
    _slipway_cluster_set_operation (self, NULL);
}

static void
run_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The operation's own result is what counts; the read only refreshes. */
  if (!_slipway_connection_read_cluster_finish (SLIPWAY_CONNECTION (object), result, &error))
    g_debug ("Reading the cluster back after an operation: %s", error->message);

  end_operation (task, run->error == NULL);
  if (run->error != NULL)
    g_task_return_error (task, g_steal_pointer (&run->error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Takes over the reference the worker's callback held on @owned. */
static void
finish_run (GTask *owned)
{
  g_autoptr(GTask) task = owned;
  SlipwayCluster *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  /* Events may lag behind: the caller sees the states as they are now. */
  if (self->connection != NULL)
    {
      _slipway_connection_read_cluster_async (self->connection, self->name, NULL,
                                              run_read_cb, g_steal_pointer (&task));
      return;
    }

  end_operation (task, run->error == NULL);
  if (run->error != NULL)
    g_task_return_error (task, g_steal_pointer (&run->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  slipway_provisioner_run_finish (SLIPWAY_PROVISIONER (object), result, &run->error);
  finish_run (task);
}

static void
checkpoint_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  _slipway_provisioner_checkpoint_finish (SLIPWAY_PROVISIONER (object), result, &run->error);
  finish_run (task);
}

/**
 * slipway_cluster_run_async:
 * @kind: %SLIPWAY_OPERATION_START, %SLIPWAY_OPERATION_STOP,
 *   %SLIPWAY_OPERATION_FORCE_OFF, %SLIPWAY_OPERATION_RESET (restores the
 *   baseline on the targets that have one, rebuilds the others) or
 *   %SLIPWAY_OPERATION_REBUILD (fresh disks and a first boot; deletes
 *   every checkpoint of the cluster, which no longer matches it)
 * @targets: (nullable): node or role names; %NULL for every node
 *
 * Runs @kind on @targets. The operation shows in #SlipwayCluster:operation
 * at once, and its progress per node in #SlipwayNode:progress. Fails with
 * %SLIPWAY_ERROR_BUSY while another operation runs on the cluster, and with
 * %SLIPWAY_ERROR_NOT_FOUND for a target that is neither a node nor a role.
 * When it finishes, the nodes' states are the ones libvirt has.
 */
void
slipway_cluster_run_async (SlipwayCluster       *self,
                           SlipwayOperationKind  kind,
                           const char * const   *targets,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (kind == SLIPWAY_OPERATION_START || kind == SLIPWAY_OPERATION_STOP ||
                    kind == SLIPWAY_OPERATION_FORCE_OFF || kind == SLIPWAY_OPERATION_RESET ||
                    kind == SLIPWAY_OPERATION_REBUILD);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_cluster_run_async);

  if (!begin_operation (self, task, kind, targets, cancellable))
    return;

  run = g_task_get_task_data (task);
  /* A reset restores the baseline on the nodes that hold it; one without
   * boots afresh, which libvirt tells apart. */
  if (kind == SLIPWAY_OPERATION_RESET)
    self->restoring_baseline_until = G_MAXINT64;
  slipway_provisioner_run_async (_slipway_connection_get_provisioner (self->connection),
                                 kind, self->name, targets,
                                 _slipway_operation_get_cancellable (run->operation),
                                 run_done_cb, g_steal_pointer (&task));
}

gboolean
slipway_cluster_run_finish (SlipwayCluster  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
destroy_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);

  /* Whatever is left of a failed destroy shows; a cluster that is gone
   * has left the model already. */
  _slipway_connection_read_cluster_finish (SLIPWAY_CONNECTION (object), result, NULL);
  end_operation (task, FALSE);
  g_task_return_error (task, g_steal_pointer (&run->error));
}

static void
destroy_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayCluster *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (!slipway_provisioner_destroy_finish (SLIPWAY_PROVISIONER (object), result, &run->error))
    {
      if (self->connection != NULL)
        {
          _slipway_connection_read_cluster_async (self->connection, self->name, NULL,
                                                  destroy_read_cb, g_steal_pointer (&task));
          return;
        }
      end_operation (task, FALSE);
      g_task_return_error (task, g_steal_pointer (&run->error));
      return;
    }

  end_operation (task, TRUE);
  if (self->connection != NULL)
    _slipway_connection_remove_cluster (self->connection, self);
  g_task_return_boolean (task, TRUE);
}

/**
 * slipway_cluster_destroy_async:
 *
 * Removes the cluster's virtual machines, disks and network, and with
 * @flags its base image and keys. The cluster leaves its connection's list
 * when this succeeds. %SLIPWAY_ERROR_BUSY while another operation runs.
 */
void
slipway_cluster_destroy_async (SlipwayCluster      *self,
                               SlipwayDestroyFlags  flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_cluster_destroy_async);

  if (!begin_operation (self, task, SLIPWAY_OPERATION_DESTROY, NULL, cancellable))
    return;

  run = g_task_get_task_data (task);
  slipway_provisioner_destroy_async (_slipway_connection_get_provisioner (self->connection),
                                     self->name, flags,
                                     _slipway_operation_get_cancellable (run->operation),
                                     destroy_done_cb, g_steal_pointer (&task));
}

gboolean
slipway_cluster_destroy_finish (SlipwayCluster  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Checkpoints ---------------------------------------------------------------- */

void
_slipway_cluster_checkpoint_async (SlipwayCluster       *self,
                                   SlipwayOperationKind  kind,
                                   const char           *name,
                                   const char           *description,
                                   gboolean              baseline,
                                   const char * const   *targets,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Run *run;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _slipway_cluster_checkpoint_async);

  if (!slipway_check_checkpoint_name (name, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!begin_operation (self, task, kind, targets, cancellable))
    return;

  run = g_task_get_task_data (task);
  if (kind == SLIPWAY_OPERATION_RESTORE_CHECKPOINT && g_strcmp0 (name, SLIPWAY_CHECKPOINT_BASELINE) == 0)
    self->restoring_baseline_until = G_MAXINT64;
  _slipway_provisioner_checkpoint_async (_slipway_connection_get_provisioner (self->connection),
                                         kind, self->name, name, description, baseline, targets,
                                         _slipway_operation_get_cancellable (run->operation),
                                         checkpoint_done_cb, g_steal_pointer (&task));
}

/**
 * slipway_cluster_save_checkpoint_async:
 * @name: see slipway_check_checkpoint_name()
 * @description: (nullable): what the checkpoint is for
 *
 * Saves every running node with its memory as checkpoint @name: all of
 * them are paused, saved in parallel and resumed, so the nodes are caught
 * at one moment. When one node fails, the checkpoint is removed from the
 * others and the error names the node. %SLIPWAY_ERROR_EXISTS when the
 * cluster has a checkpoint of that name, %SLIPWAY_ERROR_BUSY while another
 * operation runs. Cancelling undoes what was saved.
 */
void
slipway_cluster_save_checkpoint_async (SlipwayCluster      *self,
                                       const char          *name,
                                       const char          *description,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _slipway_cluster_checkpoint_async (self, SLIPWAY_OPERATION_SAVE_CHECKPOINT, name, description,
                                     FALSE, NULL, cancellable, callback, user_data);
}

gboolean
slipway_cluster_save_checkpoint_finish (SlipwayCluster  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * slipway_cluster_restore_checkpoint_async:
 * @name: (nullable): the checkpoint, %NULL for the baseline
 * @targets: (nullable): node or role names; %NULL for every node
 *
 * Brings @targets back to checkpoint @name without a boot: each one is
 * reverted paused, then all of them resume together and their clocks are
 * set to the host's. %SLIPWAY_ERROR_NOT_FOUND names the nodes that lack
 * the checkpoint; a cluster that is being created or destroyed is refused.
 */
void
slipway_cluster_restore_checkpoint_async (SlipwayCluster      *self,
                                          const char          *name,
                                          const char * const  *targets,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _slipway_cluster_checkpoint_async (self, SLIPWAY_OPERATION_RESTORE_CHECKPOINT,
                                     name != NULL ? name : SLIPWAY_CHECKPOINT_BASELINE, NULL,
                                     FALSE, targets, cancellable, callback, user_data);
}

gboolean
slipway_cluster_restore_checkpoint_finish (SlipwayCluster  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * slipway_cluster_delete_checkpoint_async:
 *
 * Deletes checkpoint @name from every node that holds it.
 * %SLIPWAY_ERROR_NOT_FOUND when none does.
 */
void
slipway_cluster_delete_checkpoint_async (SlipwayCluster      *self,
                                         const char          *name,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _slipway_cluster_checkpoint_async (self, SLIPWAY_OPERATION_DELETE_CHECKPOINT, name, NULL,
                                     FALSE, NULL, cancellable, callback, user_data);
}

gboolean
slipway_cluster_delete_checkpoint_finish (SlipwayCluster  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
