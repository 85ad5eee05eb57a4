/* window-test-utils.h: helpers of the main window's tests
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt-gobject/libvirt-gobject.h>
#include <unistd.h>

#include "slipway-application.h"
#include "slipway-node-row.h"
#include "slipway-window-private.h"
#include "slipway.h"
#include "slipway-provisioner-private.h"
#include "slipway-test-utils.h"
#include "ui-test-utils.h"

#define TEST_URI        "test:///default"
#define CLUSTER_NAME    "lab"

G_GNUC_UNUSED static gboolean
window_is_idle (gpointer data)
{
  return !slipway_window_get_loading (data);
}

/* Reloads through the action, as F5 or the button would, and waits for the result. */
G_GNUC_UNUSED static void
reload (SlipwayWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  g_assert_true (slipway_window_get_loading (window));
  spin_until (window_is_idle, window, "the list of clusters");
}

G_GNUC_UNUSED static GtkStack *
find_content_stack (GtkWidget *widget)
{
  /* Popover menus have stacks too: ours is the one with a "clusters" page. */
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "clusters") != NULL)
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *stack = find_content_stack (child);

      if (stack != NULL)
        return stack;
    }

  return NULL;
}

G_GNUC_UNUSED static const char *
get_page (SlipwayWindow *window)
{
  GtkStack *stack = find_content_stack (GTK_WIDGET (window));

  g_assert_nonnull (stack);

  return gtk_stack_get_visible_child_name (stack);
}

G_GNUC_UNUSED static GtkWidget *
get_page_child (SlipwayWindow *window,
                const char    *name)
{
  GtkStack *stack = find_content_stack (GTK_WIDGET (window));

  g_assert_nonnull (stack);

  return gtk_stack_get_child_by_name (stack, name);
}

G_GNUC_UNUSED static gboolean
is_status_page (GtkWidget     *widget,
                gconstpointer  data)
{
  return ADW_IS_STATUS_PAGE (widget);
}

G_GNUC_UNUSED static AdwStatusPage *
get_status_page (SlipwayWindow *window,
                 const char    *name)
{
  return ADW_STATUS_PAGE (find_widget (get_page_child (window, name), is_status_page, NULL));
}

G_GNUC_UNUSED static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

G_GNUC_UNUSED static AdwActionRow *
find_cluster_row (SlipwayWindow *window,
                  const char    *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (get_page_child (window, "clusters"), rows);

  for (guint i = 0; i < rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (adw_preferences_row_get_title (row), title) == 0)
        return ADW_ACTION_ROW (row);
    }

  return NULL;
}

G_GNUC_UNUSED static GtkLabel *
find_label_with_class (GtkWidget  *widget,
                       const char *css_class)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class))
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label_with_class (child, css_class);

      if (label != NULL)
        return label;
    }

  return NULL;
}

G_GNUC_UNUSED static SlipwayWindow *
open_window (const char *uri)
{
  SlipwayWindow *window = slipway_window_new (NULL, uri);

  g_assert_true (SLIPWAY_IS_WINDOW (window));
  g_assert_cmpstr (slipway_window_get_uri (window), ==, uri);
  /* Loading starts right away, without blocking. */
  g_assert_true (slipway_window_get_loading (window));
  g_assert_cmpstr (get_page (window), ==, "loading");

  gtk_window_present (GTK_WINDOW (window));
  spin_until (window_is_idle, window, "the first list of clusters");

  return window;
}

G_GNUC_UNUSED static void
close_window (SlipwayWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  spin_until (pointer_is_null, &weak, "the window to be finalized");
}

/* ------------------------------------------------------------------------ */
/* The core, used from the same process to change what the window sees     */

G_GNUC_UNUSED static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

G_GNUC_UNUSED static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

