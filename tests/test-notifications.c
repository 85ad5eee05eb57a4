/* test-notifications.c: an operation that ends unseen says so; the session
 * is inhibited while it runs
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-wizard.h"
#include "window-test-utils.h"

/* Runs on a private session bus (meson wraps it in dbus-run-session). A
 * thread of this test owns org.freedesktop.Notifications (GLib's
 * "freedesktop" backend, GNOTIFICATION_BACKEND) and org.gnome.SessionManager
 * (GtkApplication's inhibitor) and records what the application asks of
 * them. Its own thread and main context: GTK calls Inhibit synchronously. */

typedef struct
{
  GMutex           lock;
  GMainContext    *context;
  GMainLoop       *loop;
  GThread         *thread;
  GDBusConnection *connection;
  GPtrArray       *notifies;     /* GVariant (susssasa{sv}i) */
  GPtrArray       *inhibits;     /* GVariant (susu) */
  GArray          *uninhibits;   /* guint cookies */
  guint            n_names;
  guint            last_id;
} FakeSession;

static FakeSession fake;

static const char fake_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "  <interface name='org.gnome.SessionManager'>"
  "    <method name='Inhibit'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='u' direction='in'/><arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='Uninhibit'><arg type='u' direction='in'/></method>"
  "    <method name='IsInhibited'><arg type='u' direction='in'/><arg type='b' direction='out'/></method>"
  "  </interface>"
  "</node>";

static void
fake_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  guint id;

  g_mutex_lock (&fake.lock);
  if (g_str_equal (method_name, "Notify"))
    {
      g_ptr_array_add (fake.notifies, g_variant_ref (parameters));
      id = ++fake.last_id;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", id));
    }
  else if (g_str_equal (method_name, "Inhibit"))
    {
      g_ptr_array_add (fake.inhibits, g_variant_ref (parameters));
      id = 100 + fake.inhibits->len;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", id));
    }
  else if (g_str_equal (method_name, "Uninhibit"))
    {
      g_variant_get (parameters, "(u)", &id);
      g_array_append_val (fake.uninhibits, id);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "IsInhibited"))
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", FALSE));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  g_mutex_unlock (&fake.lock);
}

static const GDBusInterfaceVTable fake_vtable = { fake_method_call, NULL, NULL, { 0 } };

static void
fake_name_acquired_cb (GDBusConnection *connection,
                       const char      *name,
                       gpointer         user_data)
{
  g_mutex_lock (&fake.lock);
  fake.n_names++;
  g_mutex_unlock (&fake.lock);
}

static void
fake_name_lost_cb (GDBusConnection *connection,
                   const char      *name,
                   gpointer         user_data)
{
  g_error ("The fake session could not own %s: is this a private session bus?", name);
}

