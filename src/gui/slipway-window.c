/* slipway-window.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-cluster-row.h"
#include "slipway-node-item.h"
#include "slipway-node-pane.h"
#include "slipway-node-row.h"
#include "slipway-serial-stream.h"
#include "slipway-serial-tab.h"
#include "slipway-ssh-tab.h"
#include "slipway-terminal-group.h"
#include "slipway-window.h"
#include "slipway.h"

/* The schema id stays the same for the .Devel flavour, so both share settings. */
#define SETTINGS_SCHEMA_ID "io.github.slipway.Slipway"

/* How often the sidebar asks libvirt for the nodes' states, besides the
 * monitor's events and the end of every operation. Asynchronous and cheap. */
#define STATUS_POLL_SECONDS 3

struct _SlipwayWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkListBox           *cluster_list;
  AdwStatusPage        *error_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkWidget            *role_labels[SLIPWAY_N_ROLES];
  GtkListBox           *role_lists[SLIPWAY_N_ROLES];
  GtkWidget            *gateway_label;
  GtkWidget            *control_label;
  GtkWidget            *worker_label;
  GtkListBox           *gateway_list;
  GtkListBox           *control_list;
  GtkListBox           *worker_list;
  AdwViewSwitcherTitle *switcher_title;
  GtkProgressBar       *progress_bar;
  GtkStack             *content_stack;
  AdwStatusPage        *stopped_page;
  AdwViewStack         *view_stack;
  SlipwayTerminalGroup *groups[SLIPWAY_N_GROUPS];

  /* Owned references */
  SlipwayProvisioner   *provisioner;
  SlipwayMonitor       *monitor;
  GSettings            *settings;
  GCancellable         *list_cancellable;
  GCancellable         *status_cancellable;
  GCancellable         *ops_cancellable;
  GPtrArray            *clusters;      /* SlipwayClusterStatus*, from the last list */
  SlipwayTopology      *topology;      /* of the open cluster */
  GPtrArray            *items;         /* SlipwayNodeItem*, in id order */
  GHashTable           *streams;       /* node name → SlipwaySerialStream */
  char                 *uri;
  char                 *cluster;
  char                 *requested;     /* from the command line, until found */

  guint                 poll_source;
  guint                 n_operations;
  guint                 loading : 1;
  guint                 selecting : 1;
};

G_DEFINE_FINAL_TYPE (SlipwayWindow, slipway_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_URI,
  PROP_LOADING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void slipway_window_refresh_status (SlipwayWindow *self);
static void slipway_window_reload         (SlipwayWindow *self);

SlipwayWindow *
slipway_window_new (GtkApplication *application,
                    const char     *uri)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  return g_object_new (SLIPWAY_TYPE_WINDOW,
                       "application", application,
                       "uri", uri,
                       NULL);
}

/**
 * slipway_window_get_uri:
 * @self: a #SlipwayWindow
 *
 * Returns: the libvirt connection URI whose clusters @self shows
 */
const char *
slipway_window_get_uri (SlipwayWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), NULL);

  return self->uri;
}

/**
 * slipway_window_get_loading:
 * @self: a #SlipwayWindow
 *
 * Returns: %TRUE while the list of clusters is being read
 */
gboolean
slipway_window_get_loading (SlipwayWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), FALSE);

  return self->loading;
}

/**
 * slipway_window_get_busy:
 *
 * Returns: %TRUE while an operation started from the window runs
 */
gboolean
slipway_window_get_busy (SlipwayWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), FALSE);

  return self->n_operations > 0;
}

/**
 * slipway_window_get_cluster:
 *
 * Returns: (nullable): the name of the cluster shown
 */
const char *
slipway_window_get_cluster (SlipwayWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), NULL);

  return self->cluster;
}

SlipwayTerminalGroup *
slipway_window_get_group (SlipwayWindow *self,
                          SlipwayGroup   group)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), NULL);
  g_return_val_if_fail (group < SLIPWAY_N_GROUPS, NULL);

  return self->groups[group];
}

