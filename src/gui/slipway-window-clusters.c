/* slipway-window-clusters.c: the clusters on the connection and the open one
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-cluster-row.h"
#include "slipway-node-pane.h"
#include "slipway-node-row.h"

#include "slipway-serial-tab.h"
#include "slipway-ssh-tab.h"
#include "slipway-window-private.h"

/* Everything here reads the connection's model and applies it to the
 * window: its list of clusters is the sidebar's, and the open cluster's
 * nodes are its rows and terminals, which bind to them. libvirt's events
 * and the SSH probes (while the open cluster is watched) keep them live;
 * nothing here reads libvirt itself. */

static void clear_connection_lost (SlipwayWindow *self);

/* A node of the open cluster changed state: libvirt's events, the probes.
 * Its row, terminals and console follow it by themselves; the window's
 * content page and actions follow here. */
static void
on_node_changed_cb (SlipwayWindow *self,
                    GParamSpec    *pspec,
                    SlipwayNode   *node)
{
  if (self->closing)
    return;

  _slipway_window_update_content_page (self);
  _slipway_window_actions_update (self);
}

static void open_cluster (SlipwayWindow  *self,
                          SlipwayCluster *cluster);

/* The cluster was read again with other nodes: show those. */
static void
on_nodes_changed_cb (SlipwayWindow *self)
{
  g_autoptr(SlipwayCluster) cluster = NULL;

  if (self->closing || self->model_cluster == NULL)
    return;

  cluster = g_object_ref (self->model_cluster);
  _slipway_window_close_cluster (self);
  open_cluster (self, cluster);
}

static void
unbind_model_cluster (SlipwayWindow *self)
{
  GListModel *nodes;

  if (self->model_cluster == NULL)
    return;

  nodes = slipway_cluster_get_nodes (self->model_cluster);
  g_signal_handlers_disconnect_by_data (nodes, self);
  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

      g_signal_handlers_disconnect_by_data (node, self);
    }

  g_clear_object (&self->watch);
  g_clear_object (&self->model_cluster);
}

void
_slipway_window_close_cluster (SlipwayWindow *self)
{
  GtkWidget *child;

  unbind_model_cluster (self);

  for (guint i = 0; i < SLIPWAY_N_GROUPS; i++)
    if (self->groups[i] != NULL)
      slipway_terminal_group_remove_all (self->groups[i]);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->role_lists[r]))) != NULL)
      gtk_list_box_remove (self->role_lists[r], child);

  if (self->streams != NULL)
    g_hash_table_remove_all (self->streams);
  g_clear_pointer (&self->cluster, g_free);
  if (self->overview != NULL)
    slipway_cluster_overview_set_cluster (self->overview, NULL, NULL);

  adw_view_switcher_title_set_title (self->switcher_title, _("Slipway"));
  adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
  _slipway_window_update_content_page (self);
  _slipway_window_update_operation_bar (self);
  _slipway_window_actions_update (self);
}

/* Shows @cluster of the model: a row per node by role, a pane per node in
 * its role's group and in "All nodes", all bound to its SlipwayNodes. The
 * cluster is watched (libvirt's events, the SSH probes) while it is shown. */
