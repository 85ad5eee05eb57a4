/* slipway-cluster-checkpoint.c: a cluster's checkpoints and its baseline
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-checkpoint-private.h"
#include "slipway-cluster-private.h"
#include "slipway-error.h"

/**
 * slipway_cluster_get_checkpoints:
 *
 * Returns: (transfer none): a #GListModel of #SlipwayCheckpoint, oldest
 *   first, as libvirt shows them; it changes with every read of the
 *   cluster (after an operation, or an event about its nodes)
 */
GListModel *
slipway_cluster_get_checkpoints (SlipwayCluster *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  return G_LIST_MODEL (self->checkpoints);
}

/**
 * slipway_cluster_find_checkpoint:
 *
 * Returns: (transfer none) (nullable): the checkpoint named @name
 */
SlipwayCheckpoint *
slipway_cluster_find_checkpoint (SlipwayCluster *self,
                                 const char     *name)
{
  guint n;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->checkpoints));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCheckpoint) checkpoint = g_list_model_get_item (G_LIST_MODEL (self->checkpoints), i);

      if (g_strcmp0 (slipway_checkpoint_get_name (checkpoint), name) == 0)
        return checkpoint;   /* the store holds it */
    }

  return NULL;
}

void
_slipway_cluster_apply_checkpoints (SlipwayCluster *self,
                                    GPtrArray      *checkpoints)
{
  GListModel *model = G_LIST_MODEL (self->checkpoints);
  guint n_nodes = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GPtrArray) fresh = NULL;
  gboolean same = n == checkpoints->len;

  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr(SlipwayCheckpoint) checkpoint = g_list_model_get_item (model, i);

      same = _slipway_checkpoint_matches (checkpoint, g_ptr_array_index (checkpoints, i), n_nodes);
    }
  if (same)
    return;

  fresh = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < checkpoints->len; i++)
    g_ptr_array_add (fresh, _slipway_checkpoint_new (g_ptr_array_index (checkpoints, i), n_nodes));
  g_list_store_splice (self->checkpoints, 0, n, fresh->pdata, fresh->len);
}

/* The baseline ----------------------------------------------------------------- */

static gboolean
every_node_ready (SlipwayCluster *self)
{
  GListModel *nodes = G_LIST_MODEL (self->nodes);
  guint n = g_list_model_get_n_items (nodes);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

      if (slipway_node_get_readiness (node) != SLIPWAY_READINESS_READY)
        return FALSE;
    }

  return n > 0;
}

static void
baseline_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SlipwayCluster *self = SLIPWAY_CLUSTER (object);
  g_autoptr(GError) error = NULL;

  self->taking_baseline = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Another program may have taken it at the same time: that one
       * counts. The cluster may also have changed under it (destroyed,
       * stopped, another operation): a runtime event, not a bug. */
      if (g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_EXISTS) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No baseline for cluster “%s”: %s", self->name, error->message);
      else
        g_message ("Could not take the baseline of cluster “%s”: %s", self->name, error->message);
      /* No second try by itself: the pause and resume of a failed save
       * are events, which would start the next one. */
      self->baseline_failed = TRUE;
    }
}

void
_slipway_cluster_maybe_take_baseline (SlipwayCluster *self)
{
  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));

  if (self->n_watches == 0 || self->taking_baseline || self->baseline_failed || self->operation != NULL ||
      self->connection == NULL || !self->known || self->spec == NULL || self->spec->no_baseline ||
      self->nvram ||
      self->state != SLIPWAY_CLUSTER_STATE_RUNNING)
    return;

  if (slipway_cluster_find_checkpoint (self, SLIPWAY_CHECKPOINT_BASELINE) != NULL ||
      !every_node_ready (self))
    return;

  self->taking_baseline = TRUE;
  _slipway_cluster_checkpoint_async (self, SLIPWAY_OPERATION_SAVE_CHECKPOINT,
                                     SLIPWAY_CHECKPOINT_BASELINE, NULL, TRUE, NULL, NULL,
                                     baseline_done_cb, NULL);
}

/* What an operation loses ------------------------------------------------------ */