SlipwayGroup
slipway_window_get_visible_group (SlipwayWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), SLIPWAY_GROUP_ALL);

  child = adw_view_stack_get_visible_child (self->view_stack);
  for (guint i = 0; i < SLIPWAY_N_GROUPS; i++)
    if (child == GTK_WIDGET (self->groups[i]))
      return i;

  return SLIPWAY_GROUP_ALL;
}

/**
 * slipway_window_get_content_page:
 *
 * Returns: what the terminal area shows: "none" (no cluster chosen),
 *   "stopped" (every node is off) or "terminals"
 */
const char *
slipway_window_get_content_page (SlipwayWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

/**
 * slipway_window_find_node_row:
 *
 * Returns: (nullable) (transfer none): the sidebar row of @node
 */
GtkWidget *
slipway_window_find_node_row (SlipwayWindow *self,
                              const char    *node)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), NULL);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->role_lists[r]));
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (SLIPWAY_IS_NODE_ROW (child) &&
          g_strcmp0 (slipway_node_item_get_name (slipway_node_row_get_item (SLIPWAY_NODE_ROW (child))), node) == 0)
        return child;

  return NULL;
}

static void
slipway_window_set_loading (SlipwayWindow *self,
                            gboolean       loading)
{
  loading = !!loading;

  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
toast (SlipwayWindow *self,
       const char    *message,
       gboolean       is_error)
{
  AdwToast *t = adw_toast_new (message);

  /* Errors stay until read: they say what to do. */
  if (is_error)
    adw_toast_set_timeout (t, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static SlipwayNodeItem *
find_item (SlipwayWindow *self,
           const char    *name)
{
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      SlipwayNodeItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (slipway_node_item_get_name (item), name) == 0)
        return item;
    }

  return NULL;
}

/* ------------------------------------------------------------------------ */
/* The open cluster                                                         */

static void
update_content_page (SlipwayWindow *self)
{
  gboolean any_on = FALSE;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  guint n;

  if (self->cluster == NULL || self->items == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "none");
      return;
    }

  n = self->items->len;
  for (guint i = 0; i < n; i++)
    {
      SlipwayNodeItem *item = g_ptr_array_index (self->items, i);

      if (slipway_node_item_get_state (item) != SLIPWAY_NODE_STATE_STOPPED &&
          slipway_node_item_get_state (item) != SLIPWAY_NODE_STATE_MISSING)
        any_on = TRUE;
    }

  /* While an operation runs (a start, a reset) keep the terminals: they
   * show the boot. */
  if (n > 0 && !any_on && self->n_operations == 0)
    {
      /* Translators: %s is a cluster name */
      title = g_strdup_printf (_("%s Is Stopped"), self->cluster);
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Its node is shut down. Start it to see its serial console and SSH session here.",
                                                  "Its %u nodes are shut down. Start them to see their serial consoles and SSH sessions here.",
                                                  n),
                                     n);
      adw_status_page_set_title (self->stopped_page, title);
      adw_status_page_set_description (self->stopped_page, description);
      gtk_stack_set_visible_child_name (self->content_stack, "stopped");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->content_stack, "terminals");
    }
}

static void
on_monitor_node_changed_cb (SlipwayWindow  *self,
                            const char     *node,
                            int             readiness,
                            SlipwayMonitor *monitor)
{
  SlipwayNodeItem *item = find_item (self, node);

  if (item != NULL)
    slipway_node_item_set_readiness (item, readiness);

  /* Readiness changes as domains start and stop: read their states now. */
  slipway_window_refresh_status (self);
}

static void
apply_status (SlipwayWindow              *self,
              const SlipwayClusterStatus *status)
{
  SlipwayTopology *topology = status->topology;

  for (guint i = 0; topology != NULL && i < topology->nodes->len; i++)
    {
      SlipwayNodeInfo *info = g_ptr_array_index (topology->nodes, i);
      SlipwayNodeItem *item = find_item (self, info->name);
      SlipwaySerialStream *stream = g_hash_table_lookup (self->streams, info->name);

      if (item == NULL)
        continue;

      slipway_node_item_set_state (item, status->states[i]);
      if (self->monitor != NULL)
        slipway_node_item_set_readiness (item, slipway_monitor_get_readiness (self->monitor, info->name));
      if (stream != NULL)
        slipway_serial_stream_set_running (stream, status->states[i] == SLIPWAY_NODE_STATE_RUNNING);
    }

  update_content_page (self);
}

