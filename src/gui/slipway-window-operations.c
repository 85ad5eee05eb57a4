/* slipway-window-operations.c: lifecycle operations started from the window
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-application.h"
#include "slipway-node-row.h"
#include "slipway-window-private.h"

/* Confirmations say what is lost; toasts say what happened; each operation
 * has its own cancellable and progress, and a cluster runs one at a time.
 * The calls into the core are run_operation_async() and
 * destroy_cluster_async(): through the SlipwayCluster of the connection's
 * model, whose SlipwayOperation feeds the bar. */

void
_slipway_window_operation_free (SlipwayWindowOperation *op)
{
  if (op->application != NULL)
    slipway_application_release_operation (SLIPWAY_APPLICATION (op->application), op->hold_id);
  g_clear_object (&op->application);
  g_clear_object (&op->self);
  g_free (op->cluster);
  g_clear_object (&op->cluster_model);
  g_free (op->target);
  g_clear_pointer (&op->nodes, g_ptr_array_unref);
  g_clear_object (&op->cancellable);
  if (op->model != NULL)
    g_signal_handlers_disconnect_by_data (op->model, op);
  g_clear_object (&op->model);
  g_free (op->step);
  g_free (op->checkpoint);
  g_free (op->description);
  g_free (op);
}

void
_slipway_window_operations_init (SlipwayWindow *self)
{
  /* The table borrows: an operation owns itself until its callback. */
  self->operations = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * _slipway_window_get_operation:
 * @cluster: (nullable): a cluster name
 *
 * Returns: (nullable) (transfer none): the operation running on @cluster
 */
SlipwayWindowOperation *
_slipway_window_get_operation (SlipwayWindow *self,
                               const char    *cluster)
{
  if (cluster == NULL || self->operations == NULL)
    return NULL;

  return g_hash_table_lookup (self->operations, cluster);
}

/* Destroy does not look at its cancellable: it always runs to the end, so
 * offering to cancel it would be a lie. */
gboolean
_slipway_window_can_cancel (SlipwayWindowOperation *op)
{
  /* Nor can a revert or a delete be undone halfway. */
  return op != NULL &&
         op->operation != SLIPWAY_OPERATION_DESTROY &&
         op->operation != SLIPWAY_OPERATION_RESTORE_CHECKPOINT &&
         op->operation != SLIPWAY_OPERATION_DELETE_CHECKPOINT &&
         !g_cancellable_is_cancelled (op->cancellable);
}

static char *
join_names (GPtrArray *names)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (s, i + 1 == names->len ? _(" and ") : _(", "));
      g_string_append (s, g_ptr_array_index (names, i));
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const char *
operation_activity (SlipwayOperationKind operation)
{
  switch (operation)
    {
    case SLIPWAY_OPERATION_START:     return _("Starting");
    case SLIPWAY_OPERATION_STOP:      return _("Shutting down");
    case SLIPWAY_OPERATION_FORCE_OFF: return _("Forcing off");
    case SLIPWAY_OPERATION_RESET:     return _("Resetting");
    case SLIPWAY_OPERATION_DESTROY:   return _("Destroying");
    case SLIPWAY_OPERATION_CREATE:    return _("Creating");
    case SLIPWAY_OPERATION_REBUILD:   return _("Rebuilding");
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:    return _("Saving a checkpoint");
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT: return _("Restoring");
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:  return _("Deleting a checkpoint");
    default:
      g_assert_not_reached ();
    }
}

/**
 * _slipway_window_operation_dup_title:
 *
 * Returns: what @op does, as a sentence fragment: "Resetting cluster lab"
 */
char *
_slipway_window_operation_dup_title (SlipwayWindowOperation *op)
{
  switch (op->operation)
    {
    /* Translators: %s is a cluster name */
    case SLIPWAY_OPERATION_START:     return g_strdup_printf (_("Starting cluster %s"), op->cluster);
    /* Translators: %s is a cluster name */
    case SLIPWAY_OPERATION_STOP:      return g_strdup_printf (_("Shutting down cluster %s"), op->cluster);
    /* Translators: %s is a cluster name */
    case SLIPWAY_OPERATION_FORCE_OFF: return g_strdup_printf (_("Forcing off cluster %s"), op->cluster);
    /* Translators: %s is a cluster name */
    case SLIPWAY_OPERATION_RESET:     return g_strdup_printf (_("Resetting cluster %s"), op->cluster);
    /* Translators: %s is a cluster name */
    case SLIPWAY_OPERATION_DESTROY:   return g_strdup_printf (_("Destroying cluster %s"), op->cluster);
    /* Translators: %s is a cluster name */
    case SLIPWAY_OPERATION_REBUILD:   return g_strdup_printf (_("Rebuilding cluster %s"), op->cluster);
    /* Translators: the first %s is a checkpoint name, the second a cluster name */
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:    return g_strdup_printf (_("Saving checkpoint “%s” of cluster %s"), op->checkpoint, op->cluster);
    /* Translators: the first %s is a cluster name, the second a checkpoint name */
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT: return g_strdup_printf (_("Restoring cluster %s to “%s”"), op->cluster, op->checkpoint);
    /* Translators: the first %s is a checkpoint name, the second a cluster name */
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:  return g_strdup_printf (_("Deleting checkpoint “%s” of cluster %s"), op->checkpoint, op->cluster);
    case SLIPWAY_OPERATION_CREATE:
    default:
      g_assert_not_reached ();
    }
}

/**
 * _slipway_window_operation_dup_consequence:
 *
 * Returns: what happens when @op is stopped now, for the confirmation
 *   shown before closing or quitting
 */
char *
_slipway_window_operation_dup_consequence (SlipwayWindowOperation *op)
{
  g_autofree char *names = join_names (op->nodes);

  switch (op->operation)
    {
    case SLIPWAY_OPERATION_START:
      /* Translators: %s is a list of node names, "worker0 and worker1" */
      return g_strdup_printf (_("It stops after the node it is starting: of %s, the nodes not "
                                "started yet stay off."), names);
    case SLIPWAY_OPERATION_STOP:
    case SLIPWAY_OPERATION_FORCE_OFF:
      /* Translators: %s is a list of node names */
      return g_strdup_printf (_("It stops after the node it is working on: of %s, the nodes not "
                                "reached yet keep running."), names);
    case SLIPWAY_OPERATION_RESET:
      /* Translators: %s is a list of node names */
      return g_strdup_printf (_("It stops after the node it is resetting: of %s, the nodes already "
                                "reset keep their fresh disks, the others keep what was written on "
                                "them."), names);
    case SLIPWAY_OPERATION_DESTROY:
      return g_strdup (_("Destroying cannot be stopped halfway: it finishes in the background "
                         "before Slipway quits."));
    case SLIPWAY_OPERATION_REBUILD:
      /* Translators: %s is a list of node names */
      return g_strdup_printf (_("It stops after the node it is rebuilding: of %s, the nodes already "
                                "rebuilt keep their fresh disks, the others keep what was written on "
                                "them."), names);
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
      return g_strdup (_("The checkpoint is not kept: what it saved on some nodes is deleted again."));
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
      return g_strdup (_("It cannot be stopped halfway: it finishes in the background before "
                         "Slipway quits."));
    case SLIPWAY_OPERATION_CREATE:
    default:
      g_assert_not_reached ();
    }
}

static char *
operation_done_message (SlipwayWindowOperation *op)
{
  g_autofree char *names = join_names (op->nodes);

  switch (op->operation)
    {
    /* Translators: %s is a node name or a list of them, "worker0 and worker1" */
    case SLIPWAY_OPERATION_START:     return g_strdup_printf (_("Started %s"), names);
    /* Translators: %s is a node name or a list of them */
    case SLIPWAY_OPERATION_STOP:      return g_strdup_printf (_("Shut down %s"), names);
    /* Translators: %s is a node name or a list of them */
    case SLIPWAY_OPERATION_FORCE_OFF: return g_strdup_printf (_("Forced off %s"), names);
    /* Translators: %s is a node name or a list of them */
    case SLIPWAY_OPERATION_RESET:     return g_strdup_printf (_("Reset %s: booting from a fresh disk"), names);
    /* Translators: %s is a cluster name */
    case SLIPWAY_OPERATION_DESTROY:   return g_strdup_printf (_("Destroyed %s"), op->cluster);
    /* Translators: %s is a node name or a list of them */
    case SLIPWAY_OPERATION_REBUILD:   return g_strdup_printf (_("Rebuilt %s: booting from a fresh disk"), names);
    /* Translators: %s is a checkpoint name */
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:    return g_strdup_printf (_("Saved checkpoint “%s”"), op->checkpoint);
    /* Translators: the first %s is a node name or a list of them, the second a checkpoint name */
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT: return g_strdup_printf (_("Restored %s to “%s”"), names, op->checkpoint);
    /* Translators: %s is a checkpoint name */
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:  return g_strdup_printf (_("Deleted checkpoint “%s”"), op->checkpoint);
    case SLIPWAY_OPERATION_CREATE:
    default:
      g_assert_not_reached ();
    }
}

static char *
operation_cancelled_message (SlipwayWindowOperation *op)
{
  g_autofree char *title = _slipway_window_operation_dup_title (op);

  /* Translators: %s is an operation, "Resetting cluster lab" */
  return g_strdup_printf (_("%s was cancelled"), title);
}

/* The bar under the header shows the operation of the cluster shown, if
 * any, with its own progress and a Cancel button. */
void
_slipway_window_update_operation_bar (SlipwayWindow *self)
{
  SlipwayWindowOperation *op = _slipway_window_get_operation (self, self->cluster);

  gtk_revealer_set_reveal_child (self->operation_bar, op != NULL);
  if (op == NULL)
    return;

  gtk_progress_bar_set_fraction (self->progress_bar, op->fraction);
  if (g_cancellable_is_cancelled (op->cancellable))
    {
      gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
    }
  else if (op->step != NULL)
    {
      gtk_progress_bar_set_text (self->progress_bar, op->step);
    }
  else
    {
      g_autofree char *title = _slipway_window_operation_dup_title (op);

      gtk_progress_bar_set_text (self->progress_bar, title);
    }
}

/* What the operation is about to do to its nodes, on their rows, until
 * the core's SlipwayNode:activity says what it does. */
static void
set_nodes_activity (SlipwayWindowOperation *op,
                    const char             *activity)
{
  SlipwayWindow *self = op->self;

  if (g_strcmp0 (op->cluster, self->cluster) != 0)
    return;

  for (guint i = 0; i < op->nodes->len; i++)
    {
      GtkWidget *row = slipway_window_find_node_row (self, g_ptr_array_index (op->nodes, i));

      if (row != NULL)
        slipway_node_row_set_pending (SLIPWAY_NODE_ROW (row), activity);
    }
}

SlipwayWindowOperation *
_slipway_window_begin_operation (SlipwayWindow    *self,
                 SlipwayOperationKind  operation,
                 const char       *target)
{
  SlipwayWindowOperation *op;

  if (self->model_cluster == NULL)
    return NULL;

  /* The actions are disabled while one runs; this is the guard behind them. */
  if ((op = _slipway_window_get_operation (self, self->cluster)) != NULL)
    {
      g_autofree char *title = _slipway_window_operation_dup_title (op);
      /* Translators: %s is an operation, "Resetting cluster lab" */
      g_autofree char *message = g_strdup_printf (_("%s: wait for it to finish, or cancel it"),
                                                  title);

      _slipway_window_toast (self, message, FALSE);
      return NULL;
    }

  op = g_new0 (SlipwayWindowOperation, 1);
  op->self = g_object_ref (self);
  op->operation = operation;
  op->cluster = g_strdup (self->cluster);
  op->cluster_model = g_object_ref (self->model_cluster);
  op->target = g_strdup (target);
  op->nodes = _slipway_window_select_nodes (self, target);
  op->cancellable = g_cancellable_new ();

  /* Held by the operation, not the window: closing the window does not
   * let the application quit under a destroy that cannot stop. */
  if (SLIPWAY_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    {
      g_autofree char *reason = _slipway_window_operation_dup_title (op);

      op->application = g_object_ref (gtk_window_get_application (GTK_WINDOW (self)));
      op->hold_id = slipway_application_hold_operation (SLIPWAY_APPLICATION (op->application),
                                                        GTK_WINDOW (self), reason);
    }

  g_hash_table_insert (self->operations, op->cluster, op);
  set_nodes_activity (op, operation_activity (operation));
  _slipway_window_update_operation_bar (self);
  _slipway_window_update_content_page (self);
  _slipway_window_actions_update (self);
  _slipway_window_notify_busy (self);

  return op;
}

void
_slipway_window_end_operation (SlipwayWindowOperation *op,
               gboolean                done,
               const GError           *error)
{
  SlipwayWindow *self = op->self;
  g_autofree char *message = done ? operation_done_message (op) : NULL;

  g_hash_table_remove (self->operations, op->cluster);
  if (op->application != NULL)
    {
      /* Told before the hold goes: the last one may let the application quit. */
      slipway_application_notify_operation_ended (SLIPWAY_APPLICATION (op->application),
                                                  GTK_WINDOW (self), self->uri, op->cluster,
                                                  op->operation, done ? NULL : error, message);
      slipway_application_release_operation (SLIPWAY_APPLICATION (op->application), op->hold_id);
      g_clear_object (&op->application);
    }

  if (self->closing)
    {
      _slipway_window_notify_busy (self);
      return;
    }

  set_nodes_activity (op, NULL);

  if (done)
    _slipway_window_toast (self, message, FALSE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *cancelled = operation_cancelled_message (op);

      _slipway_window_toast (self, cancelled, FALSE);
    }
  else if (error != NULL)
    {
      _slipway_window_toast (self, error->message, TRUE);
    }

  _slipway_window_update_operation_bar (self);
  _slipway_window_update_content_page (self);
  _slipway_window_actions_update (self);
  _slipway_window_notify_busy (self);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(SlipwayWindowOperation) op = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  done = slipway_cluster_run_finish (SLIPWAY_CLUSTER (object), result, &error);
  _slipway_window_end_operation (op, done, error);
}

/* SlipwayOperation:fraction and :step of the model's operation. */
static void
on_model_progress_cb (SlipwayOperation       *operation,
                      GParamSpec             *pspec,
                      SlipwayWindowOperation *op)
{
  SlipwayWindow *self = op->self;

  if (self->closing)
    return;

  op->fraction = slipway_operation_get_fraction (operation);
  g_free (op->step);
  op->step = g_strdup (slipway_operation_get_step (operation));

  if (g_strcmp0 (op->cluster, self->cluster) == 0)
    _slipway_window_update_operation_bar (self);
}

void
_slipway_window_follow_model (SlipwayWindowOperation *op)
{
  SlipwayOperation *operation = slipway_cluster_get_operation (op->cluster_model);

  /* NULL when refused (BUSY): the callback says so. */
  if (operation == NULL || slipway_operation_get_cluster (operation) != op->cluster_model)
    return;

  op->model = g_object_ref (operation);
  g_signal_connect (operation, "notify::fraction", G_CALLBACK (on_model_progress_cb), op);
  g_signal_connect (operation, "notify::step", G_CALLBACK (on_model_progress_cb), op);
}

static void
run_operation_async (SlipwayWindowOperation *op)
{
  const char *targets[] = { op->target, NULL };

  slipway_cluster_run_async (op->cluster_model, op->operation,
                             op->target[0] != '\0' ? targets : NULL,
                             op->cancellable, run_cb, op);
  _slipway_window_follow_model (op);
}

static void
destroy_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlipwayWindowOperation) op = user_data;
  g_autoptr(GError) error = NULL;
  SlipwayWindow *self = op->self;
  gboolean done;

  done = slipway_cluster_destroy_finish (SLIPWAY_CLUSTER (object), result, &error);
  if (done && !self->closing && g_strcmp0 (self->cluster, op->cluster) == 0)
    _slipway_window_close_cluster (self);
  _slipway_window_end_operation (op, done, error);
  if (!self->closing)
    _slipway_window_reload (self);
}