static gpointer
fake_thread (gpointer data)
{
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  g_main_context_push_thread_default (fake.context);

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  fake.connection = g_dbus_connection_new_for_address_sync (address,
                                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                            NULL, NULL, &error);
  g_assert_no_error (error);

  info = g_dbus_node_info_new_for_xml (fake_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (fake.connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &fake_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (fake.connection, "/org/gnome/SessionManager",
                                     info->interfaces[1], &fake_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (fake.connection, "org.freedesktop.Notifications",
                                G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                fake_name_acquired_cb, fake_name_lost_cb, NULL, NULL);
  g_bus_own_name_on_connection (fake.connection, "org.gnome.SessionManager",
                                G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                fake_name_acquired_cb, fake_name_lost_cb, NULL, NULL);

  g_main_loop_run (fake.loop);
  g_main_context_pop_thread_default (fake.context);

  return NULL;
}

static gboolean
fake_is_ready (gpointer data)
{
  gboolean ready;

  g_mutex_lock (&fake.lock);
  ready = fake.n_names == 2;
  g_mutex_unlock (&fake.lock);

  return ready;
}

static void
fake_start (void)
{
  g_mutex_init (&fake.lock);
  fake.notifies = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  fake.inhibits = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  fake.uninhibits = g_array_new (FALSE, FALSE, sizeof (guint));
  fake.context = g_main_context_new ();
  fake.loop = g_main_loop_new (fake.context, FALSE);
  fake.thread = g_thread_new ("fake-session", fake_thread, NULL);
  spin_until (fake_is_ready, NULL, "the fake notification server and session manager");
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fake_stop (void)
{
  g_main_context_invoke (fake.context, quit_loop_cb, fake.loop);
  g_thread_join (fake.thread);
  g_clear_object (&fake.connection);
  g_main_loop_unref (fake.loop);
  g_main_context_unref (fake.context);
  g_ptr_array_unref (fake.notifies);
  g_ptr_array_unref (fake.inhibits);
  g_array_unref (fake.uninhibits);
}

static guint
fake_count (GPtrArray *array)
{
  guint n;

  g_mutex_lock (&fake.lock);
  n = array->len;
  g_mutex_unlock (&fake.lock);

  return n;
}

typedef struct
{
  GPtrArray *array;
  guint      n;
} Count;

static gboolean
has_count (gpointer data)
{
  Count *c = data;

  return fake_count (c->array) >= c->n;
}

static GVariant *
wait_fake_call (GPtrArray  *array,
                guint       n,
                const char *what)
{
  Count c = { array, n };
  GVariant *call;

  spin_until (has_count, &c, what);
  g_mutex_lock (&fake.lock);
  call = g_variant_ref (g_ptr_array_index (array, n - 1));
  g_mutex_unlock (&fake.lock);

  return call;
}

static gboolean
was_uninhibited (gpointer data)
{
  guint cookie = GPOINTER_TO_UINT (data);
  gboolean found = FALSE;

  g_mutex_lock (&fake.lock);
  for (guint i = 0; i < fake.uninhibits->len; i++)
    found |= g_array_index (fake.uninhibits, guint, i) == cookie;
  g_mutex_unlock (&fake.lock);

  return found;
}

/* ------------------------------------------------------------------------ */

static gboolean
window_shows_cluster (gpointer data)
{
  return g_strcmp0 (slipway_window_get_cluster (data), CLUSTER_NAME) == 0 &&
         ((SlipwayWindow *)data)->model_cluster != NULL;
}

/* Another toplevel takes the focus from the window, as switching to
 * another application would. */
static GtkWidget *
take_focus (SlipwayWindow *window)
{
  GtkWidget *other = gtk_window_new ();

  gtk_window_set_title (GTK_WINDOW (other), "Another application");
  gtk_window_present (GTK_WINDOW (other));

  return other;
}

static gboolean
window_is_inactive (gpointer data)
{
  return !gtk_window_is_active (data);
}

static gboolean
wizard_can_create (gpointer data)
{
  return slipway_wizard_get_can_create (data);
}

static gboolean
window_is_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static void
assert_notify (GVariant   *call,
               const char *title,
               const char *body_part)
{
  const char *summary;
  const char *body;
  g_autoptr(GVariant) actions = NULL;
  g_autoptr(GVariant) hints = NULL;
  const char *desktop_entry = NULL;
  g_autofree const char **strv = NULL;

  g_variant_get (call, "(&su&s&s&s@as@a{sv}i)", NULL, NULL, NULL, &summary, &body, &actions, &hints, NULL);
  g_assert_cmpstr (summary, ==, title);
  g_assert_nonnull (strstr (body, body_part));
  /* The default action (clicking the notification) shows the cluster. */
  strv = g_variant_get_strv (actions, NULL);
  g_assert_true (strv[0] != NULL && g_str_equal (strv[0], "default"));
  g_assert_true (g_variant_lookup (hints, "desktop-entry", "&s", &desktop_entry));
  g_assert_cmpstr (desktop_entry, ==, APP_ID);
}

static void
test_notifications (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  g_autoptr(GError) error = NULL;
  SlipwayApplication *app;
  SlipwayWindow *window;
  GtkWidget *other;

  create_cluster (provisioner, image);

  /* Registered on the (private) session bus: no NON_UNIQUE here. */
  app = slipway_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (g_application_get_dbus_connection (G_APPLICATION (app)));

  window = slipway_window_new (GTK_APPLICATION (app), TEST_URI);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (window_is_idle, window, "the clusters");
  slipway_window_open_cluster (window, CLUSTER_NAME);
  spin_until (window_shows_cluster, window, "the cluster");

  /* Reset, unseen: the session is inhibited with the reason while it
   * runs, and let go; the notification names the cluster and what the
   * reset did. */
  other = take_focus (window);
  spin_until (window_is_inactive, window, "the window to lose the focus");
  _slipway_window_run (window, SLIPWAY_OPERATION_RESET, "");
  g_assert_true (slipway_application_get_busy (app));
  {
    g_autoptr(GVariant) inhibit = wait_fake_call (fake.inhibits, 1, "Inhibit");
    const char *app_id;
    const char *reason;
    guint flags;

    g_variant_get (inhibit, "(&su&su)", &app_id, NULL, &reason, &flags);
    g_assert_cmpstr (app_id, ==, APP_ID);
    g_assert_cmpstr (reason, ==, "Resetting cluster lab");
    g_assert_cmpuint (flags, ==, GTK_APPLICATION_INHIBIT_LOGOUT | GTK_APPLICATION_INHIBIT_SUSPEND);
  }
  spin_until (application_is_idle, app, "the reset");
  spin_until (was_uninhibited, GUINT_TO_POINTER (101), "Uninhibit of the reset's cookie");
  {
    g_autoptr(GVariant) notify = wait_fake_call (fake.notifies, 1, "the notification of the reset");

    g_autofree char *printed = g_variant_print (notify, FALSE);

    assert_notify (notify, "Cluster lab reset", "booting from a fresh disk");
    g_assert_nonnull (strstr (printed, "worker1"));
  }

  /* Its action shows the cluster, in its window. */
  _slipway_window_close_cluster (window);
  g_assert_null (slipway_window_get_cluster (window));
  g_assert_true (g_dbus_connection_emit_signal (fake.connection, NULL, "/org/freedesktop/Notifications",
                                                "org.freedesktop.Notifications", "ActionInvoked",
                                                g_variant_new ("(us)", 1, "default"), &error));
  g_assert_no_error (error);
  spin_until (window_shows_cluster, window, "the notification's action to show the cluster");

  /* Seen (the action presented the window): no notification, the toast
   * says it. Nor for an operation that is not long (force off), unseen.
   * Then a failure, unseen: its notification is the next one, so the two
   * before sent none (one connection's messages keep their order). */
  spin_until (window_is_active, window, "the window to have the focus");
  _slipway_window_run_checkpoint (window, SLIPWAY_OPERATION_RESTORE_CHECKPOINT, "no-such-checkpoint",
                                  NULL, "");
  spin_until (application_is_idle, app, "the restore to fail");
  spin_until (was_uninhibited, GUINT_TO_POINTER (102), "Uninhibit of the restore's cookie");

  gtk_window_present (GTK_WINDOW (other));
  spin_until (window_is_inactive, window, "the window to lose the focus again");
  _slipway_window_run (window, SLIPWAY_OPERATION_FORCE_OFF, "worker1");
  spin_until (application_is_idle, app, "force off");
  spin_until (was_uninhibited, GUINT_TO_POINTER (103), "Uninhibit of force off's cookie");

  _slipway_window_run_checkpoint (window, SLIPWAY_OPERATION_RESTORE_CHECKPOINT, "no-such-checkpoint",
                                  NULL, "");
  spin_until (application_is_idle, app, "the restore to fail again");
  {
    g_autoptr(GVariant) notify = wait_fake_call (fake.notifies, 2, "the notification of the failure");

    assert_notify (notify, "Could not restore cluster lab", "no-such-checkpoint");
  }
  spin_until (was_uninhibited, GUINT_TO_POINTER (104), "Uninhibit of the second restore's cookie");
  g_assert_cmpuint (fake_count (fake.notifies), ==, 2);

  /* Create, from the wizard, unseen: it holds the application and inhibits
   * logout with its reason too, and says when the cluster is there. */
  {
    g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("made", image);
    SlipwayWizard *wizard = SLIPWAY_WIZARD (slipway_application_new_cluster (app));
    gpointer weak = wizard;
    g_autoptr(GVariant) inhibit = NULL;
    g_autoptr(GVariant) notify = NULL;
    const char *reason;

    g_object_add_weak_pointer (G_OBJECT (wizard), &weak);
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (wizard)) == GTK_WINDOW (window));
    slipway_wizard_set_spec (wizard, spec);
    spin_until (wizard_can_create, wizard, "the check of the new cluster");
    gtk_window_present (GTK_WINDOW (other));
    spin_until (window_is_inactive, wizard, "the wizard to lose the focus");
    g_assert_false (gtk_window_is_active (GTK_WINDOW (window)));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.create", NULL));
    g_assert_true (slipway_application_get_busy (app));
    inhibit = wait_fake_call (fake.inhibits, 5, "Inhibit of the create");
    g_variant_get (inhibit, "(&su&su)", NULL, NULL, &reason, NULL);
    g_assert_cmpstr (reason, ==, "Creating cluster made");
    spin_until (pointer_is_null, &weak, "the wizard to close after the create");
    notify = wait_fake_call (fake.notifies, 3, "the notification of the create");
    assert_notify (notify, "Cluster made created", "booting");
    spin_until (was_uninhibited, GUINT_TO_POINTER (105), "Uninhibit of the create's cookie");
    spin_until (application_is_idle, app, "the create to let the application go");
  }

  gtk_window_destroy (GTK_WINDOW (other));
  close_window (window);
  g_application_quit (G_APPLICATION (app));
  g_object_unref (app);
  destroy_cluster (provisioner);
  g_unlink (image);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = isolate_home ();
  virConnectPtr keep_alive;
  int ret;

  /* GLib's freedesktop backend talks to org.freedesktop.Notifications. */
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  keep_alive = window_test_init (&argc, &argv);

  fake_start ();
  g_test_add_func ("/slipway/notifications/operation-ends-unseen", test_notifications);
  ret = g_test_run ();
  fake_stop ();

  virConnectClose (keep_alive);
  remove_tree (home);

  return ret;
}