static gboolean
same_nodes (const SlipwayTopology *a,
            const SlipwayTopology *b)
{
  guint n = a != NULL ? a->nodes->len : 0;

  if (n != (b != NULL ? b->nodes->len : 0))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      SlipwayNodeInfo *x = g_ptr_array_index (a->nodes, i);
      SlipwayNodeInfo *y = g_ptr_array_index (b->nodes, i);

      if (g_strcmp0 (x->name, y->name) != 0 || x->role != y->role)
        return FALSE;
    }

  return TRUE;
}

static void
close_cluster (SlipwayWindow *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->status_cancellable);
  g_clear_object (&self->status_cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      slipway_monitor_stop (self->monitor);
      g_clear_object (&self->monitor);
    }

  for (guint i = 0; i < SLIPWAY_N_GROUPS; i++)
    if (self->groups[i] != NULL)
      slipway_terminal_group_remove_all (self->groups[i]);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->role_lists[r]))) != NULL)
      gtk_list_box_remove (self->role_lists[r], child);

  if (self->streams != NULL)
    g_hash_table_remove_all (self->streams);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->topology, slipway_topology_free);
  g_clear_pointer (&self->cluster, g_free);

  adw_view_switcher_title_set_title (self->switcher_title, _("Slipway"));
  adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
  update_content_page (self);
}

static gboolean
poll_cb (gpointer data)
{
  slipway_window_refresh_status (data);

  return G_SOURCE_CONTINUE;
}

static void
open_cluster (SlipwayWindow              *self,
              const SlipwayClusterStatus *status)
{
  SlipwayTopology *topology = status->topology;
  guint role_counts[SLIPWAY_N_ROLES] = { 0, };

  if (self->cluster != NULL && g_strcmp0 (self->cluster, status->name) == 0 &&
      same_nodes (self->topology, status->topology))
    {
      apply_status (self, status);
      return;
    }

  close_cluster (self);

  self->cluster = g_strdup (status->name);
  /* The status is the caller's: keep a topology of our own. */
  self->topology = status->spec != NULL ? slipway_topology_new (status->spec, NULL) : NULL;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_settings_set_string (self->settings, "last-cluster", self->cluster);

  adw_view_switcher_title_set_title (self->switcher_title, self->cluster);
  adw_view_switcher_title_set_subtitle (self->switcher_title, self->uri);

  self->monitor = slipway_monitor_new (self->provisioner, self->cluster);
  g_signal_connect_object (self->monitor, "node-changed",
                           G_CALLBACK (on_monitor_node_changed_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; topology != NULL && i < topology->nodes->len; i++)
    {
      SlipwayNodeInfo *info = g_ptr_array_index (topology->nodes, i);
      g_autoptr(SlipwayNodeItem) item = slipway_node_item_new (self->cluster, info);
      g_autoptr(SlipwaySerialStream) stream = NULL;
      SlipwayGroup groups[2] = { (SlipwayGroup)info->role, SLIPWAY_GROUP_ALL };

      stream = slipway_serial_stream_new (self->provisioner, self->cluster, info->name);
      g_hash_table_insert (self->streams, g_strdup (info->name), g_object_ref (stream));
      g_ptr_array_add (self->items, g_object_ref (item));
      gtk_list_box_append (self->role_lists[info->role], slipway_node_row_new (item));
      role_counts[info->role]++;

      /* A terminal has one parent: the node has a pane in its role's group
       * and another in "All nodes", both fed by the one console stream.
       * Only the first answers the guest's queries. */
      for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
        {
          GtkWidget *serial = slipway_serial_tab_new (item, stream, g == 0);
          GtkWidget *ssh = slipway_ssh_tab_new (item);
          GtkWidget *pane = slipway_node_pane_new (item, SLIPWAY_CONSOLE_TAB (serial),
                                                   SLIPWAY_CONSOLE_TAB (ssh));

          slipway_terminal_group_add_pane (self->groups[groups[g]], SLIPWAY_NODE_PANE (pane));
        }
    }

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      gtk_widget_set_visible (self->role_labels[r], role_counts[r] > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->role_lists[r]), role_counts[r] > 0);
    }

  /* Open on the biggest role group with nodes, "All nodes" for mixed. */
  adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->groups[SLIPWAY_GROUP_ALL]));

  apply_status (self, status);
  slipway_monitor_start (self->monitor);
  self->poll_source = g_timeout_add_seconds (STATUS_POLL_SECONDS, poll_cb, self);
}

