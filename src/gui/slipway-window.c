/* slipway-window.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-application.h"
#include "slipway-cluster-row.h"
#include "slipway-node-row.h"
#include "slipway-window-private.h"

/* The schema id stays the same for the .Devel flavour, so both share settings. */
#define SETTINGS_SCHEMA_ID "io.github.slipway.Slipway"

G_DEFINE_FINAL_TYPE (SlipwayWindow, slipway_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_URI,
  PROP_CONNECTION,
  PROP_LOADING,
  PROP_BUSY,
  PROP_CONNECTION_LOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SlipwayWindow *
slipway_window_new (GtkApplication *application,
                    const char     *uri)
{
  SlipwayConnection *connection = NULL;

  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  if (SLIPWAY_IS_APPLICATION (application))
    connection = slipway_application_get_connection (SLIPWAY_APPLICATION (application), uri);

  return g_object_new (SLIPWAY_TYPE_WINDOW,
                       "application", application,
                       "uri", uri,
                       "connection", connection,
                       NULL);
}

/**
 * slipway_window_get_connection:
 * @self: a #SlipwayWindow
 *
 * Returns: (transfer none): the model of the connection @self shows: the
 *   application's for the URI, shared with its other windows and wizards
 */
SlipwayConnection *
slipway_window_get_connection (SlipwayWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), NULL);

  return self->connection;
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

  return self->operations != NULL && g_hash_table_size (self->operations) > 0;
}

/**
 * slipway_window_get_connection_lost:
 *
 * Returns: %TRUE while libvirt does not answer for the open cluster: the
 *   window says so and offers to reconnect
 */
gboolean
slipway_window_get_connection_lost (SlipwayWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), FALSE);

  return self->connection_error != NULL;
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
 * slipway_window_get_overview:
 *
 * Returns: (transfer none): the overview of the cluster shown, the first
 *   page next to the terminal groups
 */
SlipwayClusterOverview *
slipway_window_get_overview (SlipwayWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), NULL);

  return self->overview;
}

/**
 * slipway_window_get_content_page:
 *
 * Returns: what the terminal area shows: "none" (no cluster chosen),
 *   "stopped" (every node is off: the Overview, under a banner with a
 *   Start button) or "terminals"
 */
const char *
slipway_window_get_content_page (SlipwayWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WINDOW (self), NULL);

  if (gtk_revealer_get_reveal_child (self->stopped_banner))
    return "stopped";

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
          g_strcmp0 (slipway_node_get_name (slipway_node_row_get_node (SLIPWAY_NODE_ROW (child))), node) == 0)
        return child;

  return NULL;
}

