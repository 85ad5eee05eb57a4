/* test-export-dialog.c: Export… from the window, against the real slipwayctl
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-export-dialog.h"
#include "window-test-utils.h"

/* The window and slipwayctl must show the same cluster: libvirt's test
 * driver keeps its state per process, so both open the same fixture file
 * (test:///path), and share HOME, where the cluster's keys are. */

#define FIXTURE_CLUSTER "trust"

static char *fixture_uri;

/* The cluster file stored with the network; the nodes are test domains. */
static const char fixture_network[] =
  "  <network>\n"
  "    <name>slipway-trust</name>\n"
  "    <metadata>\n"
  "      <slipway:cluster xmlns:slipway=\"https://slipway.github.io/xmlns/libvirt/1\" name=\"trust\" version=\"1\">\n"
  "        <slipway:spec>[cluster]\n"
  "name=trust\n"
  "domain=trust.test\n"
  "subnet=10.233.8.0/24\n"
  "network=isolated\n"
  "image=/images/base.qcow2\n"
  "user=debian\n"
  "\n"
  "[gateway]\ncount=1\nvcpus=1\nmemory=512MiB\ndisk=2GiB\n"
  "\n"
  "[control]\ncount=1\nvcpus=1\nmemory=512MiB\ndisk=2GiB\n"
  "\n"
  "[worker]\ncount=1\nvcpus=1\nmemory=512MiB\ndisk=2GiB\n"
  "</slipway:spec>\n"
  "      </slipway:cluster>\n"
  "    </metadata>\n"
  "    <bridge name=\"virbr-trust\"/>\n"
  "    <ip address=\"10.233.8.1\" netmask=\"255.255.255.0\"/>\n"
  "  </network>\n";

static char *
fixture_xml (void)
{
  static const char * const nodes[][2] = {
    { "gateway", "gateway" }, { "control0", "control" }, { "worker0", "worker" },
  };
  GString *xml = g_string_new ("<node>\n");

  g_string_append (xml, fixture_network);
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    g_string_append_printf (xml,
                            "  <domain type=\"test\">\n"
                            "    <name>trust-%s</name>\n"
                            "    <metadata>\n"
                            "      <slipway:node xmlns:slipway=\"https://slipway.github.io/xmlns/libvirt/1\" cluster=\"trust\" role=\"%s\" id=\"%u\"/>\n"
                            "    </metadata>\n"
                            "    <memory unit=\"MiB\">512</memory>\n"
                            "    <vcpu>1</vcpu>\n"
                            "    <os><type arch=\"x86_64\">hvm</type></os>\n"
                            "  </domain>\n",
                            nodes[i][0], nodes[i][1], i);
  g_string_append (xml, "</node>\n");

  return g_string_free (xml, FALSE);
}

