/* slipway-wizard-create.c: creating the cluster, with a row per node
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-application.h"
#include "slipway-window.h"
#include "slipway-wizard-private.h"

/* Create runs in the core on the wizard's connection, from the checked
 * plan. The overall bar follows the cluster's SlipwayOperation, and each
 * node's bar its SlipwayNode:progress (0..1, never falls, 1 once the node
 * runs). Cancel (or closing the window) makes the core roll back what it
 * made. On success the main window opens the cluster. */

static GtkWidget *
progress_row_new (SlipwayWizard *self,
                  const char    *title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_progress_bar_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Waiting"));
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 120, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  g_object_set_data (G_OBJECT (row), "bar", bar);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("computer-symbolic"));
  adw_preferences_group_add (self->progress_nodes_group, row);

  return row;
}

/**
 * slipway_wizard_get_node_progress:
 *
 * Returns: (transfer none) (nullable): the progress row of @node while creating
 */
GtkWidget *
slipway_wizard_get_node_progress (SlipwayWizard *self,
                                  const char    *node)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), NULL);

  return g_hash_table_lookup (self->progress_rows, node);
}

static void
on_node_progress_cb (SlipwayNode   *node,
                     GParamSpec    *pspec,
                     SlipwayWizard *self)
{
  GtkWidget *row = g_hash_table_lookup (self->progress_rows, slipway_node_get_name (node));
  double progress = slipway_node_get_progress (node);
  const char *activity = slipway_node_get_activity (node);

  if (row == NULL)
    return;

  /* -1: the node is idle; its bar keeps what it showed. */
  if (progress >= 0)
    gtk_progress_bar_set_fraction (g_object_get_data (G_OBJECT (row), "bar"), progress);
  if (activity != NULL && activity[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), activity);
}

/* Nodes appear once the network is defined: each row follows its node. */
static void
on_nodes_changed_cb (GListModel    *nodes,
                     guint          position,
                     guint          removed,
                     guint          added,
                     SlipwayWizard *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);
      GtkWidget *row = g_hash_table_lookup (self->progress_rows, slipway_node_get_name (node));

      if (row == NULL || g_object_get_data (G_OBJECT (row), "node") == node)
        continue;

      g_object_set_data_full (G_OBJECT (row), "node", g_object_ref (node), g_object_unref);
      g_signal_connect_object (node, "notify::progress", G_CALLBACK (on_node_progress_cb), self, 0);
      g_signal_connect_object (node, "notify::activity", G_CALLBACK (on_node_progress_cb), self, 0);
      on_node_progress_cb (node, NULL, self);
    }
}

static void
on_operation_changed_cb (SlipwayOperation *operation,
                         GParamSpec       *pspec,
                         SlipwayWizard    *self)
{
  const char *step = slipway_operation_get_step (operation);

  if (!self->creating)
    return;

  gtk_progress_bar_set_fraction (self->progress_bar, slipway_operation_get_fraction (operation));
  if (step != NULL)
    gtk_label_set_text (self->progress_step, step);
}

static void
follow_cluster (SlipwayWizard  *self,
                SlipwayCluster *cluster)
{
  GListModel *nodes = slipway_cluster_get_nodes (cluster);
  SlipwayOperation *operation = slipway_cluster_get_operation (cluster);

  if (operation != NULL)
    {
      g_signal_connect_object (operation, "notify::fraction", G_CALLBACK (on_operation_changed_cb), self, 0);
      g_signal_connect_object (operation, "notify::step", G_CALLBACK (on_operation_changed_cb), self, 0);
    }
  g_signal_connect_object (nodes, "items-changed", G_CALLBACK (on_nodes_changed_cb), self, 0);
  on_nodes_changed_cb (nodes, 0, 0, g_list_model_get_n_items (nodes), self);
}

static void
open_in_main_window (SlipwayWizard *self,
                     const char    *cluster)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!SLIPWAY_IS_WINDOW (parent) && app != NULL)
    for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
      if (SLIPWAY_IS_WINDOW (l->data) &&
          g_strcmp0 (slipway_window_get_uri (l->data), self->uri) == 0)
        parent = l->data;

  if (SLIPWAY_IS_WINDOW (parent))
    {
      slipway_window_open_cluster (SLIPWAY_WINDOW (parent), cluster);
      gtk_window_present (parent);
    }
}