static void
destroy_cluster_async (SlipwayWindowOperation *op)
{
  slipway_cluster_destroy_async (op->cluster_model, SLIPWAY_DESTROY_FLAGS_NONE,
                                 op->cancellable, destroy_cb, op);
  _slipway_window_follow_model (op);
}

/**
 * _slipway_window_run:
 * @target: a node name, a role or "" for the whole open cluster
 *
 * Starts @operation on the open cluster, unless one runs there already.
 */
void
_slipway_window_run (SlipwayWindow    *self,
                     SlipwayOperationKind  operation,
                     const char       *target)
{
  SlipwayWindowOperation *op;

  g_assert (operation != SLIPWAY_OPERATION_CREATE &&
            operation != SLIPWAY_OPERATION_SAVE_CHECKPOINT &&
            operation != SLIPWAY_OPERATION_RESTORE_CHECKPOINT &&
            operation != SLIPWAY_OPERATION_DELETE_CHECKPOINT);

  op = _slipway_window_begin_operation (self, operation, target);
  if (op == NULL)
    return;

  if (operation == SLIPWAY_OPERATION_DESTROY)
    destroy_cluster_async (op);
  else
    run_operation_async (op);
}

/**
 * _slipway_window_cancel:
 * @cluster: a cluster name
 *
 * Cancels the operation running on @cluster: it stops at its next step,
 * and its callback says so.
 */