/* The cluster's row says how many nodes run: keep it true. */
static void
update_cluster_row (SlipwayWindow              *self,
                    const SlipwayClusterStatus *status)
{
  int index = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cluster_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child), index++)
    {
      g_autofree char *summary = NULL;
      GtkWidget *row;

      if (!SLIPWAY_IS_CLUSTER_ROW (child) ||
          g_strcmp0 (slipway_cluster_row_get_name (SLIPWAY_CLUSTER_ROW (child)), status->name) != 0)
        continue;

      summary = slipway_cluster_row_format_summary (status);
      if (g_strcmp0 (summary, adw_action_row_get_subtitle (ADW_ACTION_ROW (child))) == 0)
        return;

      self->selecting = TRUE;
      row = slipway_cluster_row_new (status);
      gtk_list_box_remove (self->cluster_list, child);
      gtk_list_box_insert (self->cluster_list, row, index);
      gtk_list_box_select_row (self->cluster_list, GTK_LIST_BOX_ROW (row));
      self->selecting = FALSE;
      return;
    }
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlipwayWindow) self = user_data;
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = slipway_provisioner_status_finish (SLIPWAY_PROVISIONER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->status_cancellable);

  if (status == NULL)
    {
      /* Gone (destroyed elsewhere) or the connection dropped: the list says which. */
      g_debug ("Reading the status of %s failed: %s", self->cluster, error->message);
      if (g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND))
        slipway_window_reload (self);
      return;
    }

  if (self->cluster != NULL && g_strcmp0 (status->name, self->cluster) == 0)
    {
      update_cluster_row (self, status);
      open_cluster (self, status);
    }
}

static void
slipway_window_refresh_status (SlipwayWindow *self)
{
  if (self->cluster == NULL || self->status_cancellable != NULL)
    return;

  self->status_cancellable = g_cancellable_new ();
  slipway_provisioner_status_async (self->provisioner, self->cluster, self->status_cancellable,
                                    status_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* The list of clusters                                                     */

static int
compare_clusters (gconstpointer a,
                  gconstpointer b)
{
  const SlipwayClusterStatus *status_a = *(SlipwayClusterStatus * const *)a;
  const SlipwayClusterStatus *status_b = *(SlipwayClusterStatus * const *)b;

  return g_utf8_collate (status_a->name, status_b->name);
}

static const SlipwayClusterStatus *
find_cluster (SlipwayWindow *self,
              const char    *name)
{
  for (guint i = 0; name != NULL && self->clusters != NULL && i < self->clusters->len; i++)
    {
      const SlipwayClusterStatus *status = g_ptr_array_index (self->clusters, i);

      if (g_strcmp0 (status->name, name) == 0)
        return status;
    }

  return NULL;
}

static void
on_cluster_list_row_selected_cb (SlipwayWindow *self,
                                 GtkListBoxRow *row,
                                 GtkListBox    *list)
{
  const SlipwayClusterStatus *status;

  if (row == NULL || self->selecting)
    return;

  status = find_cluster (self, slipway_cluster_row_get_name (SLIPWAY_CLUSTER_ROW (row)));
  if (status != NULL)
    {
      open_cluster (self, status);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
    }
}

static void
slipway_window_show_clusters (SlipwayWindow *self,
                              GPtrArray     *clusters)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-cluster");
  const SlipwayClusterStatus *wanted = NULL;
  GtkWidget *child;

  g_ptr_array_sort (clusters, compare_clusters);
  g_clear_pointer (&self->clusters, g_ptr_array_unref);
  self->clusters = g_ptr_array_ref (clusters);

  /* The named cluster, or the one shown, or the only one, or the last one used. */
  if (self->requested != NULL)
    {
      wanted = find_cluster (self, self->requested);
      if (wanted == NULL)
        {
          /* Translators: the first %s is a cluster name, the second a libvirt URI */
          g_autofree char *message = g_strdup_printf (_("There is no cluster “%s” on %s"),
                                                      self->requested, self->uri);
          toast (self, message, TRUE);
        }
      g_clear_pointer (&self->requested, g_free);
    }
  if (wanted == NULL)
    wanted = find_cluster (self, self->cluster);
  if (wanted == NULL && clusters->len == 1)
    wanted = g_ptr_array_index (clusters, 0);
  if (wanted == NULL)
    wanted = find_cluster (self, last);

  self->selecting = TRUE;

  /* GTK 4.8 has no gtk_list_box_remove_all() */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cluster_list))) != NULL)
    gtk_list_box_remove (self->cluster_list, child);

  for (guint i = 0; i < clusters->len; i++)
    {
      const SlipwayClusterStatus *status = g_ptr_array_index (clusters, i);
      GtkWidget *row = slipway_cluster_row_new (status);

      gtk_list_box_append (self->cluster_list, row);
      if (status == wanted)
        gtk_list_box_select_row (self->cluster_list, GTK_LIST_BOX_ROW (row));
    }

  self->selecting = FALSE;

  if (wanted != NULL)
    open_cluster (self, wanted);
  else
    close_cluster (self);

  gtk_stack_set_visible_child_name (self->stack, clusters->len > 0 ? "clusters" : "empty");
}