void
_slipway_window_set_loading (SlipwayWindow *self,
                             gboolean       loading)
{
  loading = !!loading;

  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
_slipway_window_notify_busy (SlipwayWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_slipway_window_toast (SlipwayWindow *self,
                       const char    *message,
                       gboolean       is_error)
{
  AdwToast *t = adw_toast_new (message);

  /* Errors stay until read: they say what to do. */
  if (is_error)
    adw_toast_set_timeout (t, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* The node @name of the open cluster, in its model. */
SlipwayNode *
_slipway_window_find_node (SlipwayWindow *self,
                           const char    *name)
{
  if (self->model_cluster == NULL || name == NULL)
    return NULL;

  return slipway_cluster_find_node (self->model_cluster, name);
}

/* The window of @type (a dialog) open over this one, or NULL. */
GtkWindow *
_slipway_window_find_dialog (SlipwayWindow *self,
                             GType          type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_window_get_transient_for (window) == GTK_WINDOW (self))
        return window;
    }

  return NULL;
}

void
_slipway_window_update_content_page (SlipwayWindow *self)
{
  gboolean any_on = FALSE;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  GListModel *nodes;
  guint n;

  if (self->model_cluster == NULL)
    {
      gtk_revealer_set_reveal_child (self->stopped_banner, FALSE);
      gtk_stack_set_visible_child_name (self->content_stack, "none");
      return;
    }

  nodes = slipway_cluster_get_nodes (self->model_cluster);
  n = g_list_model_get_n_items (nodes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

      if (slipway_node_get_state (node) != SLIPWAY_NODE_STATE_STOPPED &&
          slipway_node_get_state (node) != SLIPWAY_NODE_STATE_MISSING)
        any_on = TRUE;
    }

  /* While an operation runs (a start, a reset) keep the terminals: they
   * show the boot. */
  if (n > 0 && !any_on && _slipway_window_get_operation (self, self->cluster) == NULL)
    {
      /* Translators: %s is a cluster name */
      title = g_strdup_printf (_("%s Is Stopped"), self->cluster);
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Its node is shut down. Start it to see its serial console and SSH session here.",
                                                  "Its %u nodes are shut down. Start them to see their serial consoles and SSH sessions here.",
                                                  n),
                                     n);
      gtk_label_set_text (self->stopped_title, title);
      gtk_label_set_text (self->stopped_description, description);
      /* Nothing to see in the terminals: the Overview shows what is there. */
      if (!gtk_revealer_get_reveal_child (self->stopped_banner))
        adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->overview));
      gtk_revealer_set_reveal_child (self->stopped_banner, TRUE);
    }
  else
    {
      gtk_revealer_set_reveal_child (self->stopped_banner, FALSE);
    }
  gtk_stack_set_visible_child_name (self->content_stack, "terminals");
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

  /* Without a SlipwayApplication (in tests), a model of our own. */
  if (self->connection == NULL)
    self->connection = slipway_connection_new (self->uri);
  g_return_if_fail (g_strcmp0 (slipway_connection_get_uri (self->connection), self->uri) == 0);
  g_signal_connect_object (self->connection, "notify::connected",
                           G_CALLBACK (_slipway_window_connected_changed_cb), self, G_CONNECT_SWAPPED);

  _slipway_window_clusters_init (self);
  _slipway_window_reload (self);
}

static void
slipway_window_dispose (GObject *object)
{
  SlipwayWindow *self = (SlipwayWindow *)object;

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);

  /* Closing was confirmed (or the application quits): what can stop
   * stops; operations end without the window, which they keep alive. */
  if (self->operations != NULL)
    slipway_window_stop_operations (self);
  if (self->role_lists[0] != NULL)
    _slipway_window_close_cluster (self);
  self->closing = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_WINDOW);
  memset (self->groups, 0, sizeof self->groups);
  self->overview = NULL;
  memset (self->role_lists, 0, sizeof self->role_lists);
  g_clear_pointer (&self->streams, g_hash_table_unref);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
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
  g_clear_pointer (&self->connection_error, g_free);
  g_clear_pointer (&self->operations, g_hash_table_unref);

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

    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, slipway_window_get_busy (self));
      break;

    case PROP_CONNECTION_LOST:
      g_value_set_boolean (value, slipway_window_get_connection_lost (self));
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

    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
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
  /**
   * SlipwayWindow:connection:
   *
   * The model of the connection to #SlipwayWindow:uri, the application's
   * (see slipway_application_get_connection()); %NULL for one of its own.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SLIPWAY_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONNECTION_LOST] =
    g_param_spec_boolean ("connection-lost", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
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
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, stopped_banner);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, stopped_title);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, stopped_description);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, connection_banner);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, operation_bar);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, _slipway_window_cluster_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, _slipway_window_close_request_cb);

  _slipway_window_class_actions_init (klass);
  _slipway_window_checkpoints_class_init (klass);
  _slipway_window_node_details_class_init (klass);

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

  /* The overview comes first: what a cluster shows before a terminal is chosen. */
  self->overview = SLIPWAY_CLUSTER_OVERVIEW (slipway_cluster_overview_new ());
  adw_view_stack_page_set_icon_name (adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->overview),
                                                                "overview", C_("view", "Overview")),
                                     "network-workgroup-symbolic");

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
  _slipway_window_operations_init (self);
  _slipway_window_update_content_page (self);
  _slipway_window_actions_update (self);

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}