void
_slipway_window_cancel (SlipwayWindow *self,
                        const char    *cluster)
{
  SlipwayWindowOperation *op = _slipway_window_get_operation (self, cluster);

  if (!_slipway_window_can_cancel (op))
    return;

  g_cancellable_cancel (op->cancellable);
  _slipway_window_update_operation_bar (self);
  _slipway_window_actions_update (self);
}

/* ------------------------------------------------------------------------ */
/* Confirmations                                                            */

GtkWidget *
_slipway_window_new_confirmation (SlipwayWindow *self,
                                  const char    *heading,
                                  const char    *body,
                                  const char    *response,
                                  const char    *label)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  return dialog;
}

static const char *
role_title_for_target (const char *target)
{
  SlipwayRole role;

  if (slipway_role_from_string (target, &role))
    return slipway_role_get_title (role);

  return NULL;
}

static void
on_reset_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      SlipwayWindow    *self)
{
  if (g_str_equal (response, "reset") || g_str_equal (response, "rebuild"))
    _slipway_window_run (self,
                         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "kind")),
                         g_object_get_data (G_OBJECT (dialog), "target"));
}

/**
 * _slipway_window_confirm_reset:
 * @operation: %SLIPWAY_OPERATION_RESET (back to the baseline where there is
 *   one) or %SLIPWAY_OPERATION_REBUILD (fresh disks)
 * @target: a node name, a role or "" for the whole cluster
 *
 * Asks first, in the words slipwayctl uses: what is lost, and which
 * checkpoints go with it.
 */