static void
slipway_window_show_error (SlipwayWindow *self,
                           const GError  *error)
{
  /* The description is markup; the message is not. */
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  close_cluster (self);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
slipway_window_list_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SlipwayWindow) self = user_data;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (SLIPWAY_IS_WINDOW (self));

  clusters = slipway_provisioner_list_finish (SLIPWAY_PROVISIONER (object), result, &error);

  /* Cancelled by a newer reload, or by dispose: that one owns the state now. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (clusters == NULL)
    {
      g_debug ("Listing clusters on %s failed: %s", self->uri, error->message);
      slipway_window_show_error (self, error);
    }
  else
    {
      slipway_window_show_clusters (self, clusters);
    }

  slipway_window_set_loading (self, FALSE);
}

static void
slipway_window_reload (SlipwayWindow *self)
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

  slipway_window_set_loading (self, TRUE);
  slipway_provisioner_list_async (self->provisioner,
                                  self->list_cancellable,
                                  slipway_window_list_cb,
                                  g_object_ref (self));
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
  slipway_window_reload (self);
}

/* ------------------------------------------------------------------------ */
/* Operations                                                               */

typedef struct
{
  SlipwayWindow    *self;
  SlipwayOperation  operation;
  char             *cluster;
  char             *target;
  GPtrArray        *nodes;    /* char *, the names the operation acts on */
} Operation;

static void
operation_free (Operation *op)
{
  g_clear_object (&op->self);
  g_free (op->cluster);
  g_free (op->target);
  g_clear_pointer (&op->nodes, g_ptr_array_unref);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Operation, operation_free)

