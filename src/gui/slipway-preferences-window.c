/* slipway-preferences-window.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-preferences-window.h"

/* The schema id stays the same for the .Devel flavour, so both share settings. */
#define SETTINGS_SCHEMA_ID "io.github.slipway.Slipway"

struct _SlipwayPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwEntryRow          *uri_row;
  AdwExpanderRow       *recent_row;
  GtkSwitch            *system_font_switch;
  GtkFontButton        *font_button;
  GtkSpinButton        *scrollback_spin;
  AdwPreferencesGroup  *gateway_group;
  AdwPreferencesGroup  *control_group;
  AdwPreferencesGroup  *worker_group;

  /* Owned references */
  GSettings            *settings;
  GPtrArray            *recent_rows;     /* the rows of recent_row */

  guint                 syncing_font : 1;
};

G_DEFINE_FINAL_TYPE (SlipwayPreferencesWindow, slipway_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* One row per resource of a role; the GSettings key is default-ROLE-SUFFIX. */
typedef struct
{
  const char *suffix;
  const char *title;
  const char *subtitle;
  double      step;
  double      page;
} ResourceRow;

static const ResourceRow resource_rows[] = {
  { "count", N_("Number of Nodes"), NULL, 1, 1 },
  { "vcpus", N_("Virtual CPUs"), N_("Per node"), 1, 2 },
  { "memory-mib", N_("Memory"), N_("MiB per node"), 256, 1024 },
  { "disk-gib", N_("Disk Size"), N_("GiB per node"), 1, 10 },
};

static const char * const roles[] = { "gateway", "control", "worker" };

SlipwayPreferencesWindow *
slipway_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SLIPWAY_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}

#define MAX_RECENT_URIS 8

/* @uri first in "recent-uris", once; the oldest go past MAX_RECENT_URIS.
 * Empty (the environment's default) is not a connection to remember. */
static void
remember_uri (GSettings  *settings,
              const char *uri)
{
  g_auto(GStrv) old = g_settings_get_strv (settings, "recent-uris");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  if (uri[0] == '\0')
    return;

  g_strv_builder_add (builder, uri);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_URIS; i++)
    if (g_strcmp0 (old[i], uri) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "recent-uris", (const char * const *)recent);
}

/* A libvirt URI needs a scheme ("qemu:///system", "test:///default",
 * "qemu+ssh://host/system"); empty means "use the environment". */
static gboolean
uri_is_acceptable (const char *uri)
{
  return uri[0] == '\0' || g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL);
}

static void
uri_row_changed_cb (SlipwayPreferencesWindow *self,
                    AdwEntryRow              *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (uri_is_acceptable (text))
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
uri_row_apply_cb (SlipwayPreferencesWindow *self,
                  AdwEntryRow              *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (!uri_is_acceptable (text))
    {
      g_autoptr(AdwToast) toast = NULL;

      /* Translators: %s is what the user typed as a libvirt connection URI */
      g_autofree char *message = g_strdup_printf (_("“%s” is not a connection URI"), text);

      toast = adw_toast_new (message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), g_steal_pointer (&toast));
      return;
    }

  g_settings_set_string (self->settings, "default-uri", text);
  remember_uri (self->settings, text);
}

static void
sync_uri (SlipwayPreferencesWindow *self)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "default-uri");

  gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri);
}

static void
recent_row_activated_cb (SlipwayPreferencesWindow *self,
                         AdwActionRow             *row)
{
  const char *uri = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  g_settings_set_string (self->settings, "default-uri", uri);
  remember_uri (self->settings, uri);
}

