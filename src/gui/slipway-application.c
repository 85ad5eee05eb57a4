/* slipway-application.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-application.h"
#include "slipway-preferences-window.h"
#include "slipway-window.h"
#include "slipway-wizard.h"
#include "slipway.h"

struct _SlipwayApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SlipwayApplication, slipway_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "connect", 'c', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Show the clusters on the libvirt connection URI"), N_("URI") },
  { "new-cluster", 'n', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Open the New Cluster wizard"), NULL },
  { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, NULL,
    NULL, N_("[CLUSTER]") },
  { NULL }
};

SlipwayApplication *
slipway_application_new (void)
{
  return g_object_new (SLIPWAY_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/slipway/Slipway",
                       NULL);
}

/* The URI to open without --connect: the Preferences' default connection,
 * then $LIBVIRT_DEFAULT_URI (of the process that was started, which may not
 * be this one), then the core's default. */
static char *
slipway_application_dup_default_uri (const char *env)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.slipway.Slipway");
  g_autofree char *uri = g_settings_get_string (settings, "default-uri");

  if (uri[0] != '\0')
    return g_steal_pointer (&uri);

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return slipway_default_uri ();
}

/**
 * slipway_application_open_uri:
 * @self: a #SlipwayApplication
 * @uri: a libvirt connection URI
 *
 * Presents the window showing @uri, opening one if there is none yet.
 */
void
slipway_application_open_uri (SlipwayApplication *self,
                              const char         *uri)
{
  SlipwayWindow *window = NULL;

  g_return_if_fail (SLIPWAY_IS_APPLICATION (self));
  g_return_if_fail (uri != NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (SLIPWAY_IS_WINDOW (l->data) &&
          g_strcmp0 (slipway_window_get_uri (l->data), uri) == 0)
        {
          window = l->data;
          break;
        }
    }

  if (window == NULL)
    window = slipway_window_new (GTK_APPLICATION (self), uri);

  gtk_window_present (GTK_WINDOW (window));
}

static void
slipway_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *uri = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  uri = slipway_application_dup_default_uri (g_getenv ("LIBVIRT_DEFAULT_URI"));
  slipway_application_open_uri (SLIPWAY_APPLICATION (app), uri);
}

static int
slipway_application_command_line (GApplication            *app,
                                  GApplicationCommandLine *cmdline)
{
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autofree char *uri = NULL;
  g_autofree const char **clusters = NULL;

  /* --connect, else the default connection (see dup_default_uri). */
  if (g_variant_dict_lookup (options, "connect", "s", &uri))
    {
      if (uri[0] == '\0')
        {
          g_application_command_line_printerr (cmdline, "%s\n",
                                               _("The connection URI must not be empty"));
          return EXIT_FAILURE;
        }
    }
  else
    {
      const char *env = g_application_command_line_getenv (cmdline, "LIBVIRT_DEFAULT_URI");

      uri = slipway_application_dup_default_uri (env);
    }

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &clusters) &&
      g_strv_length ((char **)clusters) > 1)
    {
      g_application_command_line_printerr (cmdline, "%s\n", _("Name one cluster at most"));
      return EXIT_FAILURE;
    }

  slipway_application_open_uri (SLIPWAY_APPLICATION (app), uri);

  /* The named cluster; without one the window opens the only cluster
   * there is, or the last one used. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app));
       clusters != NULL && clusters[0] != NULL && l != NULL;
       l = l->next)
    if (SLIPWAY_IS_WINDOW (l->data) && g_strcmp0 (slipway_window_get_uri (l->data), uri) == 0)
      {
        slipway_window_open_cluster (l->data, clusters[0]);
        break;
      }

  if (g_variant_dict_contains (options, "new-cluster"))
    slipway_application_new_cluster (SLIPWAY_APPLICATION (app));

  return EXIT_SUCCESS;
}

/* New cluster and cluster files (the wizard) -------------------------------- */

/* The main window the wizard belongs to: the active one, or the one the
 * active dialog belongs to, or a new one on the default connection. */
static SlipwayWindow *
slipway_application_get_main_window (SlipwayApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *uri = NULL;

  if (SLIPWAY_IS_WINDOW (active))
    return SLIPWAY_WINDOW (active);
  if (active != NULL && SLIPWAY_IS_WINDOW (gtk_window_get_transient_for (active)))
    return SLIPWAY_WINDOW (gtk_window_get_transient_for (active));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SLIPWAY_IS_WINDOW (l->data))
      return l->data;

  uri = slipway_application_dup_default_uri (g_getenv ("LIBVIRT_DEFAULT_URI"));
  slipway_application_open_uri (self, uri);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SLIPWAY_IS_WINDOW (l->data))
      return l->data;

  g_return_val_if_reached (NULL);
}

/**
 * slipway_application_new_cluster:
 *
 * Opens the New Cluster wizard over the main window, for its connection.
 *
 * Returns: (transfer none): the wizard
 */
GtkWindow *
slipway_application_new_cluster (SlipwayApplication *self)
{
  SlipwayWindow *window;
  SlipwayWizard *wizard;

  g_return_val_if_fail (SLIPWAY_IS_APPLICATION (self), NULL);

  window = slipway_application_get_main_window (self);
  wizard = slipway_wizard_new (GTK_WINDOW (window), slipway_window_get_uri (window));
  gtk_window_present (GTK_WINDOW (wizard));

  return GTK_WINDOW (wizard);
}

/**
 * slipway_application_open_cluster_file:
 * @file: a cluster file, as slipwayctl reads it
 *
 * Opens the wizard filled in from @file, ready to create the cluster.
 *
 * Returns: (transfer none) (nullable): the wizard, or %NULL with @error set
 */