static void
update_progress (SlipwayWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), self->n_operations > 0);
  if (self->n_operations == 0)
    gtk_progress_bar_set_fraction (self->progress_bar, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_progress_cb (SlipwayWindow      *self,
                SlipwayProgress    *progress,
                SlipwayProvisioner *provisioner)
{
  SlipwayNodeItem *item;

  if (g_strcmp0 (progress->cluster, self->cluster) != 0)
    return;

  gtk_progress_bar_set_fraction (self->progress_bar, progress->fraction);
  gtk_progress_bar_set_text (self->progress_bar, progress->step);

  if (progress->node != NULL && (item = find_item (self, progress->node)) != NULL)
    slipway_node_item_set_activity (item, progress->step);
}

/* The nodes @target names, "" being all of them. */
static GPtrArray *
select_nodes (SlipwayWindow *self,
              const char    *target)
{
  const char *targets[] = { target, NULL };
  g_autoptr(GPtrArray) infos = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  if (self->topology == NULL)
    return names;

  infos = slipway_topology_select (self->topology,
                                   target[0] != '\0' ? targets : NULL, NULL);
  for (guint i = 0; infos != NULL && i < infos->len; i++)
    g_ptr_array_add (names, g_strdup (((SlipwayNodeInfo *)g_ptr_array_index (infos, i))->name));

  return names;
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
operation_activity (SlipwayOperation operation)
{
  switch (operation)
    {
    case SLIPWAY_OPERATION_START:     return _("Starting");
    case SLIPWAY_OPERATION_STOP:      return _("Shutting down");
    case SLIPWAY_OPERATION_FORCE_OFF: return _("Forcing off");
    case SLIPWAY_OPERATION_RESET:     return _("Resetting");
    case SLIPWAY_OPERATION_DESTROY:   return _("Destroying");
    case SLIPWAY_OPERATION_CREATE:    return _("Creating");
    default:
      g_assert_not_reached ();
    }
}

static char *
operation_done_message (Operation *op)
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
    case SLIPWAY_OPERATION_CREATE:
    case SLIPWAY_OPERATION_DESTROY:
    default:
      g_assert_not_reached ();
    }
}

static void
finish_operation (Operation    *op,
                  const GError *error)
{
  SlipwayWindow *self = op->self;

  self->n_operations--;

  if (g_strcmp0 (op->cluster, self->cluster) == 0)
    for (guint i = 0; i < op->nodes->len; i++)
      {
        SlipwayNodeItem *item = find_item (self, g_ptr_array_index (op->nodes, i));

        if (item != NULL)
          slipway_node_item_set_activity (item, NULL);
      }

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message, TRUE);

  update_progress (self);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  SlipwayWindow *self = op->self;

  if (slipway_provisioner_run_finish (SLIPWAY_PROVISIONER (object), result, &error))
    {
      g_autofree char *message = operation_done_message (op);

      toast (self, message, FALSE);
    }

  finish_operation (op, error);
  slipway_window_refresh_status (self);
  update_content_page (self);
}

static void
run_operation (SlipwayWindow    *self,
               SlipwayOperation  operation,
               const char       *target)
{
  const char *targets[] = { target, NULL };
  Operation *op;

  if (self->cluster == NULL)
    return;

  op = g_new0 (Operation, 1);
  op->self = g_object_ref (self);
  op->operation = operation;
  op->cluster = g_strdup (self->cluster);
  op->target = g_strdup (target);
  op->nodes = select_nodes (self, target);

  for (guint i = 0; i < op->nodes->len; i++)
    {
      SlipwayNodeItem *item = find_item (self, g_ptr_array_index (op->nodes, i));

      if (item != NULL)
        slipway_node_item_set_activity (item, operation_activity (operation));
    }

  self->n_operations++;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  update_progress (self);
  update_content_page (self);

  slipway_provisioner_run_async (self->provisioner, operation, self->cluster,
                                 target[0] != '\0' ? targets : NULL,
                                 self->ops_cancellable, run_cb, op);
}

