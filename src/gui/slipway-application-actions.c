/* slipway-application-actions.c: the app.* actions
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-application-private.h"
#include "slipway-preferences-window.h"
#include "slipway-window.h"

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
on_quit_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     SlipwayApplication *self)
{
  GList *windows;

  if (!g_str_equal (response, "quit"))
    return;

  /* What can stop stops; the application quits once the last operation
   * has ended and released it (a destroy runs to its end). */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SLIPWAY_IS_WINDOW (l->data))
      slipway_window_stop_operations (l->data);

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);
}

/* Quitting in the middle of a reset leaves a cluster half reset: ask
 * first, and say what runs and what stopping it does. */
/* The action of the notification an operation sends when it ends: (URI,
 * cluster), the cluster "" when there is none to show any more. */
static void
slipway_application_show_cluster_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data)
{
  SlipwayApplication *self = SLIPWAY_APPLICATION (user_data);
  const char *uri;
  const char *cluster;

  g_variant_get (parameter, "(&s&s)", &uri, &cluster);
  slipway_application_open_uri (self, uri);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SLIPWAY_IS_WINDOW (l->data) && g_strcmp0 (slipway_window_get_uri (l->data), uri) == 0)
      {
        if (cluster[0] != '\0' && g_strcmp0 (slipway_window_get_cluster (l->data), cluster) != 0)
          slipway_window_open_cluster (l->data, cluster);
        break;
      }
}

static void
slipway_application_quit_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  SlipwayApplication *self = SLIPWAY_APPLICATION (user_data);
  g_autoptr(GString) body = NULL;
  GtkWidget *dialog;

  if (!slipway_application_get_busy (self))
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }

  body = g_string_new (NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      g_autofree char *consequence = NULL;

      if (!SLIPWAY_IS_WINDOW (l->data))
        continue;

      consequence = slipway_window_dup_stop_consequence (l->data);
      if (consequence == NULL)
        continue;
      if (body->len > 0)
        g_string_append (body, "\n\n");
      g_string_append (body, consequence);
    }
  if (body->len == 0)
    g_string_append (body, _("An operation whose window is closed is still running. Slipway "
                             "quits when it ends."));

  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   _("Stop and Quit?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Working"),
                                    "quit", _("_Stop and Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_quit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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

static void
slipway_application_about_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Slipway Authors https://github.com/slipway/slipway", NULL };
  g_autofree char *debug_info = _slipway_application_dup_debug_info (app);
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
  { "show-cluster", slipway_application_show_cluster_action, "(ss)" },
};

void
_slipway_application_actions_init (SlipwayApplication *self)
{
  GtkApplication *app = GTK_APPLICATION (self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (app, "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (app, "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (app, "app.new-cluster",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (app, "app.open-cluster-file",
                                         (const char *[]) { "<Control>o", NULL });
}