/* Create holds the application and inhibits logout, like the window's
 * operations; when it ends unseen, a notification says so. */
static void
hold_application (SlipwayWizard *self,
                  const char    *name)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *reason = NULL;

  if (!SLIPWAY_IS_APPLICATION (app))
    return;

  /* Translators: %s is a cluster name; why logging out waits */
  reason = g_strdup_printf (_("Creating cluster %s"), name);
  self->create_hold_app = g_object_ref (app);
  self->create_hold_id = slipway_application_hold_operation (SLIPWAY_APPLICATION (app),
                                                             GTK_WINDOW (self), reason);
}

static void
release_application (SlipwayWizard *self,
                     const char    *name,
                     const GError  *error)
{
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GtkApplication) app = g_steal_pointer (&self->create_hold_app);

  if (app == NULL)
    return;

  slipway_application_notify_operation_ended (SLIPWAY_APPLICATION (app),
                                              window != NULL ? window : GTK_WINDOW (self),
                                              self->uri, name, SLIPWAY_OPERATION_CREATE, error,
                                              _("Its nodes are booting."));
  slipway_application_release_operation (SLIPWAY_APPLICATION (app), self->create_hold_id);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(SlipwayCluster) cluster = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_steal_pointer (&self->creating_name);

  self->creating = FALSE;
  g_clear_object (&self->create_cancellable);

  cluster = slipway_connection_create_cluster_finish (SLIPWAY_CONNECTION (object), result, &error);
  release_application (self, name, error);
  if (cluster == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      gtk_label_set_text (self->progress_title, cancelled ? _("Stopped")
                                                          : _("The cluster could not be created"));
      gtk_label_set_text (self->progress_step, "");
      _slipway_wizard_show_message (self->progress_message, error->message, cancelled);
      _slipway_wizard_actions_update (self);
      if (self->close_after_create)
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  gtk_label_set_text (self->progress_title, _("Cluster created"));
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-cluster", name);

  _slipway_wizard_emit_created (self, name);
  open_in_main_window (self, name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
clear_progress_rows (SlipwayWizard *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->progress_rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    adw_preferences_group_remove (self->progress_nodes_group, value);
  g_hash_table_remove_all (self->progress_rows);
}

void
_slipway_wizard_create (SlipwayWizard *self)
{
  g_autoptr(SlipwayPlan) plan = NULL;
  const SlipwayTopology *topology;
  const SlipwaySpec *spec;
  SlipwayCluster *cluster;
  g_autofree char *title = NULL;

  /* It can create only when the check of this very spec is done. */
  if (!slipway_wizard_get_can_create (self) || self->plan == NULL)
    return;

  plan = g_object_ref (self->plan);
  spec = slipway_plan_get_spec (plan);
  topology = slipway_plan_get_topology (plan);

  clear_progress_rows (self);
  for (guint i = 0; topology != NULL && i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      g_hash_table_insert (self->progress_rows, g_strdup (node->name),
                           progress_row_new (self, node->name));
    }

  /* Translators: %s is a cluster name */
  title = g_strdup_printf (_("Creating “%s”"), spec->name);
  gtk_label_set_text (self->progress_title, title);
  gtk_label_set_text (self->progress_step, _("Starting"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  _slipway_wizard_hide_message (self->progress_message);

  g_free (self->creating_name);
  self->creating_name = g_strdup (spec->name);
  self->creating = TRUE;
  self->create_cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "progress");
  _slipway_wizard_actions_update (self);

  hold_application (self, spec->name);
  slipway_connection_create_cluster_async (self->connection, plan, self->create_cancellable,
                                           create_cb, g_object_ref (self));
  /* The cluster is in the model at once, with its operation. */
  cluster = slipway_connection_find_cluster (self->connection, spec->name);
  if (cluster != NULL)
    follow_cluster (self, cluster);
}

/* Stops a running create: the core rolls back what it made, then
 * create_cb says so. */
gboolean
_slipway_wizard_stop_create (SlipwayWizard *self)
{
  if (!self->creating)
    return FALSE;

  g_cancellable_cancel (self->create_cancellable);
  gtk_label_set_text (self->progress_step, _("Stopping and removing what was made…"));

  return TRUE;
}

void
_slipway_wizard_create_init (SlipwayWizard *self)
{
}