/* One activatable row per recent URI; none: the expander is hidden. */
static void
sync_recent (SlipwayPreferencesWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-uris");

  for (guint i = 0; i < self->recent_rows->len; i++)
    adw_expander_row_remove (self->recent_row, g_ptr_array_index (self->recent_rows, i));
  g_ptr_array_set_size (self->recent_rows, 0);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      /* A URI is plain text: "&" is common in one. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_name (row, "recent-uri");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), recent[i]);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (recent_row_activated_cb),
                               self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (self->recent_row, row);
      g_ptr_array_add (self->recent_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_row), recent[0] != NULL);
}

static void
sync_font (SlipwayPreferencesWindow *self)
{
  g_autofree char *font = g_settings_get_string (self->settings, "terminal-font");

  self->syncing_font = TRUE;
  gtk_switch_set_active (self->system_font_switch, font[0] == '\0');
  if (font[0] != '\0')
    gtk_font_chooser_set_font (GTK_FONT_CHOOSER (self->font_button), font);
  self->syncing_font = FALSE;
}

static void
settings_changed_cb (SlipwayPreferencesWindow *self,
                     const char               *key,
                     GSettings                *settings)
{
  if (g_strcmp0 (key, "terminal-font") == 0)
    sync_font (self);
  else if (g_strcmp0 (key, "default-uri") == 0)
    sync_uri (self);
  else if (g_strcmp0 (key, "recent-uris") == 0)
    sync_recent (self);
}

static void
system_font_switch_active_cb (SlipwayPreferencesWindow *self,
                              GParamSpec               *pspec,
                              GtkSwitch                *sw)
{
  g_autofree char *font = NULL;

  if (self->syncing_font)
    return;

  if (!gtk_switch_get_active (sw))
    font = gtk_font_chooser_get_font (GTK_FONT_CHOOSER (self->font_button));

  g_settings_set_string (self->settings, "terminal-font", font != NULL ? font : "");
}

static void
font_button_font_set_cb (SlipwayPreferencesWindow *self,
                         GtkFontButton            *button)
{
  g_autofree char *font = gtk_font_chooser_get_font (GTK_FONT_CHOOSER (button));

  if (font != NULL)
    g_settings_set_string (self->settings, "terminal-font", font);
}

static gboolean
monospace_filter (const PangoFontFamily *family,
                  const PangoFontFace   *face,
                  gpointer               user_data)
{
  return pango_font_family_is_monospace ((PangoFontFamily *)family);
}

static void
reset_cluster_defaults_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SlipwayPreferencesWindow *self = SLIPWAY_PREFERENCES_WINDOW (widget);

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (resource_rows); i++)
        {
          g_autofree char *key = g_strdup_printf ("default-%s-%s", roles[r], resource_rows[i].suffix);

          g_settings_reset (self->settings, key);
        }
    }
}

/* A spin button row for default-ROLE-SUFFIX, its range taken from the schema
 * so the two cannot disagree. */
static void
add_resource_row (SlipwayPreferencesWindow *self,
                  AdwPreferencesGroup      *group,
                  const char               *role,
                  const ResourceRow        *row_info)
{
  g_autofree char *key_name = g_strdup_printf ("default-%s-%s", role, row_info->suffix);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  const char *range_type = NULL;
  guint32 lower = 0;
  guint32 upper = G_MAXINT32;
  GtkWidget *row;
  GtkWidget *spin;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, key_name);
  range = g_settings_schema_key_get_range (key);
  g_variant_get (range, "(&sv)", &range_type, &limits);
  if (g_strcmp0 (range_type, "range") == 0)
    g_variant_get (limits, "(uu)", &lower, &upper);

  spin = gtk_spin_button_new_with_range (lower, upper, row_info->step);
  gtk_widget_set_name (spin, key_name);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_increments (GTK_SPIN_BUTTON (spin), row_info->step, row_info->page);
  g_settings_bind (self->settings, key_name, spin, "value", G_SETTINGS_BIND_DEFAULT);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(row_info->title));
  if (row_info->subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(row_info->subtitle));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);

  adw_preferences_group_add (group, row);
}

static void
slipway_preferences_window_dispose (GObject *object)
{
  SlipwayPreferencesWindow *self = SLIPWAY_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->recent_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (slipway_preferences_window_parent_class)->dispose (object);
}

static void
slipway_preferences_window_class_init (SlipwayPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slipway_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlipwayPreferencesWindow, uri_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayPreferencesWindow, recent_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayPreferencesWindow, system_font_switch);
  gtk_widget_class_bind_template_child (widget_class, SlipwayPreferencesWindow, font_button);
  gtk_widget_class_bind_template_child (widget_class, SlipwayPreferencesWindow, scrollback_spin);
  gtk_widget_class_bind_template_child (widget_class, SlipwayPreferencesWindow, gateway_group);
  gtk_widget_class_bind_template_child (widget_class, SlipwayPreferencesWindow, control_group);
  gtk_widget_class_bind_template_child (widget_class, SlipwayPreferencesWindow, worker_group);
  gtk_widget_class_bind_template_callback (widget_class, uri_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, uri_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, system_font_switch_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, font_button_font_set_cb);

  gtk_widget_class_install_action (widget_class, "prefs.reset-cluster-defaults", NULL,
                                   reset_cluster_defaults_action);
}

static void
slipway_preferences_window_init (SlipwayPreferencesWindow *self)
{
  AdwPreferencesGroup *groups[G_N_ELEMENTS (roles)];

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  self->recent_rows = g_ptr_array_new ();

  g_settings_bind (self->settings, "terminal-scrollback",
                   self->scrollback_spin, "value", G_SETTINGS_BIND_DEFAULT);
  gtk_font_chooser_set_filter_func (GTK_FONT_CHOOSER (self->font_button),
                                    monospace_filter, NULL, NULL);

  groups[0] = self->gateway_group;
  groups[1] = self->control_group;
  groups[2] = self->worker_group;
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    for (guint i = 0; i < G_N_ELEMENTS (resource_rows); i++)
      add_resource_row (self, groups[r], roles[r], &resource_rows[i]);

  sync_uri (self);
  sync_recent (self);
  sync_font (self);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
}