static void
open_cluster (SlipwayWindow  *self,
              SlipwayCluster *cluster)
{
  GListModel *nodes = slipway_cluster_get_nodes (cluster);
  guint role_counts[SLIPWAY_N_ROLES] = { 0, };

  if (self->model_cluster == cluster)
    return;

  _slipway_window_close_cluster (self);

  self->model_cluster = g_object_ref (cluster);
  self->watch = slipway_cluster_watch (cluster);
  /* Another process's operation, or one the model runs by itself (the
   * baseline), greys out the actions until it ends. */
  g_signal_connect_object (cluster, "notify::lock-holder", G_CALLBACK (_slipway_window_actions_update),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cluster, "notify::operation", G_CALLBACK (_slipway_window_actions_update),
                           self, G_CONNECT_SWAPPED);
  self->cluster = g_strdup (slipway_cluster_get_name (cluster));
  g_settings_set_string (self->settings, "last-cluster", self->cluster);

  adw_view_switcher_title_set_title (self->switcher_title, self->cluster);
  adw_view_switcher_title_set_subtitle (self->switcher_title, self->uri);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);
      const char *name = slipway_node_get_name (node);
      SlipwayRole role = slipway_node_get_role (node);
      g_autoptr(SlipwayConsole) stream = NULL;
      SlipwayGroup groups[2] = { (SlipwayGroup)role, SLIPWAY_GROUP_ALL };

      /* The core's console of the node follows it by itself: it opens
       * when the node runs and again when a restore replaces its QEMU.
       * Held from the moment the cluster is shown, for every node and not
       * only for the tab in view, so that a terminal looked at later
       * replays the node's boot (the console keeps its start). Holding it
       * never takes the console from virsh console or slipwayctl console:
       * it opens without force, waits (BUSY) while another program has
       * it, and stays away after being taken with --force; only the
       * banner's Take Over, a person's decision, forces it. Those
       * programs, in turn, need --force while this window shows the
       * node, and say so. */
      stream = slipway_cluster_get_console (cluster, name);
      g_hash_table_insert (self->streams, g_strdup (name), g_object_ref (stream));
      gtk_list_box_append (self->role_lists[role], slipway_node_row_new (node));
      role_counts[role]++;

      /* A terminal has one parent: the node has a pane in its role's group
       * and another in "All nodes", both fed by the one console stream.
       * Only the first answers the guest's queries. */
      for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
        {
          GtkWidget *serial = slipway_serial_tab_new (node, stream, g == 0);
          GtkWidget *ssh = slipway_ssh_tab_new (self->cluster, node);
          GtkWidget *pane = slipway_node_pane_new (node, SLIPWAY_CONSOLE_TAB (serial),
                                                   SLIPWAY_CONSOLE_TAB (ssh));

          slipway_terminal_group_add_pane (self->groups[groups[g]], SLIPWAY_NODE_PANE (pane));
        }

      g_signal_connect_object (node, "notify::state", G_CALLBACK (on_node_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (node, "notify::readiness", G_CALLBACK (on_node_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (nodes, "items-changed", G_CALLBACK (on_nodes_changed_cb),
                           self, G_CONNECT_SWAPPED);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      gtk_widget_set_visible (self->role_labels[r], role_counts[r] > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->role_lists[r]), role_counts[r] > 0);
    }

  slipway_cluster_overview_set_cluster (self->overview, self->connection, cluster);
  adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->overview));

  if (self->connection_error != NULL)
    _slipway_window_set_rows_stale (self, TRUE);
  _slipway_window_update_content_page (self);
  _slipway_window_update_operation_bar (self);
  _slipway_window_actions_update (self);
}

/* ------------------------------------------------------------------------ */
/* The list of clusters: the connection's model                             */

static GtkWidget *
create_cluster_row (gpointer item,
                    gpointer user_data)
{
  SlipwayWindow *self = user_data;
  GtkWidget *row = slipway_cluster_row_new (SLIPWAY_CLUSTER (item));

  slipway_cluster_row_set_stale (SLIPWAY_CLUSTER_ROW (row), self->connection_error != NULL);

  return row;
}

static GtkListBoxRow *
find_cluster_row (SlipwayWindow  *self,
                  SlipwayCluster *cluster)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cluster_list));
       cluster != NULL && child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SLIPWAY_IS_CLUSTER_ROW (child) &&
        slipway_cluster_row_get_cluster (SLIPWAY_CLUSTER_ROW (child)) == cluster)
      return GTK_LIST_BOX_ROW (child);

  return NULL;
}

static void
select_cluster (SlipwayWindow  *self,
                SlipwayCluster *cluster)
{
  self->selecting = TRUE;
  gtk_list_box_select_row (self->cluster_list, find_cluster_row (self, cluster));
  self->selecting = FALSE;
}

/* Clusters came or went (libvirt's network events, a sync): the page
 * follows, and a cluster shown that is gone closes. */
