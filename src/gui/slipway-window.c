/* slipway-window.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-cluster-row.h"
#include "slipway-window.h"
#include "slipway.h"

/* The schema id stays the same for the .Devel flavour, so both share settings. */
#define SETTINGS_SCHEMA_ID "io.github.slipway.Slipway"

struct _SlipwayWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkListBox           *cluster_list;
  AdwStatusPage        *error_page;

  /* Owned references */
  SlipwayProvisioner   *provisioner;
  GSettings            *settings;
  GCancellable         *list_cancellable;
  char                 *uri;

  guint                 loading : 1;
};

G_DEFINE_FINAL_TYPE (SlipwayWindow, slipway_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_URI,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static int
compare_clusters (gconstpointer a,
                  gconstpointer b)
{
  const SlipwayClusterStatus *status_a = *(SlipwayClusterStatus * const *)a;
  const SlipwayClusterStatus *status_b = *(SlipwayClusterStatus * const *)b;

  return g_utf8_collate (status_a->name, status_b->name);
}

static void
slipway_window_show_clusters (SlipwayWindow *self,
                              GPtrArray     *clusters)
{
  GtkWidget *child;

  /* GTK 4.8 has no gtk_list_box_remove_all() */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cluster_list))) != NULL)
    gtk_list_box_remove (self->cluster_list, child);

  g_ptr_array_sort (clusters, compare_clusters);

  for (guint i = 0; i < clusters->len; i++)
    {
      const SlipwayClusterStatus *status = g_ptr_array_index (clusters, i);

      gtk_list_box_append (self->cluster_list, slipway_cluster_row_new (status));
    }

  gtk_stack_set_visible_child_name (self->stack, clusters->len > 0 ? "clusters" : "empty");
}

static void
slipway_window_show_error (SlipwayWindow *self,
                           const GError  *error)
{
  /* The description is markup; the message is not. */
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

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

static void
slipway_window_reload_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  slipway_window_reload (SLIPWAY_WINDOW (widget));
}

static void
slipway_window_constructed (GObject *object)
{
  SlipwayWindow *self = (SlipwayWindow *)object;

  G_OBJECT_CLASS (slipway_window_parent_class)->constructed (object);

  g_assert (self->uri != NULL);

  adw_window_title_set_subtitle (self->window_title, self->uri);
  self->provisioner = slipway_provisioner_new (self->uri);
  slipway_window_reload (self);
}

static void
slipway_window_dispose (GObject *object)
{
  SlipwayWindow *self = (SlipwayWindow *)object;

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_WINDOW);
  g_clear_object (&self->provisioner);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (slipway_window_parent_class)->dispose (object);
}

static void
slipway_window_finalize (GObject *object)
{
  SlipwayWindow *self = (SlipwayWindow *)object;

  g_clear_pointer (&self->uri, g_free);

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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, cluster_list);
  gtk_widget_class_bind_template_child (widget_class, SlipwayWindow, error_page);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, slipway_window_reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload", NULL);

  g_type_ensure (SLIPWAY_TYPE_CLUSTER_ROW);
}

static void
slipway_window_init (SlipwayWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}