static void
lifecycle_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  SlipwayOperation operation;

  if (g_str_equal (action_name, "win.start"))
    operation = SLIPWAY_OPERATION_START;
  else if (g_str_equal (action_name, "win.shutdown"))
    operation = SLIPWAY_OPERATION_STOP;
  else
    operation = SLIPWAY_OPERATION_FORCE_OFF;

  run_operation (self, operation, target);
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
  if (g_str_equal (response, "reset"))
    run_operation (self, SLIPWAY_OPERATION_RESET, g_object_get_data (G_OBJECT (dialog), "target"));
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  g_autoptr(GPtrArray) nodes = select_nodes (self, target);
  g_autofree char *names = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *role_title = role_title_for_target (target);
  GtkWidget *dialog;

  if (self->cluster == NULL || nodes->len == 0)
    return;

  names = join_names (nodes);

  if (nodes->len == 1 && role_title == NULL && target[0] != '\0')
    {
      /* Translators: %s is a node name */
      heading = g_strdup_printf (_("Reset %s?"), names);
      /* Translators: every %s is the same node name */
      body = g_strdup_printf (_("Its disk is replaced by a fresh copy of the base image: everything "
                                "written on %s since it was created is lost. Its name, MAC and "
                                "address stay."), names);
    }
  else
    {
      if (target[0] == '\0')
        /* Translators: %s is a cluster name */
        heading = g_strdup_printf (_("Reset %s?"), self->cluster);
      else
        /* Translators: %s is a role, "Workers" */
        heading = g_strdup_printf (_("Reset the %s?"), role_title);
      /* Translators: %s is a list of node names, "worker0, worker1 and worker2" */
      body = g_strdup_printf (_("Their disks are replaced by fresh copies of the base image: "
                                "everything written on %s since they were created is lost. Their "
                                "names, MACs and addresses stay."), names);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reset", _("_Reset"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "target", g_strdup (target), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
destroy_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  SlipwayWindow *self = op->self;

  if (slipway_provisioner_destroy_finish (SLIPWAY_PROVISIONER (object), result, &error))
    {
      /* Translators: %s is a cluster name */
      g_autofree char *message = g_strdup_printf (_("Destroyed %s"), op->cluster);

      toast (self, message, FALSE);
      if (g_strcmp0 (self->cluster, op->cluster) == 0)
        close_cluster (self);
    }

  finish_operation (op, error);
  slipway_window_reload (self);
}

static void
on_destroy_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        SlipwayWindow    *self)
{
  Operation *op;

  if (!g_str_equal (response, "destroy") || self->cluster == NULL)
    return;

  op = g_new0 (Operation, 1);
  op->self = g_object_ref (self);
  op->operation = SLIPWAY_OPERATION_DESTROY;
  op->cluster = g_strdup (self->cluster);
  op->target = g_strdup ("");
  op->nodes = select_nodes (self, "");

  for (guint i = 0; i < op->nodes->len; i++)
    slipway_node_item_set_activity (find_item (self, g_ptr_array_index (op->nodes, i)),
                                    operation_activity (SLIPWAY_OPERATION_DESTROY));

  self->n_operations++;
  update_progress (self);
  slipway_provisioner_destroy_async (self->provisioner, self->cluster, SLIPWAY_DESTROY_FLAGS_NONE,
                                     self->ops_cancellable, destroy_cb, op);
}

static void
destroy_cluster_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *network = NULL;
  guint n;
  GtkWidget *dialog;

  if (self->cluster == NULL || self->items == NULL)
    return;

  n = self->items->len;
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

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "destroy", _("_Destroy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "destroy",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_destroy_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Navigation                                                               */

static void
slipway_window_reload_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  slipway_window_reload (SLIPWAY_WINDOW (widget));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_group_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  int group = g_variant_get_int32 (parameter);

  if (group < 0 || group >= SLIPWAY_N_GROUPS)
    return;

  adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->groups[group]));
  gtk_widget_child_focus (GTK_WIDGET (self->groups[group]), GTK_DIR_TAB_FORWARD);
}

static void
show_node_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  const char *node = g_variant_get_string (parameter, NULL);
  SlipwayNodeItem *item = find_item (self, node);
  SlipwayTerminalGroup *group;

  if (item == NULL)
    return;

  /* Stay in "All nodes" if the user is there; else the node's role. */
  group = slipway_window_get_visible_group (self) == SLIPWAY_GROUP_ALL
          ? self->groups[SLIPWAY_GROUP_ALL]
          : self->groups[slipway_node_item_get_role (item)];
  adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (group));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  slipway_terminal_group_show_node (group, node);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
slipway_window_constructed (GObject *object)
{
  SlipwayWindow *self = (SlipwayWindow *)object;

  G_OBJECT_CLASS (slipway_window_parent_class)->constructed (object);

  g_assert (self->uri != NULL);

  adw_window_title_set_subtitle (self->window_title, self->uri);
  self->provisioner = slipway_provisioner_new (self->uri);
  g_signal_connect_object (self->provisioner, "progress", G_CALLBACK (on_progress_cb), self,
                           G_CONNECT_SWAPPED);
  slipway_window_reload (self);
}