static void
on_clusters_changed_cb (SlipwayWindow *self)
{
  GListModel *clusters;

  if (self->closing || self->loading || self->connection == NULL)
    return;

  clusters = slipway_connection_get_clusters (self->connection);
  if (self->model_cluster != NULL &&
      slipway_connection_find_cluster (self->connection, self->cluster) != self->model_cluster)
    _slipway_window_close_cluster (self);
  else if (self->model_cluster != NULL)
    select_cluster (self, self->model_cluster);

  if (gtk_stack_get_visible_child_name (self->stack) != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") != 0)
    gtk_stack_set_visible_child_name (self->stack,
                                      g_list_model_get_n_items (clusters) > 0 ? "clusters" : "empty");
}

void
_slipway_window_clusters_init (SlipwayWindow *self)
{
  GListModel *clusters = slipway_connection_get_clusters (self->connection);

  gtk_list_box_bind_model (self->cluster_list, clusters, create_cluster_row, self, NULL);
  g_signal_connect_object (clusters, "items-changed", G_CALLBACK (on_clusters_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

void
_slipway_window_cluster_row_selected (SlipwayWindow *self,
                                      GtkListBoxRow *row,
                                      GtkListBox    *list)
{
  SlipwayCluster *cluster;

  if (row == NULL || self->selecting)
    return;

  cluster = slipway_cluster_row_get_cluster (SLIPWAY_CLUSTER_ROW (row));
  open_cluster (self, cluster);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* The named cluster, or the one shown, or the only one, or the last one used. */
static SlipwayCluster *
find_wanted (SlipwayWindow *self)
{
  GListModel *clusters = slipway_connection_get_clusters (self->connection);
  g_autofree char *last = g_settings_get_string (self->settings, "last-cluster");
  SlipwayCluster *wanted = NULL;

  if (self->requested != NULL)
    {
      wanted = slipway_connection_find_cluster (self->connection, self->requested);
      if (wanted == NULL)
        {
          /* Translators: the first %s is a cluster name, the second a libvirt URI */
          g_autofree char *message = g_strdup_printf (_("There is no cluster “%s” on %s"),
                                                      self->requested, self->uri);
          _slipway_window_toast (self, message, TRUE);
        }
      g_clear_pointer (&self->requested, g_free);
    }
  if (wanted == NULL && self->cluster != NULL)
    wanted = slipway_connection_find_cluster (self->connection, self->cluster);
  if (wanted == NULL && g_list_model_get_n_items (clusters) == 1)
    {
      g_autoptr(SlipwayCluster) only = g_list_model_get_item (clusters, 0);

      wanted = only;
    }
  if (wanted == NULL && last[0] != '\0')
    wanted = slipway_connection_find_cluster (self->connection, last);

  return wanted;
}

static void
slipway_window_show_error (SlipwayWindow *self,
                           const GError  *error)
{
  /* The description is markup; the message is not. */
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  _slipway_window_close_cluster (self);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlipwayWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  SlipwayCluster *wanted;

  /* Cancelled by a newer reload, or by dispose: that one owns the state now. */
  if (!slipway_connection_sync_finish (SLIPWAY_CONNECTION (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _slipway_window_set_loading (self, FALSE);
  if (self->closing)
    return;

  if (error != NULL)
    {
      g_debug ("Reading the clusters on %s failed: %s", self->uri, error->message);
      /* With a cluster on screen, its last states stay, marked as not live. */
      if (self->model_cluster != NULL)
        _slipway_window_connection_failed (self, error);
      else
        slipway_window_show_error (self, error);
      return;
    }

  clear_connection_lost (self);
  wanted = find_wanted (self);
  if (wanted != NULL)
    {
      open_cluster (self, wanted);
      select_cluster (self, wanted);
    }
  else
    {
      _slipway_window_close_cluster (self);
    }

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (slipway_connection_get_clusters (self->connection)) > 0
                                    ? "clusters" : "empty");
}

void
_slipway_window_reload (SlipwayWindow *self)
{
  const char *page;

  g_assert (SLIPWAY_IS_WINDOW (self));

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();

  /* Keep a list on screen while it refreshes, rather than flashing a spinner. */
  page = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (page, "clusters") != 0 && g_strcmp0 (page, "empty") != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  _slipway_window_set_loading (self, TRUE);
  slipway_connection_sync_async (self->connection, self->list_cancellable,
                                 sync_cb, g_object_ref (self));
}

/**
 * slipway_window_open_cluster:
 * @cluster: a cluster name
 *
 * Shows @cluster once the list of clusters has it (reading it again now).
 */
void
slipway_window_open_cluster (SlipwayWindow *self,
                             const char    *cluster)
{
  g_return_if_fail (SLIPWAY_IS_WINDOW (self));
  g_return_if_fail (cluster != NULL);

  g_free (self->requested);
  self->requested = g_strdup (cluster);
  _slipway_window_reload (self);
}

/* The nodes @target names, "" being all of them. */
GPtrArray *
_slipway_window_select_nodes (SlipwayWindow *self,
                              const char    *target)
{
  const char *targets[] = { target, NULL };
  g_autoptr(GPtrArray) nodes = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  if (self->model_cluster == NULL)
    return names;

  nodes = slipway_cluster_select (self->model_cluster, target[0] != '\0' ? targets : NULL, NULL);
  for (guint i = 0; nodes != NULL && i < nodes->len; i++)
    g_ptr_array_add (names, g_strdup (slipway_node_get_name (g_ptr_array_index (nodes, i))));

  return names;
}


/* ------------------------------------------------------------------------ */
/* A lost connection                                                        */

void
_slipway_window_set_rows_stale (SlipwayWindow *self,
                                gboolean       stale)
{
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->role_lists[r]));
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (SLIPWAY_IS_NODE_ROW (child))
        slipway_node_row_set_stale (SLIPWAY_NODE_ROW (child), stale);
  slipway_topology_view_set_stale (slipway_cluster_overview_get_topology_view (self->overview), stale);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cluster_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SLIPWAY_IS_CLUSTER_ROW (child))
      slipway_cluster_row_set_stale (SLIPWAY_CLUSTER_ROW (child), stale);
}

/**
 * _slipway_window_connection_failed:
 * @error: why the state of the open cluster could not be read
 *
 * Says that libvirt no longer answers: a banner with a Reconnect button,
 * and rows that show "Unknown" rather than their last state. The
 * connection's own re-sync keeps trying; the first that works clears it.
 */
void
_slipway_window_connection_failed (SlipwayWindow *self,
                                   const GError  *error)
{
  g_assert (SLIPWAY_IS_WINDOW (self));
  g_assert (error != NULL);

  g_free (self->connection_error);
  self->connection_error = g_strdup (error->message);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->connection_label), error->message);
  gtk_revealer_set_reveal_child (self->connection_banner, TRUE);
  _slipway_window_set_rows_stale (self, TRUE);
  _slipway_window_actions_update (self);
  g_object_notify (G_OBJECT (self), "connection-lost");
}

static void
clear_connection_lost (SlipwayWindow *self)
{
  if (self->connection_error == NULL)
    return;

  g_clear_pointer (&self->connection_error, g_free);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->connection_label), NULL);
  gtk_revealer_set_reveal_child (self->connection_banner, FALSE);
  _slipway_window_set_rows_stale (self, FALSE);
  _slipway_window_actions_update (self);
  g_object_notify (G_OBJECT (self), "connection-lost");
}

/* The core reconnects on its next call when its connection is dead: read
 * the clusters again now, and bring the model back. */
void
_slipway_window_reconnect (SlipwayWindow *self)
{
  g_assert (SLIPWAY_IS_WINDOW (self));

  _slipway_window_reload (self);
}

/* SlipwayConnection:connected: libvirt went away under the model, or came
 * back. Before the first connection there is nothing lost to tell. */
void
_slipway_window_connected_changed_cb (SlipwayWindow *self)
{
  if (self->closing)
    return;

  if (slipway_connection_get_connected (self->connection))
    {
      self->was_connected = TRUE;
      clear_connection_lost (self);
    }
  else if (self->was_connected)
    {
      g_autoptr(GError) error = g_error_new_literal (SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                                                     _("The connection to libvirt was lost"));

      _slipway_window_connection_failed (self, error);
    }
}