void
_slipway_window_confirm_reset (SlipwayWindow        *self,
                               SlipwayOperationKind  operation,
                               const char           *target)
{
  g_autoptr(GPtrArray) nodes = _slipway_window_select_nodes (self, target);
  const char *targets[] = { target, NULL };
  const char *role_title = role_title_for_target (target);
  gboolean rebuild = operation == SLIPWAY_OPERATION_REBUILD;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_assert (operation == SLIPWAY_OPERATION_RESET || rebuild);

  if (self->model_cluster == NULL || nodes->len == 0)
    return;

  if (target[0] == '\0')
    /* Translators: %s is a cluster name */
    heading = g_strdup_printf (rebuild ? _("Rebuild %s?") : _("Reset %s?"), self->cluster);
  else if (role_title != NULL)
    /* Translators: %s is a role, "Workers" */
    heading = g_strdup_printf (rebuild ? _("Rebuild the %s?") : _("Reset the %s?"), role_title);
  else
    /* Translators: %s is a node name */
    heading = g_strdup_printf (rebuild ? _("Rebuild %s?") : _("Reset %s?"), target);

  body = slipway_cluster_dup_confirmation (self->model_cluster, operation, NULL,
                                           target[0] != '\0' ? targets : NULL);

  dialog = _slipway_window_new_confirmation (self, heading, body, rebuild ? "rebuild" : "reset",
                             rebuild ? _("Re_build") : _("_Reset"));
  g_object_set_data_full (G_OBJECT (dialog), "target", g_strdup (target), g_free);
  g_object_set_data (G_OBJECT (dialog), "kind", GUINT_TO_POINTER (operation));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_destroy_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        SlipwayWindow    *self)
{
  const char *cluster = g_object_get_data (G_OBJECT (dialog), "cluster");

  /* The cluster shown may have changed while the dialog was open. */
  if (g_str_equal (response, "destroy") && g_strcmp0 (cluster, self->cluster) == 0)
    _slipway_window_run (self, SLIPWAY_OPERATION_DESTROY, "");
}