/* A cluster of a gateway, @n_control control nodes and @n_workers workers. */
G_GNUC_UNUSED static void
create_cluster_sized (SlipwayProvisioner *provisioner,
                      const char         *image,
                      guint               n_control,
                      guint               n_workers)
{
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default (CLUSTER_NAME);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_free (spec->image);
  spec->image = g_strdup (image);
  g_free (spec->subnet);
  spec->subnet = g_strdup ("10.77.3.0/24");
  g_free (spec->domain);
  spec->domain = g_strdup ("lab.test");
  spec->network = SLIPWAY_NETWORK_ISOLATED;
  spec->accelerator = SLIPWAY_ACCELERATOR_TCG;
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 1;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = n_control;
  spec->roles[SLIPWAY_ROLE_WORKER].count = n_workers;
  for (guint i = 0; i < SLIPWAY_N_ROLES; i++)
    {
      spec->roles[i].memory_bytes = 512 * 1024 * 1024;
      spec->roles[i].disk_bytes = 2ull * 1024 * 1024 * 1024;
    }

  slipway_provisioner_create_async (provisioner, spec, NULL, store_result_cb, &result);
  spin_until (result_is_set, &result, "the cluster to be created");
  slipway_provisioner_create_finish (provisioner, result, &error);
  g_assert_no_error (error);
}

G_GNUC_UNUSED static void
create_cluster (SlipwayProvisioner *provisioner,
                const char         *image)
{
  create_cluster_sized (provisioner, image, 1, 2);
}

G_GNUC_UNUSED static void
run_operation (SlipwayProvisioner *provisioner,
               SlipwayOperationKind    operation,
               const char         *node)
{
  const char *targets[] = { node, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slipway_provisioner_run_async (provisioner, operation, CLUSTER_NAME, targets, NULL,
                                 store_result_cb, &result);
  spin_until (result_is_set, &result, "the operation to finish");
  slipway_provisioner_run_finish (provisioner, result, &error);
  g_assert_no_error (error);
}

G_GNUC_UNUSED static void
destroy_cluster (SlipwayProvisioner *provisioner)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slipway_provisioner_destroy_async (provisioner, CLUSTER_NAME, SLIPWAY_DESTROY_FLAGS_DELETE_KEYS,
                                     NULL, store_result_cb, &result);
  spin_until (result_is_set, &result, "the cluster to be destroyed");
  slipway_provisioner_destroy_finish (provisioner, result, &error);
  g_assert_no_error (error);
}

typedef struct
{
  SlipwayWindow *window;
  const char    *node;
  const char    *state;
} RowState;

G_GNUC_UNUSED static gboolean
row_has_state (gpointer data)
{
  RowState *rs = data;
  GtkWidget *row = slipway_window_find_node_row (rs->window, rs->node);

  return row != NULL &&
         g_strcmp0 (slipway_node_row_get_state_label (SLIPWAY_NODE_ROW (row)), rs->state) == 0;
}

G_GNUC_UNUSED static void
wait_row_state (SlipwayWindow *window,
                const char    *node,
                const char    *state)
{
  RowState rs = { window, node, state };
  g_autofree char *what = g_strdup_printf ("%s to be %s in the sidebar", node, state);

  spin_until (row_has_state, &rs, what);
}

G_GNUC_UNUSED static gboolean
window_is_not_busy (gpointer data)
{
  return !slipway_window_get_busy (data);
}

