/* slipway-connection-remains.c — what is left of a cluster whose network is gone
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-connection-private.h"
#include "slipway-provisioner-private.h"

/* A cluster is its libvirt network: the network carries the cluster file.
 * When the network is gone (removed by hand, or a crash in the middle of a
 * rollback), the cluster is not in the connection's list any more, but its
 * virtual machines and disks may still be there, each machine naming the
 * cluster in its Slipway metadata. These find them and remove them. */

static void
remains_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char **names = slipway_provisioner_remains_finish (SLIPWAY_PROVISIONER (object), result, &error);

  if (names == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, names, (GDestroyNotify)g_strfreev);
}

/**
 * slipway_connection_find_remains_async:
 * @name: a cluster name
 *
 * Looks for virtual machines whose Slipway metadata names the cluster
 * @name, whether or not the cluster's network is there.
 */
void
slipway_connection_find_remains_async (SlipwayConnection   *self,
                                       const char          *name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_connection_find_remains_async);
  slipway_provisioner_remains_async (_slipway_connection_get_provisioner (self), name,
                                     cancellable, remains_cb, g_steal_pointer (&task));
}

/**
 * slipway_connection_find_remains_finish:
 *
 * Returns: (transfer full): the names of those virtual machines, an empty
 *   list when there are none, or %NULL with @error set
 */
char **
slipway_connection_find_remains_finish (SlipwayConnection  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
destroy_remains_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!slipway_provisioner_destroy_finish (SLIPWAY_PROVISIONER (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * slipway_connection_destroy_remains_async:
 * @name: a cluster name
 * @flags: also remove the base image or the keys
 *
 * Removes what is left of the cluster @name: its virtual machines and their
 * disks, found through the machines when the network that named the
 * cluster's pool is gone. Takes the cluster's lock as every destroy does.
 * Fails with %SLIPWAY_ERROR_NOT_FOUND when nothing of it is left.
 */
void
slipway_connection_destroy_remains_async (SlipwayConnection   *self,
                                          const char          *name,
                                          SlipwayDestroyFlags  flags,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_CONNECTION (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_connection_destroy_remains_async);
  slipway_provisioner_destroy_async (_slipway_connection_get_provisioner (self), name, flags,
                                     cancellable, destroy_remains_cb, g_steal_pointer (&task));
}

gboolean
slipway_connection_destroy_remains_finish (SlipwayConnection  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