static char *
join_targets (const char * const *targets)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; targets != NULL && targets[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "“%s”", targets[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
join_checkpoints (SlipwayCluster *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GListModel *model = G_LIST_MODEL (self->checkpoints);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCheckpoint) checkpoint = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "“%s”", slipway_checkpoint_get_name (checkpoint));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Whether every node @targets selects holds @checkpoint. */
static gboolean
targets_hold (SlipwayCluster     *self,
              SlipwayCheckpoint  *checkpoint,
              const char * const *targets)
{
  g_autoptr(GPtrArray) nodes = slipway_cluster_select (self, targets, NULL);

  if (checkpoint == NULL || nodes == NULL)
    return FALSE;

  for (guint i = 0; i < nodes->len; i++)
    if (!slipway_checkpoint_has_node (checkpoint, slipway_node_get_name (g_ptr_array_index (nodes, i))))
      return FALSE;

  return TRUE;
}

/**
 * slipway_cluster_dup_confirmation:
 * @kind: %SLIPWAY_OPERATION_RESET, %SLIPWAY_OPERATION_REBUILD,
 *   %SLIPWAY_OPERATION_RESTORE_CHECKPOINT or %SLIPWAY_OPERATION_DELETE_CHECKPOINT
 * @checkpoint: (nullable): restore and delete: the checkpoint, %NULL for
 *   the baseline
 * @targets: (nullable): node or role names, %NULL for every node
 *
 * Returns: (transfer full): what the operation loses, translated, for a
 *   confirmation: the window and slipwayctl both ask with these words
 */
char *
slipway_cluster_dup_confirmation (SlipwayCluster       *self,
                                  SlipwayOperationKind  kind,
                                  const char           *checkpoint,
                                  const char * const   *targets)
{
  g_autofree char *who = NULL;
  g_autofree char *checkpoints = NULL;
  gboolean all = targets == NULL || targets[0] == NULL;
  guint n_checkpoints;
  SlipwayCheckpoint *found;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);

  who = all ? g_strdup_printf (_("every node of cluster “%s”"), self->name) : join_targets (targets);
  checkpoints = join_checkpoints (self);
  n_checkpoints = g_list_model_get_n_items (G_LIST_MODEL (self->checkpoints));
  found = slipway_cluster_find_checkpoint (self, checkpoint != NULL ? checkpoint : SLIPWAY_CHECKPOINT_BASELINE);

  switch (kind)
    {
    case SLIPWAY_OPERATION_RESET:
      if (targets_hold (self, found, targets))
        /* Translators: %s is “every node of cluster “lab”” or a list of node names */
        return g_strdup_printf (_("Reset %s to the baseline? Everything done on them since it was taken is lost: files, running programs and their state."),
                                who);
      G_GNUC_FALLTHROUGH;

    case SLIPWAY_OPERATION_REBUILD:
      if (n_checkpoints == 0)
        /* Translators: %s is “every node of cluster “lab”” or a list of node names */
        return g_strdup_printf (_("Rebuild %s from the base image? Their disks are replaced by fresh ones and they boot for the first time: everything on them is lost."),
                                who);
      /* Translators: the first %s is “every node of cluster “lab”” or a list of node
       * names, the second a cluster name, the third a list of checkpoint names */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Rebuild %s from the base image? Their disks are replaced by fresh ones and they boot for the first time: everything on them is lost. The checkpoint of cluster “%s” (%s) no longer matches it and is deleted from every node.",
                                           "Rebuild %s from the base image? Their disks are replaced by fresh ones and they boot for the first time: everything on them is lost. All checkpoints of cluster “%s” (%s) no longer match it and are deleted from every node.",
                                           n_checkpoints),
                              who, self->name, checkpoints);

    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
      /* Translators: the first %s is “every node of cluster “lab”” or a list of node
       * names, the second a checkpoint name */
      return g_strdup_printf (_("Restore %s to checkpoint “%s”? Everything done on them since it was saved is lost: files, running programs and their state."),
                              who, checkpoint != NULL ? checkpoint : SLIPWAY_CHECKPOINT_BASELINE);

    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
      if (g_strcmp0 (checkpoint, SLIPWAY_CHECKPOINT_BASELINE) == 0 || checkpoint == NULL)
        /* Translators: %s is a cluster name */
        return g_strdup_printf (_("Delete the baseline of cluster “%s”? Reset then rebuilds the nodes from the base image, until a new baseline is taken."),
                                self->name);
      /* Translators: the first %s is a checkpoint name, the second a cluster name */
      return g_strdup_printf (_("Delete checkpoint “%s” of cluster “%s”? The nodes can no longer go back to it."),
                              checkpoint, self->name);

    case SLIPWAY_OPERATION_CREATE:
    case SLIPWAY_OPERATION_START:
    case SLIPWAY_OPERATION_STOP:
    case SLIPWAY_OPERATION_FORCE_OFF:
    case SLIPWAY_OPERATION_DESTROY:
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
    default:
      g_return_val_if_reached (NULL);
    }
}