void
_slipway_window_confirm_destroy (SlipwayWindow *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *network = NULL;
  GtkWidget *dialog;
  guint n;

  if (self->model_cluster == NULL)
    return;

  n = g_list_model_get_n_items (slipway_cluster_get_nodes (self->model_cluster));
  network = slipway_topology_network_name (self->cluster);
  /* Translators: %s is a cluster name */
  heading = g_strdup_printf (_("Destroy %s?"), self->cluster);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %1$s is a cluster name, %2$u a number of
                                        * nodes, %3$s a libvirt network name */
                                       "The virtual machine of %1$s, its disk, its seed image and the network %3$s are deleted, with everything written on the node. The base image and the cluster’s SSH key stay.",
                                       "The %2$u virtual machines of %1$s, their disks and seed images, and the network %3$s are deleted, with everything written on the nodes. The base image and the cluster’s SSH key stay.",
                                       n),
                          self->cluster, n, network);

  dialog = _slipway_window_new_confirmation (self, heading, body, "destroy", _("_Destroy"));
  g_object_set_data_full (G_OBJECT (dialog), "cluster", g_strdup (self->cluster), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_destroy_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Closing in the middle of an operation                                    */

/**
 * slipway_window_dup_busy_reason:
 *
 * Returns: (nullable): what runs, "Resetting cluster lab", for the session
 *   inhibitor and the quit confirmation; %NULL when nothing does
 */
char *
slipway_window_dup_busy_reason (SlipwayWindow *self)
{
  g_autoptr(GString) reason = NULL;
  g_autoptr(GList) ops = NULL;

  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), NULL);

  if (self->operations == NULL || g_hash_table_size (self->operations) == 0)
    return NULL;

  ops = g_hash_table_get_values (self->operations);
  reason = g_string_new (NULL);
  for (const GList *l = ops; l != NULL; l = l->next)
    {
      g_autofree char *title = _slipway_window_operation_dup_title (l->data);

      if (reason->len > 0)
        g_string_append (reason, _(", "));
      g_string_append (reason, title);
    }

  return g_string_free (g_steal_pointer (&reason), FALSE);
}

