/* test-preferences.c: Preferences, About, the primary menu and the default connection
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-application.h"
#include "slipway-preferences-window.h"
#include "slipway-window.h"

#define SCHEMA_ID       "io.github.slipway.Slipway"
#define TEST_URI        "test:///default"
#define UNREACHABLE_URI "qemu+unix:///system?socket=/nonexistent"

/* Keys that are state rather than preferences: the window keeps them itself. */
static const char * const state_keys[] = {
  "window-width", "window-height", "window-maximized", "last-cluster", NULL
};

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GSettingsSchema *
get_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GSettingsSchema *schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);

  g_assert_nonnull (schema);

  return schema;
}

/* Every preference in the schema has a widget, named after its key. */
static void
test_every_key_has_a_widget (void)
{
  g_autoptr(GSettingsSchema) schema = get_schema ();
  g_auto(GStrv) keys = g_settings_schema_list_keys (schema);
  SlipwayPreferencesWindow *prefs = slipway_preferences_window_new (NULL);
  guint n_preferences = 0;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (g_strv_contains (state_keys, keys[i]))
        continue;

      if (find_named (GTK_WIDGET (prefs), keys[i]) == NULL)
        g_error ("No widget in Preferences for the key “%s”", keys[i]);
      n_preferences++;
    }

  /* default-uri, terminal-font, terminal-scrollback, 4 resources × 3 roles. */
  g_assert_cmpuint (n_preferences, >=, 15);

  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* Spin buttons follow GSettings both ways, within the schema's range. */
static void
test_spin_buttons (void)
{
  g_autoptr(GSettingsSchema) schema = get_schema ();
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_auto(GStrv) keys = g_settings_schema_list_keys (schema);
  SlipwayPreferencesWindow *prefs = slipway_preferences_window_new (NULL);
  guint n_spins = 0;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, keys[i]);
      g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
      g_autoptr(GVariant) limits = NULL;
      const char *range_type;
      GtkWidget *widget = find_named (GTK_WIDGET (prefs), keys[i]);
      GtkSpinButton *spin;
      double lower, upper;
      double value;

      if (widget == NULL || !GTK_IS_SPIN_BUTTON (widget))
        continue;
      spin = GTK_SPIN_BUTTON (widget);
      n_spins++;

      g_variant_get (range, "(&sv)", &range_type, &limits);
      g_assert_cmpstr (range_type, ==, "range");
      if (g_variant_is_of_type (limits, G_VARIANT_TYPE ("(uu)")))
        {
          guint32 lo, hi;

          g_variant_get (limits, "(uu)", &lo, &hi);
          lower = lo;
          upper = hi;
        }
      else
        {
          gint32 lo, hi;

          g_variant_get (limits, "(ii)", &lo, &hi);
          lower = lo;
          upper = hi;
        }
      g_assert_cmpfloat (gtk_adjustment_get_lower (gtk_spin_button_get_adjustment (spin)), ==, lower);
      g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (spin)), ==, upper);

      /* GSettings → widget */
      value = MIN (lower + 3, upper);
      if (g_variant_type_equal (g_settings_schema_key_get_value_type (key), G_VARIANT_TYPE_UINT32))
        g_settings_set_uint (settings, keys[i], (guint) value);
      else
        g_settings_set_int (settings, keys[i], (int) value);
      drain ();
      g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, value);

      /* widget → GSettings */
      value = MIN (lower + 1, upper);
      gtk_spin_button_set_value (spin, value);
      drain ();
      {
        g_autoptr(GVariant) v = g_settings_get_value (settings, keys[i]);

        if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
          g_assert_cmpuint (g_variant_get_uint32 (v), ==, (guint) value);
        else
          g_assert_cmpint (g_variant_get_int32 (v), ==, (int) value);
      }

      g_settings_reset (settings, keys[i]);
    }

  g_assert_cmpuint (n_spins, ==, 13);   /* scrollback + 12 cluster defaults */

  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* The defaults of new clusters are DESIGN.md's topology. */
