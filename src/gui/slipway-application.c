/* slipway-application.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "slipway-application-private.h"
#include "slipway-window.h"
#include "slipway-wizard.h"
#include "slipway.h"

/* A session that ends, `kill`, Ctrl+C in the terminal that started us. */
static const int quit_signals[] = { SIGTERM, SIGINT, SIGHUP };

struct _SlipwayApplication
{
  AdwApplication  parent_instance;

  /* Operations running in any window: each holds the application and
   * inhibits logout and suspend, with what it does as the reason. */
  GHashTable     *operations;   /* hold id → inhibit cookie (0: not granted) */
  guint           last_hold_id;

  /* One model per libvirt URI, shared by every window and wizard. */
  GHashTable     *connections;  /* URI → SlipwayConnection */

  /* quit_signals: quit as the Quit action does, without asking */
  guint           signal_ids[G_N_ELEMENTS (quit_signals)];
};

G_DEFINE_FINAL_TYPE (SlipwayApplication, slipway_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  /* The window's connection: the wizard's new cluster shows up in the
   * window's list through the same model. */
  wizard = slipway_wizard_new_for_connection (GTK_WINDOW (window),
                                              slipway_window_get_connection (window));
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

/* Versions and the connection, for bug reports ("Troubleshooting" in About). */
char *
_slipway_application_dup_debug_info (GtkApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (app);
  GString *info = g_string_new (NULL);
  g_autofree char *libvirt_version = slipway_get_libvirt_version ();

  g_string_append_printf (info, "Slipway %s (%s)\n", PACKAGE_VERSION, APP_ID);
  g_string_append_printf (info, "GLib %u.%u.%u\n",
                          glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n",
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n",
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version ());
  if (libvirt_version != NULL)
    g_string_append_printf (info, "libvirt %s\n", libvirt_version);
  if (SLIPWAY_IS_WINDOW (window))
    g_string_append_printf (info, "URI %s\n", slipway_window_get_uri (SLIPWAY_WINDOW (window)));
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    g_string_append (info, "Flatpak\n");

  return g_string_free (info, FALSE);
}

/* Operations ------------------------------------------------------------------ */

/**
 * slipway_application_hold_operation:
 * @window: (nullable): the window the operation runs in
 * @reason: what runs, for people: "Resetting cluster lab"
 *
 * Keeps the application running, and asks the session not to log out or
 * suspend, until slipway_application_release_operation(): quitting in the
 * middle would leave a cluster half reset.
 *
 * Returns: an id for slipway_application_release_operation()
 */
guint
slipway_application_hold_operation (SlipwayApplication *self,
                                    GtkWindow          *window,
                                    const char         *reason)
{
  guint cookie = 0;
  guint id;

  g_return_val_if_fail (SLIPWAY_IS_APPLICATION (self), 0);
  g_return_val_if_fail (window == NULL || GTK_IS_WINDOW (window), 0);
  g_return_val_if_fail (reason != NULL, 0);

  g_application_hold (G_APPLICATION (self));
  if (g_application_get_is_registered (G_APPLICATION (self)))
    cookie = gtk_application_inhibit (GTK_APPLICATION (self), window,
                                      GTK_APPLICATION_INHIBIT_LOGOUT | GTK_APPLICATION_INHIBIT_SUSPEND,
                                      reason);

  id = ++self->last_hold_id;
  g_hash_table_insert (self->operations, GUINT_TO_POINTER (id), GUINT_TO_POINTER (cookie));
  if (g_hash_table_size (self->operations) == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  return id;
}

/**
 * slipway_application_release_operation:
 * @id: what slipway_application_hold_operation() returned
 */
void
slipway_application_release_operation (SlipwayApplication *self,
                                       guint               id)
{
  gpointer cookie;

  g_return_if_fail (SLIPWAY_IS_APPLICATION (self));

  if (!g_hash_table_steal_extended (self->operations, GUINT_TO_POINTER (id), NULL, &cookie))
    return;

  if (GPOINTER_TO_UINT (cookie) != 0)
    gtk_application_uninhibit (GTK_APPLICATION (self), GPOINTER_TO_UINT (cookie));
  g_application_release (G_APPLICATION (self));
  if (g_hash_table_size (self->operations) == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * slipway_application_get_busy:
 *
 * Returns: %TRUE while an operation holds the application
 */
gboolean
slipway_application_get_busy (SlipwayApplication *self)
{
  g_return_val_if_fail (SLIPWAY_IS_APPLICATION (self), FALSE);

  return g_hash_table_size (self->operations) > 0;
}

/* Whether @window, or a dialog over it, has the keyboard focus: the user
 * is looking at it, and its toast says what happened. */
static gboolean
window_is_focused (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (!gtk_window_is_active (toplevel))
        continue;

      for (GtkWindow *w = toplevel; w != NULL; w = gtk_window_get_transient_for (w))
        if (w == window)
          return TRUE;
    }

  return FALSE;
}

static char *
dup_ended_title (SlipwayOperationKind  kind,
                 const char           *cluster,
                 gboolean              failed)
{
  switch (kind)
    {
    case SLIPWAY_OPERATION_CREATE:
      /* Translators: %s is a cluster name; the title of a notification */
      return g_strdup_printf (failed ? _("Could not create cluster %s") : _("Cluster %s created"), cluster);
    case SLIPWAY_OPERATION_RESET:
      /* Translators: %s is a cluster name; the title of a notification */
      return g_strdup_printf (failed ? _("Could not reset cluster %s") : _("Cluster %s reset"), cluster);
    case SLIPWAY_OPERATION_REBUILD:
      /* Translators: %s is a cluster name; the title of a notification */
      return g_strdup_printf (failed ? _("Could not rebuild cluster %s") : _("Cluster %s rebuilt"), cluster);
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
      /* Translators: %s is a cluster name; the title of a notification */
      return g_strdup_printf (failed ? _("Could not restore cluster %s") : _("Cluster %s restored"), cluster);
    case SLIPWAY_OPERATION_DESTROY:
      /* Translators: %s is a cluster name; the title of a notification */
      return g_strdup_printf (failed ? _("Could not destroy cluster %s") : _("Cluster %s destroyed"), cluster);
    case SLIPWAY_OPERATION_START:
    case SLIPWAY_OPERATION_STOP:
    case SLIPWAY_OPERATION_FORCE_OFF:
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
    default:
      return NULL;
    }
}

/**
 * slipway_application_notify_operation_ended:
 * @window: the window the operation was started from
 * @uri: the libvirt connection URI of @cluster
 * @cluster: the cluster it ran on
 * @kind: what it did
 * @error: (nullable): why it failed; %NULL when it worked
 * @body: (nullable): what it did, when it worked: the toast's words
 *
 * When a long operation (create, reset, rebuild, restore, destroy) ends
 * while @window is not focused, says so in a notification whose action
 * shows the cluster again. A cancelled operation notifies no one: the
 * user asked for it. Without a session bus there is nobody to tell.
 *
 * Returns: %TRUE if a notification was sent
 */
gboolean
slipway_application_notify_operation_ended (SlipwayApplication   *self,
                                            GtkWindow            *window,
                                            const char           *uri,
                                            const char           *cluster,
                                            SlipwayOperationKind  kind,
                                            const GError         *error,
                                            const char           *body)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;
  gboolean failed = error != NULL;
  gboolean gone;

  g_return_val_if_fail (SLIPWAY_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (cluster != NULL, FALSE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      window_is_focused (window) ||
      g_application_get_dbus_connection (G_APPLICATION (self)) == NULL ||
      (title = dup_ended_title (kind, cluster, failed)) == NULL)
    return FALSE;

  notification = g_notification_new (title);
  if (failed)
    g_notification_set_body (notification, error->message);
  else if (body != NULL)
    g_notification_set_body (notification, body);
  g_notification_set_priority (notification, failed ? G_NOTIFICATION_PRIORITY_HIGH
                                                    : G_NOTIFICATION_PRIORITY_NORMAL);
  /* A destroyed cluster, or one whose create was rolled back, is not
   * there to show: the action brings back its window. */
  gone = (kind == SLIPWAY_OPERATION_DESTROY && !failed) || (kind == SLIPWAY_OPERATION_CREATE && failed);
  g_notification_set_default_action_and_target (notification, "app.show-cluster", "(ss)",
                                                uri, gone ? "" : cluster);

  /* One per cluster: the next operation's replaces it. */
  id = g_strdup_printf ("operation-%s-%s", uri, cluster);
  g_application_send_notification (G_APPLICATION (self), id, notification);

  return TRUE;
}

/**
 * slipway_application_get_connection:
 * @uri: a libvirt connection URI
 *
 * The one #SlipwayConnection of the application for @uri, made on first
 * use: every window and wizard on @uri shares its clusters and events.
 *
 * Returns: (transfer none): the connection to @uri
 */
SlipwayConnection *
slipway_application_get_connection (SlipwayApplication *self,
                                    const char         *uri)
{
  SlipwayConnection *connection;

  g_return_val_if_fail (SLIPWAY_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  connection = g_hash_table_lookup (self->connections, uri);
  if (connection == NULL)
    {
      connection = slipway_connection_new (uri);
      g_hash_table_insert (self->connections, g_strdup (uri), connection);
    }

  return connection;
}

/* On the heap: a worker that outlives the wait completes it late. */
typedef struct
{
  gboolean idle;
  gboolean over;
  gboolean abandoned;
  gboolean waited_for_nodes;  /* the limit was passed for paused nodes */
} ExitWait;

static void
exit_wait_idle_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ExitWait *wait = user_data;

  slipway_wait_idle_finish (result, NULL);
  if (wait->abandoned)
    g_free (wait);
  else
    wait->idle = TRUE;
}

static gboolean
exit_wait_over_cb (gpointer user_data)
{
  ExitWait *wait = user_data;

  /* Nodes that a checkpoint paused are resumed by the worker that paused
   * them: an exit before that leaves them paused. */
  if (slipway_worker_must_finish ())
    {
      g_debug ("Waiting for a checkpoint or restore to resume its nodes before exiting");
      wait->waited_for_nodes = TRUE;
      return G_SOURCE_CONTINUE;
    }
  /* Once they are resumed, that worker gets the time limit again to end. */
  if (wait->waited_for_nodes)
    {
      wait->waited_for_nodes = FALSE;
      return G_SOURCE_CONTINUE;
    }

  wait->over = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * slipway_application_drop_and_wait:
 * @self: (transfer full): the application, once g_application_run() returned
 * @timeout_seconds: how long to wait at most
 *
 * Destroys the windows left, drops the connections and @self, then
 * iterates the default main context until no worker thread of the core runs
 * any more: exit() tears down libxml2 while a worker may still be inside
 * libvirt. A worker that does not finish in time does not hang the exit,
 * unless slipway_worker_must_finish() says it holds nodes paused: that one
 * is waited for as long as it takes.
 *
 * Returns: %TRUE if no worker runs any more, %FALSE after @timeout_seconds
 */
gboolean
slipway_application_drop_and_wait (SlipwayApplication *self,
                                   guint               timeout_seconds)
{
  ExitWait *wait;
  GList *windows;
  guint timeout_id;
  gboolean idle;

  g_return_val_if_fail (SLIPWAY_IS_APPLICATION (self), FALSE);

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);
  /* Whatever still holds @self: the connections stop watching libvirt. */
  g_hash_table_remove_all (self->connections);
  g_object_unref (self);

  wait = g_new0 (ExitWait, 1);
  slipway_wait_idle_async (exit_wait_idle_cb, wait);
  timeout_id = g_timeout_add_seconds (timeout_seconds, exit_wait_over_cb, wait);

  while (!wait->idle && !wait->over)
    g_main_context_iteration (NULL, TRUE);

  idle = wait->idle;
  if (idle)
    {
      g_source_remove (timeout_id);
      g_free (wait);
    }
  else
    {
      g_debug ("Worker threads still ran after %u s; exiting anyway", timeout_seconds);
      wait->abandoned = TRUE;
    }

  return idle;
}

/* One of quit_signals: the windows go and the exit waits for the workers
 * as after Quit, so that no node is left paused in the middle of a
 * checkpoint. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  g_debug ("Quitting on a signal");
  g_application_quit (G_APPLICATION (user_data));

  return G_SOURCE_CONTINUE;
}

static void
slipway_application_startup (GApplication *app)
{
  SlipwayApplication *self = SLIPWAY_APPLICATION (app);

  G_APPLICATION_CLASS (slipway_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);

  _slipway_application_actions_init (self);

  for (guint i = 0; i < G_N_ELEMENTS (quit_signals); i++)
    self->signal_ids[i] = g_unix_signal_add (quit_signals[i], quit_on_signal_cb, self);
}

static void
slipway_application_shutdown (GApplication *app)
{
  SlipwayApplication *self = SLIPWAY_APPLICATION (app);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_ids); i++)
    g_clear_handle_id (&self->signal_ids[i], g_source_remove);

  G_APPLICATION_CLASS (slipway_application_parent_class)->shutdown (app);
}

static void
slipway_application_finalize (GObject *object)
{
  SlipwayApplication *self = (SlipwayApplication *)object;

  g_clear_pointer (&self->operations, g_hash_table_unref);
  g_clear_pointer (&self->connections, g_hash_table_unref);

  G_OBJECT_CLASS (slipway_application_parent_class)->finalize (object);
}

static void
slipway_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SlipwayApplication *self = SLIPWAY_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, slipway_application_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_application_class_init (SlipwayApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = slipway_application_finalize;
  object_class->get_property = slipway_application_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  app_class->startup = slipway_application_startup;
  app_class->shutdown = slipway_application_shutdown;
  app_class->activate = slipway_application_activate;
  app_class->command_line = slipway_application_command_line;
}

static void
slipway_application_init (SlipwayApplication *self)
{
  self->operations = g_hash_table_new (NULL, NULL);
  self->connections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Shows the Slipway clusters on a libvirt connection."));
}
