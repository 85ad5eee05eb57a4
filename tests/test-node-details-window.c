/* test-node-details-window.c: Node Details and Open in Terminal, on the test driver
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-node-details-window.h"
#include "slipway-terminal-launcher.h"
#include "window-test-utils.h"

/* test:///default keeps its state only while a connection to it is open. */

static SlipwayNodeDetailsWindow *
find_details_window (void)
{
  return find_toplevel (SLIPWAY_TYPE_NODE_DETAILS_WINDOW);
}

static gboolean
details_loaded (gpointer data)
{
  SlipwayNodeDetailsWindow *dialog = find_details_window ();

  return dialog != NULL && slipway_node_details_window_get_loaded (dialog);
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action,
                 const char *target)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *name = NULL;
      g_autoptr(GVariant) value = NULL;

      if (section != NULL && menu_has_action (section, action, target))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action) &&
          (value = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                          G_VARIANT_TYPE_STRING)) != NULL &&
          g_str_equal (g_variant_get_string (value, NULL), target))
        return TRUE;
    }

  return FALSE;
}

/* Runs the shortcut of @widget's class bound to @keyval with @mods, as
 * pressing the keys would. */
static gboolean
press_shortcut (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, mods);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  g_error ("No shortcut for %s", gtk_accelerator_name (keyval, mods));
  return FALSE;
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  action)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
is_scrolled_window (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_SCROLLED_WINDOW (widget);
}

static void
scroll_to_end (GtkWidget *dialog)
{
  GtkWidget *scrolled = find_widget (dialog, is_scrolled_window, NULL);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static void
screenshot_at (GtkWindow  *window,
               int         width,
               int         height,
               const char *name)
{
  gtk_window_set_default_size (window, width, height);
  spin_until (is_mapped, window, "the window to show");
  spin_for (400);
  save_screenshot (GTK_WIDGET (window), name);
}

typedef struct
{
  GdkClipboard *clipboard;
  char         *text;
  gboolean      done;
} ClipboardRead;

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
read_is_done (gpointer data)
{
  return ((ClipboardRead *)data)->done;
}

static char *
clipboard_text (GtkWidget *widget)
{
  ClipboardRead read = { gtk_widget_get_clipboard (widget), NULL, FALSE };

  gdk_clipboard_read_text_async (read.clipboard, NULL, read_text_cb, &read);
  spin_until (read_is_done, &read, "the clipboard");

  return read.text;
}

/* A program named @name in @dir that writes its argv, one word a line,
 * to @dir/argv. */
static void
make_fake_terminal (const char *dir,
                    const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$0\" \"$@\" > '%s/argv.tmp'\n"
                                             "/bin/mv '%s/argv.tmp' '%s/argv'\n", dir, dir, dir);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, script, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
wait_argv (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "argv", NULL);
  char *contents = NULL;

  spin_until (file_exists, path, "the terminal app to be started");
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_unlink (path);

  return contents;
}

/* Node details show the derived values, from the node's menu and from the
 * keyboard on the selected node. */
static void
test_node_details_window (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  g_autofree char *config = slipway_cluster_ssh_config (CLUSTER_NAME);
  g_autofree char *dir = slipway_cluster_dir (CLUSTER_NAME);
  g_autofree char *pub_path = g_build_filename (dir, "ssh_host_ed25519_key-worker1.pub", NULL);
  g_autofree char *pub = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *command = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *vcpus = NULL;
  SlipwayNodeDetailsWindow *dialog;
  SlipwayWindow *window;
  GtkWidget *row;
  GtkWidget *menu_button;

  create_cluster (provisioner, image);
  window = open_window (TEST_URI);
  wait_row_state (window, "worker1", "Booting");

  /* The node row's menu has Details and Open in Terminal for that node. */
  row = slipway_window_find_node_row (window, "worker1");
  menu_button = find_widget (row, is_menu_button, NULL);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                                  "win.show-node-details", "worker1"));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                                  "win.open-terminal", "worker1"));

  /* Alt+Return acts on the node whose row has the focus. */
  g_assert_true (gtk_widget_grab_focus (row));
  g_assert_cmpstr (_slipway_window_get_selected_node (window), ==, "worker1");
  g_assert_true (press_shortcut (GTK_WIDGET (window), GDK_KEY_Return, GDK_ALT_MASK));
  dialog = find_details_window ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  spin_until (details_loaded, NULL, "the node's details");

  /* What the model and the test driver have; what they have not is
   * unknown, not made up. */
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "role_row"), ==, "Worker node");
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "address_row"), ==, "10.77.3.13");
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "fqdn_row"), ==, "worker1.lab.test");
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "mac_row"), ==,
                   slipway_node_get_mac (slipway_node_details_window_get_node (dialog)));
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "memory_row"), ==, "512.0\u00a0MiB");
  vcpus = g_strdup_printf ("%u", slipway_cluster_get_spec (window->model_cluster)->roles[SLIPWAY_ROLE_WORKER].vcpus);
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "vcpus_row"), ==, vcpus);
  g_assert_true (g_str_has_prefix (slipway_node_details_window_get_value (dialog, "disk_row"),
                                   "2.0\u00a0GiB virtual, "));
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "lease_row"), ==,
                   "Unknown: this connection reports no leases");
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "uptime_row"), ==,
                   "Unknown until the node accepts SSH logins");
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "state_row"), ==, "Running · Booting");
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "cloud_init_row"), ==,
                   "Not finished, or not seen yet");
  g_assert_true (g_file_get_contents (pub_path, &pub, NULL, NULL));
  fingerprint = slipway_ssh_key_fingerprint (pub, NULL);
  g_assert_nonnull (fingerprint);
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "host_key_row"), ==, fingerprint);
  command = g_strdup_printf ("ssh -F %s -- worker1", config);
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "command_row"), ==, command);

  screenshot_at (GTK_WINDOW (dialog), 560, 760, "node-details");
  screenshot_at (GTK_WINDOW (dialog), 1280, 800, "node-details-1280x800");
  screenshot_at (GTK_WINDOW (dialog), 360, 760, "node-details-narrow");
  scroll_to_end (GTK_WIDGET (dialog));
  screenshot_at (GTK_WINDOW (dialog), 360, 760, "node-details-narrow-end");

  /* Copy buttons, named for screen readers. */
  assert_accessible_label (find_widget (GTK_WIDGET (dialog), has_action, "details.copy-address"),
                           "Copy Address");
  assert_accessible_label (find_widget (GTK_WIDGET (dialog), has_action, "details.copy-command"),
                           "Copy Command Line");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "details.copy-address", NULL));
  copied = clipboard_text (GTK_WIDGET (dialog));
  g_assert_cmpstr (copied, ==, "10.77.3.13");
  g_clear_pointer (&copied, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "details.copy-command", NULL));
  copied = clipboard_text (GTK_WIDGET (dialog));
  g_assert_cmpstr (copied, ==, command);


  /* Another node's details replace these. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-node-details", "s", "gateway"));
  spin_until (details_loaded, NULL, "the gateway's details");
  dialog = find_details_window ();
  g_assert_cmpstr (slipway_node_get_name (slipway_node_details_window_get_node (dialog)), ==, "gateway");
  g_assert_cmpstr (slipway_node_details_window_get_value (dialog, "role_row"), ==, "Gateway (load balancer of the Kubernetes API)");

  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (window);
  destroy_cluster (provisioner);
  g_unlink (image);
}

/* Open in Terminal spawns the user's terminal app with ssh's argv, never
 * a shell string; without one, it says so. */