GtkWindow *
slipway_application_open_cluster_file (SlipwayApplication  *self,
                                       GFile               *file,
                                       GError             **error)
{
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  GtkWindow *wizard;

  g_return_val_if_fail (SLIPWAY_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  display = g_file_get_parse_name (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   /* Translators: %s is a file name or URI */
                   _("%s is not on this computer."), display);
      return NULL;
    }

  spec = slipway_spec_new_from_file (path, problems, error);
  if (spec == NULL)
    {
      if (error != NULL && *error == NULL)
        slipway_problems_to_error (problems, display, error);
      return NULL;
    }

  wizard = slipway_application_new_cluster (self);
  slipway_wizard_set_spec (SLIPWAY_WIZARD (wizard), spec);

  return wizard;
}

static void
slipway_application_new_cluster_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  slipway_application_new_cluster (SLIPWAY_APPLICATION (user_data));
}

static void
on_open_cluster_file_response_cb (GtkNativeDialog    *dialog,
                                  int                 response,
                                  SlipwayApplication *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (file != NULL && slipway_application_open_cluster_file (self, file, &error) == NULL)
    {
      GtkWidget *message = adw_message_dialog_new (gtk_native_dialog_get_transient_for (dialog),
                                                   _("The Cluster File Cannot Be Opened"),
                                                   error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (message));
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
slipway_application_open_cluster_file_action (GSimpleAction *action,
                                              GVariant      *parameter,
                                              gpointer       user_data)
{
  SlipwayApplication *self = SLIPWAY_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (filter, _("Cluster Files"));
  gtk_file_filter_add_pattern (filter, "*.conf");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  chooser = gtk_file_chooser_native_new (_("Open a Cluster File"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_cluster_file_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
slipway_application_quit_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
slipway_application_preferences_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  SlipwayPreferencesWindow *preferences;

  preferences = slipway_preferences_window_new (gtk_application_get_active_window (app));
  gtk_window_set_application (GTK_WINDOW (preferences), app);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* Versions and the connection, for bug reports ("Troubleshooting" in About). */
static char *
slipway_application_dup_debug_info (GtkApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (app);
  GString *info = g_string_new (NULL);
  unsigned long libvirt_version = 0;

  g_string_append_printf (info, "Slipway %s (%s)\n", PACKAGE_VERSION, APP_ID);
  g_string_append_printf (info, "GLib %u.%u.%u\n",
                          glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n",
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n",
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version ());
  if (virGetVersion (&libvirt_version, NULL, NULL) == 0)
    g_string_append_printf (info, "libvirt %lu.%lu.%lu\n", libvirt_version / 1000000,
                            libvirt_version / 1000 % 1000, libvirt_version % 1000);
  if (SLIPWAY_IS_WINDOW (window))
    g_string_append_printf (info, "URI %s\n", slipway_window_get_uri (SLIPWAY_WINDOW (window)));
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    g_string_append (info, "Flatpak\n");

  return g_string_free (info, FALSE);
}

static void
slipway_application_about_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Slipway Authors https://github.com/slipway/slipway", NULL };
  g_autofree char *debug_info = slipway_application_dup_debug_info (app);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Slipway"),
                        "application-icon", APP_ID,
                        "comments", _("Build a cluster of virtual machines for a Kubernetes lab, "
                                      "and reset it in one click"),
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Slipway Authors"),
                        "developers", developers,
                        "copyright", _("© 2026 The Slipway Authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/slipway/slipway",
                        "issue-url", "https://github.com/slipway/slipway/issues",
                        "debug-info", debug_info,
                        "debug-info-filename", "slipway-debug-info.txt",
                        "release-notes-version", "0.1.0",
                        /* Translators: this is markup; keep <p>, <ul> and <li> as they are */
                        "release-notes", _("<p>The first release of Slipway.</p>"
                                           "<ul>"
                                           "<li>Build a lab of virtual machines from a cluster file: "
                                           "gateways, control-plane nodes and workers, with fixed "
                                           "addresses and DNS names</li>"
                                           "<li>Start, stop, reset and destroy a cluster, from the "
                                           "application or with slipwayctl</li>"
                                           "<li>Preferences for the connection, the terminals and "
                                           "the resources of new clusters</li>"
                                           "</ul>"),
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_link (ADW_ABOUT_WINDOW (about), _("_Command-Line Tool"),
                             "https://github.com/slipway/slipway/blob/main/docs/slipwayctl.md");
  adw_about_window_add_link (ADW_ABOUT_WINDOW (about), _("C_luster File Format"),
                             "https://github.com/slipway/slipway/blob/main/docs/cluster-file.md");
  gtk_window_set_application (GTK_WINDOW (about), app);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", slipway_application_quit_action },
  { "about", slipway_application_about_action },
  { "preferences", slipway_application_preferences_action },
  { "new-cluster", slipway_application_new_cluster_action },
  { "open-cluster-file", slipway_application_open_cluster_file_action },
};

static void
slipway_application_startup (GApplication *app)
{
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (slipway_application_parent_class)->startup (app);

  /* Installs libvirt's GLib event loop, so that libvirt events reach us. */
  if (!gvir_init_object_check (NULL, NULL, &error))
    g_warning ("Could not initialise libvirt-gobject: %s", error->message);

  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-cluster",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.open-cluster-file",
                                         (const char *[]) { "<Control>o", NULL });
}

static void
slipway_application_class_init (SlipwayApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = slipway_application_startup;
  app_class->activate = slipway_application_activate;
  app_class->command_line = slipway_application_command_line;
}

static void
slipway_application_init (SlipwayApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Shows the Slipway clusters on a libvirt connection."));
}
