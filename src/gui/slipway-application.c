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
#include "slipway-window.h"
#include "slipway.h"

struct _SlipwayApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SlipwayApplication, slipway_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "connect", 'c', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Show the clusters on the libvirt connection URI"), N_("URI") },
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

  uri = slipway_default_uri ();
  slipway_application_open_uri (SLIPWAY_APPLICATION (app), uri);
}

static int
slipway_application_command_line (GApplication            *app,
                                  GApplicationCommandLine *cmdline)
{
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autofree char *uri = NULL;

  /* --connect, then the environment of the process that was started
   * (which may not be this one), then the core's default. */
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

      if (env != NULL && env[0] != '\0')
        uri = g_strdup (env);
      else
        uri = slipway_default_uri ();
    }

  slipway_application_open_uri (SLIPWAY_APPLICATION (app), uri);

  return EXIT_SUCCESS;
}

static void
slipway_application_quit_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
slipway_application_about_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Slipway"),
                         "application-icon", APP_ID,
                         "comments", _("Build a cluster of virtual machines for a Kubernetes lab, "
                                       "and reset it in one click"),
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Slipway Authors"),
                         "copyright", _("© 2026 The Slipway Authors"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/slipway/slipway",
                         "issue-url", "https://github.com/slipway/slipway/issues",
                         /* Translators: replace with your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", slipway_application_quit_action },
  { "about", slipway_application_about_action },
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