static void
test_node_open_in_terminal (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  g_autofree char *bin = g_dir_make_tmp ("slipway-bin-XXXXXX", NULL);
  g_autofree char *empty = g_dir_make_tmp ("slipway-empty-XXXXXX", NULL);
  g_autofree char *config = slipway_cluster_ssh_config (CLUSTER_NAME);
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *argv = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) found = NULL;
  const char *ssh[] = { "ssh", "-F", "/c", "--", "n", NULL };
  SlipwayWindow *window;

  create_cluster (provisioner, image);
  window = open_window (TEST_URI);
  wait_row_state (window, "worker0", "Booting");

  /* Debian's x-terminal-emulator takes -e… */
  make_fake_terminal (bin, "x-terminal-emulator");
  g_setenv ("PATH", bin, TRUE);
  found = slipway_terminal_argv (ssh, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found[1], ==, "-e");
  g_assert_cmpstr (found[2], ==, "ssh");
  g_clear_pointer (&found, g_strfreev);

  /* …GNOME Console, first choice, takes "--"; the window starts it for
   * the node of the menu. */
  make_fake_terminal (bin, "kgx");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-terminal", "s", "worker0"));
  argv = wait_argv (bin);
  expected = g_strdup_printf ("%s/kgx\n--\nssh\n-F\n%s\n--\nworker0\n", bin, config);
  g_assert_cmpstr (argv, ==, expected);
  g_clear_pointer (&argv, g_free);

  /* Ctrl+Alt+T opens the node whose row has the focus. */
  g_assert_true (gtk_widget_grab_focus (slipway_window_find_node_row (window, "worker0")));
  g_assert_true (press_shortcut (GTK_WIDGET (window), GDK_KEY_t, GDK_CONTROL_MASK | GDK_ALT_MASK));
  argv = wait_argv (bin);
  g_assert_cmpstr (argv, ==, expected);
  g_clear_pointer (&argv, g_free);

  /* From the details too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-node-details", "s", "worker0"));
  spin_until (details_loaded, NULL, "the node's details");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_details_window ()), "details.open-terminal", NULL));
  argv = wait_argv (bin);
  g_assert_cmpstr (argv, ==, expected);

  /* In the Flatpak sandbox: a clear error that says what to do instead. */
  g_setenv ("FLATPAK_ID", "io.github.slipway.Slipway", TRUE);
  g_assert_null (slipway_terminal_argv (ssh, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "Copy the SSH command line"));
  g_clear_error (&error);
  g_unsetenv ("FLATPAK_ID");

  /* No terminal app: a clear error, and nothing started. */
  g_setenv ("PATH", empty, TRUE);
  g_assert_null (slipway_terminal_argv (ssh, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No terminal app was found"));
  g_clear_error (&error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-terminal", "s", "worker0"));
  g_setenv ("PATH", old_path, TRUE);

  gtk_window_destroy (GTK_WINDOW (find_details_window ()));
  close_window (window);
  destroy_cluster (provisioner);
  g_unlink (image);
  remove_tree (bin);
  remove_tree (empty);
}

static void
add_tests (void)
{
  g_test_add_func ("/slipway/node-details/window", test_node_details_window);
  g_test_add_func ("/slipway/node-details/open-in-terminal", test_node_open_in_terminal);
}

int
main (int   argc,
      char *argv[])
{
  return window_test_main (&argc, &argv, add_tests);
}