G_GNUC_UNUSED static char *
list_tabs (SlipwayTerminalGroup *group)
{
  AdwTabView *view = slipway_terminal_group_get_tab_view (group);
  g_autoptr(GString) s = g_string_new (NULL);

  for (int i = 0; i < adw_tab_view_get_n_pages (view); i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (view, i);

      g_string_append_printf (s, "%s%s", i > 0 ? " " : "", adw_tab_page_get_title (page));
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

G_GNUC_UNUSED static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

G_GNUC_UNUSED static void
assert_accessible_label (gpointer    widget,
                         const char *label)
{
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
}

G_GNUC_UNUSED static gboolean
dialog_is_shown (gpointer heading)
{
  return find_message_dialog (heading) != NULL;
}

G_GNUC_UNUSED static void
confirm (const char *heading,
         const char *body,
         const char *response)
{
  AdwMessageDialog *dialog;
  gpointer weak;

  spin_until (dialog_is_shown, (gpointer)heading, heading);
  dialog = find_message_dialog (heading);
  if (body != NULL)
    g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, body);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  /* What clicking the button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_until (pointer_is_null, &weak, "the dialog to close");
}

G_GNUC_UNUSED static gboolean
content_is_page (gpointer data)
{
  SlipwayWindow *window = ((gpointer *)data)[0];
  const char *page = ((gpointer *)data)[1];

  return g_strcmp0 (slipway_window_get_content_page (window), page) == 0;
}

G_GNUC_UNUSED static void
wait_content_page (SlipwayWindow *window,
                   const char    *page)
{
  gpointer data[2] = { window, (gpointer)page };

  spin_until (content_is_page, data, page);
}

/* Whether @action is enabled, as a button bound to it sees it: GTK makes
 * such buttons and menu items insensitive when it is not. */
G_GNUC_UNUSED static gboolean
action_enabled (SlipwayWindow *window,
                const char    *action)
{
  static const char * const with_target[] = { "win.start", "win.shutdown", "win.force-off",
                                              "win.reset", NULL };
  GtkWidget *probe = gtk_button_new ();
  gboolean enabled;

  /* Probed for the whole cluster; the state that enables it is the same. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), action);
  if (g_strv_contains (with_target, action))
    gtk_actionable_set_action_target (GTK_ACTIONABLE (probe), "s", "");

  gtk_box_append (GTK_BOX (window->content), probe);
  enabled = gtk_widget_get_sensitive (probe);
  gtk_box_remove (GTK_BOX (window->content), probe);

  return enabled;
}

G_GNUC_UNUSED static SlipwayApplication *
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

G_GNUC_UNUSED static gboolean
application_is_idle (gpointer data)
{
  return !slipway_application_get_busy (data);
}

G_GNUC_UNUSED static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

/* gtk_test_init() calls g_test_init() without G_TEST_OPTION_ISOLATE_DIRS:
 * keys and storage pools made by the core go to a home of our own. */
G_GNUC_UNUSED static char *
isolate_home (void)
{
  g_autoptr(GError) error = NULL;
  char *home = g_dir_make_tmp ("slipway-test-window-XXXXXX", &error);
  static const struct { const char *variable, *folder; } dirs[] = {
    { "HOME", NULL },
    { "XDG_CACHE_HOME", ".cache" },
    { "XDG_CONFIG_HOME", ".config" },
    { "XDG_DATA_HOME", ".local/share" },
    { "XDG_STATE_HOME", ".local/state" },
  };

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (home, dirs[i].folder, NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (dirs[i].variable, path, TRUE);
    }

  return home;
}

/* What the main() of a window test starts with: GTK (with the test
 * accessibility backend, which keeps accessible names for the tests to
 * read back), libadwaita, the app's style and libvirt-gobject. Returns a
 * connection to hold: test:///default keeps its state only while one is
 * open, so the window and the test see one host. */
G_GNUC_UNUSED static virConnectPtr
window_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;
  virConnectPtr keep_alive;

  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  load_app_style ();

  if (!gvir_init_object_check (NULL, NULL, &error))
    g_error ("Could not initialise libvirt-gobject: %s", error->message);

  keep_alive = virConnectOpen (TEST_URI);
  g_assert_nonnull (keep_alive);

  return keep_alive;
}

/* test:///default, open while window_test_main() runs the tests. */
static virConnectPtr window_test_host;

/* A window test program's main(): window_test_init(), a private HOME,
 * @add_tests to add the tests, then runs them. */
G_GNUC_UNUSED static int
window_test_main (int    *argc,
                  char ***argv,
                  void  (*add_tests) (void))
{
  g_autofree char *home = isolate_home ();
  int ret;

  window_test_host = window_test_init (argc, argv);
  add_tests ();
  ret = g_test_run ();
  g_clear_pointer (&window_test_host, virConnectClose);
  remove_tree (home);

  return ret;
}