static void
test_cluster_defaults (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  static const struct { const char *key; guint value; } expected[] = {
    { "default-gateway-count", 1 }, { "default-gateway-vcpus", 2 },
    { "default-gateway-memory-mib", 2048 }, { "default-gateway-disk-gib", 20 },
    { "default-control-count", 3 }, { "default-control-vcpus", 2 },
    { "default-control-memory-mib", 2048 }, { "default-control-disk-gib", 20 },
    { "default-worker-count", 3 }, { "default-worker-vcpus", 4 },
    { "default-worker-memory-mib", 8192 }, { "default-worker-disk-gib", 20 },
  };
  SlipwayPreferencesWindow *prefs;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (g_settings_get_uint (settings, expected[i].key), ==, expected[i].value);

  /* "Reset to Defaults" puts them all back. */
  prefs = slipway_preferences_window_new (NULL);
  g_settings_set_uint (settings, "default-worker-count", 7);
  g_settings_set_uint (settings, "default-gateway-memory-mib", 512);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.reset-cluster-defaults", NULL));
  drain ();
  g_assert_cmpuint (g_settings_get_uint (settings, "default-worker-count"), ==, 3);
  g_assert_cmpuint (g_settings_get_uint (settings, "default-gateway-memory-mib"), ==, 2048);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (find_named (GTK_WIDGET (prefs),
                                                                               "default-worker-count"))),
                     ==, 3);

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_connection_uri (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  SlipwayPreferencesWindow *prefs = slipway_preferences_window_new (NULL);
  GtkWidget *row = find_named (GTK_WIDGET (prefs), "default-uri");

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  /* GSettings → row */
  g_settings_set_string (settings, "default-uri", "qemu:///session");
  drain ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "qemu:///session");

  /* Typing alone saves nothing; Apply does, trimmed. */
  gtk_editable_set_text (GTK_EDITABLE (row), " qemu+ssh://root@host/system ");
  g_assert_cmpstr (g_settings_get_string (settings, "default-uri"), ==, "qemu:///session");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "default-uri"), ==, "qemu+ssh://root@host/system");

  /* Not a URI: marked, not saved. */
  gtk_editable_set_text (GTK_EDITABLE (row), "not a uri");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "default-uri"), ==, "qemu+ssh://root@host/system");

  /* Empty goes back to the environment's default. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "default-uri"), ==, "");

  /* What was applied is a recent connection, newest first, once; choosing
   * one makes it the connection URI again. */
  {
    GtkWidget *recent = find_named (GTK_WIDGET (prefs), "recent-uris");
    const char *remote = "qemu+libssh://root@127.0.0.1:2222/system?keyfile=/k&sshauth=privkey";
    g_auto(GStrv) uris = NULL;
    GtkWidget *first;

    g_assert_true (ADW_IS_EXPANDER_ROW (recent));
    gtk_editable_set_text (GTK_EDITABLE (row), remote);
    g_signal_emit_by_name (row, "apply");
    drain ();
    uris = g_settings_get_strv (settings, "recent-uris");
    g_assert_cmpuint (g_strv_length (uris), ==, 2);
    g_assert_cmpstr (uris[0], ==, remote);
    g_assert_cmpstr (uris[1], ==, "qemu+ssh://root@host/system");
    g_assert_true (gtk_widget_get_visible (recent));

    first = find_named (recent, "recent-uri");
    g_assert_nonnull (first);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, remote);
    g_settings_set_string (settings, "default-uri", "");
    g_signal_emit_by_name (first, "activated");
    g_assert_cmpstr (g_settings_get_string (settings, "default-uri"), ==, remote);
  }

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (settings, "default-uri");
  g_settings_reset (settings, "recent-uris");
}

static void
test_terminal_font (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  SlipwayPreferencesWindow *prefs = slipway_preferences_window_new (NULL);
  GtkWidget *button = find_named (GTK_WIDGET (prefs), "terminal-font");
  GtkWidget *sw = find_named (GTK_WIDGET (prefs), "system-font");
  g_autofree char *font = NULL;

  g_assert_true (GTK_IS_FONT_BUTTON (button));
  g_assert_nonnull (sw);

  /* Empty: the system's monospace font, and the font button is off. */
  g_assert_cmpstr (g_settings_get_string (settings, "terminal-font"), ==, "");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  g_assert_false (gtk_widget_is_sensitive (button));

  /* GSettings → widgets */
  g_settings_set_string (settings, "terminal-font", "Monospace 13");
  drain ();
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));
  g_assert_true (gtk_widget_is_sensitive (button));
  font = gtk_font_chooser_get_font (GTK_FONT_CHOOSER (button));
  g_assert_cmpstr (font, ==, "Monospace 13");

  /* widgets → GSettings */
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  g_assert_cmpstr (g_settings_get_string (settings, "terminal-font"), ==, "");
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  g_assert_cmpstr (g_settings_get_string (settings, "terminal-font"), ==, "Monospace 13");
  gtk_font_chooser_set_font (GTK_FONT_CHOOSER (button), "Monospace Bold 9");
  g_signal_emit_by_name (button, "font-set");
  g_assert_cmpstr (g_settings_get_string (settings, "terminal-font"), ==, "Monospace Bold 9");

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (settings, "terminal-font");
}