/**
 * slipway_window_dup_stop_consequence:
 *
 * Returns: (nullable): what stopping every operation of @self now does, one
 *   paragraph per operation; %NULL when nothing runs
 */
char *
slipway_window_dup_stop_consequence (SlipwayWindow *self)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GList) ops = NULL;

  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), NULL);

  if (self->operations == NULL || g_hash_table_size (self->operations) == 0)
    return NULL;

  ops = g_hash_table_get_values (self->operations);
  text = g_string_new (NULL);
  for (const GList *l = ops; l != NULL; l = l->next)
    {
      g_autofree char *title = _slipway_window_operation_dup_title (l->data);
      g_autofree char *consequence = _slipway_window_operation_dup_consequence (l->data);

      if (text->len > 0)
        g_string_append (text, "\n\n");
      /* Translators: %1$s is an operation, "Resetting cluster lab"; %2$s says what
       * happens if it is stopped now */
      g_string_append_printf (text, _("%1$s is not finished. %2$s"), title, consequence);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * slipway_window_stop_operations:
 *
 * Cancels every operation of @self that can be cancelled. They end at their
 * next step; the application stays held until they have.
 */
void
slipway_window_stop_operations (SlipwayWindow *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (SLIPWAY_IS_WINDOW (self));

  g_hash_table_iter_init (&iter, self->operations);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (_slipway_window_can_cancel (value))
      g_cancellable_cancel (((SlipwayWindowOperation *)value)->cancellable);
}

static void
on_close_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      SlipwayWindow    *self)
{
  if (!g_str_equal (response, "close"))
    return;

  slipway_window_stop_operations (self);
  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

/* GtkWindow::close-request: ask first while an operation runs. */
gboolean
_slipway_window_close_request_cb (SlipwayWindow *self)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->closing || g_hash_table_size (self->operations) == 0)
    return FALSE;

  body = slipway_window_dup_stop_consequence (self);
  dialog = _slipway_window_new_confirmation (self, _("Stop and Close?"), body, "close", _("_Stop and Close"));
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep Working"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}