/* What `slipwayctl --connect URI export --format FORMAT trust` prints. */
static char *
run_slipwayctl_export (const char *format)
{
  const char *slipwayctl = g_getenv ("SLIPWAYCTL");
  const char *argv[] = { slipwayctl, "--connect", fixture_uri, "export", "--format", format,
                         FIXTURE_CLUSTER, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_nonnull (slipwayctl);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("slipwayctl export --format %s failed: %s", format, err);

  return out;
}

static gboolean
cluster_is_open (gpointer data)
{
  SlipwayWindow *window = data;

  return window->model_cluster != NULL &&
         g_strcmp0 (slipway_window_get_cluster (window), FIXTURE_CLUSTER) == 0 &&
         slipway_cluster_get_topology (window->model_cluster) != NULL;
}

static SlipwayExportDialog *
find_export_dialog (void)
{
  return find_toplevel (SLIPWAY_TYPE_EXPORT_DIALOG);
}

static gboolean
is_cluster_menu_button (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Cluster Actions") == 0;
}

static gboolean
has_action_name (GtkWidget     *widget,
                 gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

/* Whether the button of @action in @widget can be clicked. */
static gboolean
action_enabled_in (GtkWidget  *widget,
                   const char *action)
{
  GtkWidget *button = find_widget (widget, has_action_name, action);

  g_assert_nonnull (button);

  return gtk_widget_get_sensitive (button);
}

static gboolean
dialog_is_idle (gpointer data)
{
  return !slipway_export_dialog_get_busy (data);
}

static gboolean
dialog_is_open (gpointer data)
{
  return find_export_dialog () != NULL;
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
shows_label (gpointer data)
{
  gpointer *args = data;

  return find_widget (args[0], is_label_containing, args[1]) != NULL;
}

static void
wait_label (GtkWidget  *widget,
            const char *text)
{
  gpointer args[] = { widget, (gpointer)text };

  spin_until (shows_label, args, text);
}

static gboolean
pointer_is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb, &text);
  spin_until (pointer_is_set, &text, "the clipboard");

  return text;
}

static void
test_export_dialog (void)
{
  static const struct { SlipwayExportFormat format; const char *name; } formats[] = {
    { SLIPWAY_EXPORT_FORMAT_SSH_CONFIG, "ssh-config" },
    { SLIPWAY_EXPORT_FORMAT_ANSIBLE, "ansible" },
    { SLIPWAY_EXPORT_FORMAT_HOSTS, "hosts" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("slipway-export-XXXXXX", &error);
  g_autofree char *keys = NULL;
  SlipwayExportDialog *dialog;
  SlipwayWindow *window;
  gpointer weak;

  g_assert_no_error (error);

  window = open_window (fixture_uri);
  slipway_window_open_cluster (window, FIXTURE_CLUSTER);
  spin_until (cluster_is_open, window, "the cluster to open");
  g_assert_true (action_enabled (window, "win.export"));

  /* Export… is in the cluster's menu. */
  {
    GtkWidget *button = find_widget (GTK_WIDGET (window), is_cluster_menu_button, NULL);
    GtkPopover *popover;

    g_assert_nonnull (button);
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
    wait_label (GTK_WIDGET (popover), "Export…");
    save_screenshot (GTK_WIDGET (popover), "export-cluster-menu");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  }

  /* Ctrl+Shift+E opens it, on the ssh_config. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  spin_until (dialog_is_open, NULL, "the export dialog");
  dialog = find_export_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (slipway_export_dialog_get_cluster (dialog) == window->model_cluster);
  g_assert_cmpint (slipway_export_dialog_get_format (dialog), ==, SLIPWAY_EXPORT_FORMAT_SSH_CONFIG);

  /* Each format: exactly what slipwayctl prints, from the toggle buttons'
   * action. The ssh_config and the inventory name the cluster's key and
   * known_hosts: the export made them. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *cli = NULL;
      g_autofree char *screenshot = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.format", "s", formats[i].name));
      g_assert_cmpint (slipway_export_dialog_get_format (dialog), ==, formats[i].format);
      spin_until (dialog_is_idle, dialog, "the export text");
      g_assert_nonnull (slipway_export_dialog_get_text (dialog));

      cli = run_slipwayctl_export (formats[i].name);
      g_assert_cmpstr (slipway_export_dialog_get_text (dialog), ==, cli);

      screenshot = g_strdup_printf ("export-%s", formats[i].name);
      save_screenshot (GTK_WIDGET (dialog), screenshot);
    }
  keys = slipway_cluster_ssh_config (FIXTURE_CLUSTER);
  g_assert_true (g_file_test (keys, G_FILE_TEST_EXISTS));

  /* Copy: the whole text on the clipboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.format", "s", "ansible"));
  spin_until (dialog_is_idle, dialog, "the inventory");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.copy", NULL));
  {
    g_autofree char *copied = read_clipboard (GTK_WIDGET (dialog));

    g_assert_cmpstr (copied, ==, slipway_export_dialog_get_text (dialog));
  }
  wait_label (GTK_WIDGET (dialog), "Copied to the clipboard");

  /* Save: the file chooser (a portal in the Flatpak) gives a file; the
   * text is written without blocking and a toast says where. */
  {
    g_autofree char *path = g_build_filename (dir, "inventory.ini", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *contents = NULL;
    g_autofree char *name = slipway_export_dialog_dup_file_name (dialog);

    g_assert_cmpstr (name, ==, "trust-inventory.ini");
    slipway_export_dialog_save_to_file (dialog, file);
    g_assert_true (slipway_export_dialog_get_busy (dialog));
    spin_until (dialog_is_idle, dialog, "the file to be saved");
    g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (contents, ==, slipway_export_dialog_get_text (dialog));
    wait_label (GTK_WIDGET (dialog), "Saved as “inventory.ini”");
    g_unlink (path);
  }

  /* A folder that is not there: a message says which file and why. */
  {
    g_autofree char *path = g_build_filename (dir, "missing", "hosts", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    AdwMessageDialog *message;

    slipway_export_dialog_save_to_file (dialog, file);
    spin_until (dialog_is_idle, dialog, "the save to fail");
    spin_until (dialog_is_shown, (gpointer)"Could Not Save the Export", "the error");
    message = find_message_dialog ("Could Not Save the Export");
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (message)) == GTK_WINDOW (dialog));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (message), path));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    spin_for (300);
    save_screenshot (GTK_WIDGET (message), "export-save-error");
    confirm ("Could Not Save the Export", NULL, "close");
  }

  /* Narrow: the format buttons and the preview still fit. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 480);
  gtk_widget_queue_resize (GTK_WIDGET (dialog));
  spin_for (300);
  save_screenshot (GTK_WIDGET (dialog), "export-narrow");

  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_until (pointer_is_null, &weak, "the dialog to go");

  /* The cluster's key folder cannot be made (a file is in its way): the
   * ssh_config names files that cannot exist, so the dialog says why; the
   * /etc/hosts lines need none. */
  {
    g_autofree char *keys_dir = slipway_cluster_dir (FIXTURE_CLUSTER);

    remove_tree (keys_dir);
    g_assert_true (g_file_set_contents (keys_dir, "in the way", -1, &error));
    g_assert_no_error (error);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
    spin_until (dialog_is_open, NULL, "the export dialog again");
    dialog = find_export_dialog ();
    spin_until (dialog_is_idle, dialog, "the export to fail");
    g_assert_cmpstr (slipway_export_dialog_get_page (dialog), ==, "error");
    g_assert_null (slipway_export_dialog_get_text (dialog));
    g_assert_false (action_enabled_in (GTK_WIDGET (dialog), "export.save"));
    save_screenshot (GTK_WIDGET (dialog), "export-error");

    slipway_export_dialog_set_format (dialog, SLIPWAY_EXPORT_FORMAT_HOSTS);
    spin_until (dialog_is_idle, dialog, "the hosts lines");
    g_assert_cmpstr (slipway_export_dialog_get_page (dialog), ==, "text");
    g_assert_true (action_enabled_in (GTK_WIDGET (dialog), "export.save"));
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_unlink (keys_dir);
  }

  close_window (window);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = isolate_home ();
  g_autofree char *fixture = g_build_filename (home, "fixture.xml", NULL);
  g_autofree char *xml = fixture_xml ();
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  load_app_style ();

  if (!gvir_init_object_check (NULL, NULL, &error))
    g_error ("Could not initialise libvirt-gobject: %s", error->message);

  g_assert_true (g_file_set_contents (fixture, xml, -1, &error));
  g_assert_no_error (error);
  fixture_uri = g_strconcat ("test://", fixture, NULL);

  g_test_add_func ("/slipway/export-dialog/same-as-slipwayctl", test_export_dialog);

  ret = g_test_run ();
  g_free (fixture_uri);
  remove_tree (home);

  return ret;
}