static void
slipway_window_dispose (GObject *object)
{
  SlipwayWindow *self = (SlipwayWindow *)object;

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_cancellable_cancel (self->ops_cancellable);
  g_clear_object (&self->ops_cancellable);
  if (self->role_lists[0] != NULL)
    close_cluster (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_WINDOW);
  memset (self->groups, 0, sizeof self->groups);
  memset (self->role_lists, 0, sizeof self->role_lists);
  g_clear_pointer (&self->streams, g_hash_table_unref);
  g_clear_pointer (&self->clusters, g_ptr_array_unref);
  g_clear_object (&self->provisioner);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (slipway_window_parent_class)->dispose (object);
}

static void
slipway_window_finalize (GObject *object)
{
  SlipwayWindow *self = (SlipwayWindow *)object;

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->cluster, g_free);
  g_clear_pointer (&self->requested, g_free);

  G_OBJECT_CLASS (slipway_window_parent_class)->finalize (object);
}

static void
slipway_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->n_operations > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_window_class_init (SlipwayWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = slipway_window_constructed;
  object_class->dispose = slipway_window_dispose;
  object_class->finalize = slipway_window_finalize;
  object_class->get_property = slipway_window_get_property;
  object_class->set_property = slipway_window_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, cluster_list);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, content);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, gateway_label);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, control_label);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, worker_label);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, gateway_list);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, control_list);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, worker_list);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, stopped_page);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_cluster_list_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, slipway_window_reload_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-group", "i", show_group_action);
  gtk_widget_class_install_action (widget_class, "win.show-node", "s", show_node_action);
  gtk_widget_class_install_action (widget_class, "win.start", "s", lifecycle_action);
  gtk_widget_class_install_action (widget_class, "win.shutdown", "s", lifecycle_action);
  gtk_widget_class_install_action (widget_class, "win.force-off", "s", lifecycle_action);
  gtk_widget_class_install_action (widget_class, "win.reset", "s", reset_action);
  gtk_widget_class_install_action (widget_class, "win.destroy-cluster", NULL, destroy_cluster_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-group", "i", 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-group", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-group", "i", 2);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-group", "i", 3);

  g_type_ensure (SLIPWAY_TYPE_CLUSTER_ROW);
}

static void
slipway_window_init (SlipwayWindow *self)
{
  static const struct { const char *target, *name, *icon; } groups[SLIPWAY_N_GROUPS] = {
    { "gateway", "gateway", "network-server-symbolic" },
    { "control", "control", "emblem-system-symbolic" },
    { "worker", "worker", "system-run-symbolic" },
    { "", "all", "view-grid-symbolic" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->role_labels[SLIPWAY_ROLE_GATEWAY] = self->gateway_label;
  self->role_labels[SLIPWAY_ROLE_CONTROL] = self->control_label;
  self->role_labels[SLIPWAY_ROLE_WORKER] = self->worker_label;
  self->role_lists[SLIPWAY_ROLE_GATEWAY] = self->gateway_list;
  self->role_lists[SLIPWAY_ROLE_CONTROL] = self->control_list;
  self->role_lists[SLIPWAY_ROLE_WORKER] = self->worker_list;

  for (guint i = 0; i < SLIPWAY_N_GROUPS; i++)
    {
      const char *title = i < SLIPWAY_N_ROLES ? slipway_role_get_title (i)
                                              : C_("group", "All nodes");
      GtkWidget *group = slipway_terminal_group_new (groups[i].target, title);
      AdwViewStackPage *page = adw_view_stack_add_titled (self->view_stack, group, groups[i].name, title);

      adw_view_stack_page_set_icon_name (page, groups[i].icon);
      self->groups[i] = SLIPWAY_TERMINAL_GROUP (group);
    }

  self->streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->ops_cancellable = g_cancellable_new ();
  update_content_page (self);

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}