static SlipwayApplication *
start_application (void)
{
  SlipwayApplication *app = slipway_application_new ();
  g_autoptr(GError) error = NULL;

  /* No D-Bus name: tests may run while a real Slipway is open. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  return app;
}

static void
stop_application (SlipwayApplication *app)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  drain ();
  g_object_unref (app);
}

static SlipwayWindow *
main_window (SlipwayApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (SLIPWAY_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

/* Without --connect: the preference, else $LIBVIRT_DEFAULT_URI. */
static void
test_default_uri (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  SlipwayApplication *app;

  g_setenv ("LIBVIRT_DEFAULT_URI", TEST_URI, TRUE);

  g_settings_set_string (settings, "default-uri", UNREACHABLE_URI);
  app = start_application ();
  g_application_activate (G_APPLICATION (app));
  g_assert_nonnull (main_window (app));
  g_assert_cmpstr (slipway_window_get_uri (main_window (app)), ==, UNREACHABLE_URI);
  stop_application (app);

  g_settings_reset (settings, "default-uri");
  app = start_application ();
  g_application_activate (G_APPLICATION (app));
  g_assert_cmpstr (slipway_window_get_uri (main_window (app)), ==, TEST_URI);
  stop_application (app);

  g_unsetenv ("LIBVIRT_DEFAULT_URI");
}

static void
test_preferences_and_about_actions (void)
{
  SlipwayApplication *app = start_application ();
  g_auto(GStrv) accels = NULL;
  SlipwayPreferencesWindow *prefs = NULL;
  AdwAboutWindow *about = NULL;

  slipway_application_open_uri (app, UNREACHABLE_URI);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  g_assert_cmpuint (g_strv_length (accels), ==, 1);
  g_assert_cmpstr (accels[0], ==, "<Control>comma");

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (SLIPWAY_IS_PREFERENCES_WINDOW (l->data))
      prefs = l->data;
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (main_window (app)));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (prefs)));
  gtk_window_destroy (GTK_WINDOW (prefs));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (ADW_IS_ABOUT_WINDOW (l->data))
      about = l->data;
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Slipway");
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://github.com/slipway/slipway");
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==, "https://github.com/slipway/slipway/issues");
  g_assert_nonnull (adw_about_window_get_developers (about));
  g_assert_nonnull (adw_about_window_get_developers (about)[0]);
  g_assert_cmpstr (adw_about_window_get_release_notes_version (about), ==, PACKAGE_VERSION);
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (about), "GTK "));
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (about), UNREACHABLE_URI));

  stop_application (app);
}

/* The primary menu reaches Preferences, the shortcuts and About. */
static void
test_primary_menu (void)
{
  SlipwayApplication *app = start_application ();
  GtkWidget *button;
  GMenuModel *menu;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  static const char * const expected[] = { "app.preferences", "win.show-help-overlay", "app.about" };

  slipway_application_open_uri (app, UNREACHABLE_URI);
  button = find_of_type (GTK_WIDGET (main_window (app)), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (button)));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);

  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);
      GMenuModel *items = section != NULL ? section : menu;

      for (int i = 0; i < g_menu_model_get_n_items (items); i++)
        {
          char *action = NULL;

          if (g_menu_model_get_item_attribute (items, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
            g_ptr_array_add (actions, action);
        }
      if (section == NULL)
        break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < actions->len; j++)
        found |= g_strcmp0 (actions->pdata[j], expected[i]) == 0;
      if (!found)
        g_error ("The primary menu has no item for %s", expected[i]);
    }

  stop_application (app);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/preferences/every-key-has-a-widget", test_every_key_has_a_widget);
  g_test_add_func ("/preferences/spin-buttons", test_spin_buttons);
  g_test_add_func ("/preferences/cluster-defaults", test_cluster_defaults);
  g_test_add_func ("/preferences/connection-uri", test_connection_uri);
  g_test_add_func ("/preferences/terminal-font", test_terminal_font);
  g_test_add_func ("/application/default-uri", test_default_uri);
  g_test_add_func ("/application/preferences-and-about", test_preferences_and_about_actions);
  g_test_add_func ("/application/primary-menu", test_primary_menu);

  return g_test_run ();
}
