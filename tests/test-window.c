/* test-window.c: the main window against libvirt's test driver
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <unistd.h>

#include "slipway-node-row.h"
#include "slipway-ssh-tab.h"
#include "slipway-window.h"
#include "slipway.h"
#include "ui-test-utils.h"

#define TEST_URI        "test:///default"
#define UNREACHABLE_URI "qemu+unix:///system?socket=/nonexistent"
#define CLUSTER_NAME    "lab"

/* test:///default keeps its state only while a connection to it is open:
 * hold one for the whole program, so the window and the test see one host. */
static virConnectPtr keep_alive;

static gboolean
window_is_idle (gpointer data)
{
  return !slipway_window_get_loading (data);
}

/* Reloads through the action, as F5 or the button would, and waits for the result. */
static void
reload (SlipwayWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  g_assert_true (slipway_window_get_loading (window));
  spin_until (window_is_idle, window, "the list of clusters");
}

static GtkStack *
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

static const char *
get_page (SlipwayWindow *window)
{
  GtkStack *stack = find_content_stack (GTK_WIDGET (window));

  g_assert_nonnull (stack);

  return gtk_stack_get_visible_child_name (stack);
}

static GtkWidget *
get_page_child (SlipwayWindow *window,
                const char    *name)
{
  GtkStack *stack = find_content_stack (GTK_WIDGET (window));

  g_assert_nonnull (stack);

  return gtk_stack_get_child_by_name (stack, name);
}

static gboolean
is_status_page (GtkWidget     *widget,
                gconstpointer  data)
{
  return ADW_IS_STATUS_PAGE (widget);
}

static AdwStatusPage *
get_status_page (SlipwayWindow *window,
                 const char    *name)
{
  return ADW_STATUS_PAGE (find_widget (get_page_child (window, name), is_status_page, NULL));
}

static void
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

static AdwActionRow *
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

static GtkLabel *
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

static SlipwayWindow *
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

static void
close_window (SlipwayWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  spin_until (pointer_is_null, &weak, "the window to be finalized");
}

/* ------------------------------------------------------------------------ */
/* The core, used from the same process to change what the window sees     */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

static void
create_cluster (SlipwayProvisioner *provisioner,
                const char         *image)
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
  spec->roles[SLIPWAY_ROLE_CONTROL].count = 1;
  spec->roles[SLIPWAY_ROLE_WORKER].count = 2;
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

static void
run_operation (SlipwayProvisioner *provisioner,
               SlipwayOperation    operation,
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

static void
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

static char *
make_image (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = g_malloc0 (1024 * 1024);
  char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("slipway-image-XXXXXX.img", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, contents, 1024 * 1024, &error);
  g_assert_no_error (error);

  return path;
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                    */

static void
test_window_new_destroy (void)
{
  SlipwayWindow *window = slipway_window_new (NULL, TEST_URI);
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  /* Destroyed while its first load is still under way. */
  gtk_window_destroy (GTK_WINDOW (window));
  spin_until (pointer_is_null, &weak, "the window to be finalized");
}

static void
test_window_remembers_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.slipway.Slipway");
  SlipwayWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 500);
  g_settings_set_int (settings, "window-height", 400);

  window = open_window (TEST_URI);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 500);
  g_assert_cmpint (height, ==, 400);

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);

  close_window (window);
}

static void
test_window_empty (void)
{
  SlipwayWindow *window = open_window (TEST_URI);
  AdwStatusPage *empty;

  g_assert_cmpstr (get_page (window), ==, "empty");
  empty = get_status_page (window, "empty");
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Clusters");
  /* The way to create one: the wizard's action, and the command line. */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (adw_status_page_get_child (empty))),
                   ==, "app.new-cluster");
  g_assert_nonnull (strstr (adw_status_page_get_description (empty), "slipwayctl create"));
  save_screenshot (GTK_WIDGET (window), "main-window-empty");

  close_window (window);
}

static void
test_window_lists_clusters (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = make_image ();
  SlipwayWindow *window = open_window (TEST_URI);
  AdwActionRow *row;
  GtkLabel *state;

  g_assert_cmpstr (get_page (window), ==, "empty");

  create_cluster (provisioner, image);
  reload (window);

  g_assert_cmpstr (get_page (window), ==, "clusters");
  row = find_cluster_row (window, CLUSTER_NAME);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "4 nodes · 4 running · 10.77.3.0/24 · lab.test");
  state = find_label_with_class (GTK_WIDGET (row), "cluster-state");
  g_assert_nonnull (state);
  g_assert_cmpstr (gtk_label_get_label (state), ==, "Running");

  /* A reload keeps the list on screen, and shows what changed. */
  run_operation (provisioner, SLIPWAY_OPERATION_FORCE_OFF, "worker1");
  reload (window);
  row = find_cluster_row (window, CLUSTER_NAME);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "4 nodes · 3 running · 10.77.3.0/24 · lab.test");
  state = find_label_with_class (GTK_WIDGET (row), "cluster-state");
  g_assert_cmpstr (gtk_label_get_label (state), ==, "Partly Running");

  destroy_cluster (provisioner);
  reload (window);
  g_assert_cmpstr (get_page (window), ==, "empty");
  g_assert_null (find_cluster_row (window, CLUSTER_NAME));

  close_window (window);
  g_unlink (image);
}

static void
test_window_error (void)
{
  SlipwayWindow *window = open_window (UNREACHABLE_URI);
  AdwStatusPage *error_page;
  GtkWidget *button;
  const char *description;

  g_assert_cmpstr (get_page (window), ==, "error");
  error_page = get_status_page (window, "error");
  description = adw_status_page_get_description (error_page);
  g_assert_nonnull (description);
  g_assert_cmpstr (description, !=, "");
  g_test_message ("Error shown: %s", description);

  button = adw_status_page_get_child (error_page);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.reload");
  save_screenshot (GTK_WIDGET (window), "main-window-error");

  /* Trying again shows the spinner, then the error again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  g_assert_cmpstr (get_page (window), ==, "loading");
  spin_until (window_is_idle, window, "the list of clusters");
  g_assert_cmpstr (get_page (window), ==, "error");

  close_window (window);
}

/* ------------------------------------------------------------------------ */
/* A cluster open in the window                                             */

typedef struct
{
  SlipwayWindow *window;
  const char    *node;
  const char    *state;
} RowState;

static gboolean
row_has_state (gpointer data)
{
  RowState *rs = data;
  GtkWidget *row = slipway_window_find_node_row (rs->window, rs->node);

  return row != NULL &&
         g_strcmp0 (slipway_node_row_get_state_label (SLIPWAY_NODE_ROW (row)), rs->state) == 0;
}

static void
wait_row_state (SlipwayWindow *window,
                const char    *node,
                const char    *state)
{
  RowState rs = { window, node, state };
  g_autofree char *what = g_strdup_printf ("%s to be %s in the sidebar", node, state);

  spin_until (row_has_state, &rs, what);
}

static gboolean
window_is_not_busy (gpointer data)
{
  return !slipway_window_get_busy (data);
}

static char *
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

static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

static void
assert_accessible_label (gpointer    widget,
                         const char *label)
{
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
}

static gboolean
dialog_is_shown (gpointer heading)
{
  return find_message_dialog (heading) != NULL;
}

static void
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

static gboolean
content_is_page (gpointer data)
{
  SlipwayWindow *window = ((gpointer *)data)[0];
  const char *page = ((gpointer *)data)[1];

  return g_strcmp0 (slipway_window_get_content_page (window), page) == 0;
}

static void
wait_content_page (SlipwayWindow *window,
                   const char    *page)
{
  gpointer data[2] = { window, (gpointer)page };

  spin_until (content_is_page, data, page);
}

static void
test_window_cluster (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = make_image ();
  g_autofree char *tabs = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.slipway.Slipway");
  SlipwayWindow *window;
  SlipwayTerminalGroup *group;
  SlipwayNodePane *pane;

  create_cluster (provisioner, image);
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 800);
  window = open_window (TEST_URI);

  /* The only cluster there is opens by itself, and is remembered. */
  g_assert_cmpstr (get_page (window), ==, "clusters");
  g_assert_cmpstr (slipway_window_get_cluster (window), ==, CLUSTER_NAME);
  g_assert_cmpstr (g_settings_get_string (settings, "last-cluster"), ==, CLUSTER_NAME);
  g_assert_nonnull (find_cluster_row (window, CLUSTER_NAME));

  /* Nodes by role in the sidebar, with their state and address. */
  wait_row_state (window, "gateway", "Booting");
  wait_row_state (window, "control0", "Booting");
  wait_row_state (window, "worker0", "Booting");
  wait_row_state (window, "worker1", "Booting");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (slipway_window_find_node_row (window, "worker1"))),
                            "10.77.3.13"));
  g_assert_cmpstr (slipway_window_get_content_page (window), ==, "terminals");

  /* The four groups hold the right tabs. */
  tabs = list_tabs (slipway_window_get_group (window, SLIPWAY_GROUP_GATEWAY));
  g_assert_cmpstr (tabs, ==, "gateway");
  g_free (tabs);
  tabs = list_tabs (slipway_window_get_group (window, SLIPWAY_GROUP_CONTROL));
  g_assert_cmpstr (tabs, ==, "control0");
  g_free (tabs);
  tabs = list_tabs (slipway_window_get_group (window, SLIPWAY_GROUP_WORKER));
  g_assert_cmpstr (tabs, ==, "worker0 worker1");
  g_free (tabs);
  tabs = list_tabs (slipway_window_get_group (window, SLIPWAY_GROUP_ALL));
  g_assert_cmpstr (tabs, ==, "gateway control0 worker0 worker1");

  /* Groups, node terminals and controls are found by name. */
  group = slipway_window_get_group (window, SLIPWAY_GROUP_WORKER);
  assert_accessible_label (group, "Workers terminals");
  pane = slipway_terminal_group_find_pane (group, "worker1");
  g_assert_nonnull (pane);
  assert_accessible_label (slipway_console_tab_get_terminal (slipway_node_pane_get_tab (pane, SLIPWAY_PANE_SLOT_SERIAL)),
                           "worker1 serial console");
  assert_accessible_label (slipway_console_tab_get_terminal (slipway_node_pane_get_tab (pane, SLIPWAY_PANE_SLOT_SSH)),
                           "worker1 SSH session");
  assert_accessible_label (find_widget (slipway_window_find_node_row (window, "worker1"), is_menu_button, NULL),
                           "Actions for worker1");

  /* The test driver has no consoles: the serial tab says so and retries;
   * the SSH tab waits for the node to be ready. */
  g_assert_true (slipway_console_tab_get_banner_visible (slipway_node_pane_get_tab (pane, SLIPWAY_PANE_SLOT_SSH)));
  g_assert_false (slipway_ssh_tab_get_running (SLIPWAY_SSH_TAB (slipway_node_pane_get_tab (pane, SLIPWAY_PANE_SLOT_SSH))));

  /* Keyboard navigation between groups. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-group", "i", 2));
  g_assert_cmpint (slipway_window_get_visible_group (window), ==, SLIPWAY_GROUP_WORKER);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-node", "s", "worker1"));
  /* Let the page transition from the spinner finish before the picture. */
  spin_for (1000);
  g_assert_true (adw_tab_view_get_selected_page (slipway_terminal_group_get_tab_view (group)) ==
                 adw_tab_view_get_nth_page (slipway_terminal_group_get_tab_view (group), 1));
  save_screenshot (GTK_WIDGET (window), "main-window-cluster");

  /* Tiled: every terminal of the group side by side, then back to tabs. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (group), "group.tiled", NULL));
  g_assert_true (slipway_terminal_group_get_tiled (group));
  g_assert_true (GTK_IS_GRID (gtk_widget_get_parent (GTK_WIDGET (pane))));
  save_screenshot (GTK_WIDGET (window), "main-window-tiled");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (group), "group.tiled", NULL));
  g_assert_true (ADW_IS_BIN (gtk_widget_get_parent (GTK_WIDGET (pane))));

  /* Lifecycle: force off one node, through the core. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.force-off", "s", "worker1"));
  g_assert_true (slipway_window_get_busy (window));
  spin_until (window_is_not_busy, window, "force off");
  wait_row_state (window, "worker1", "Stopped");
  wait_row_state (window, "worker0", "Booting");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", "s", "worker1"));
  spin_until (window_is_not_busy, window, "start");
  wait_row_state (window, "worker1", "Booting");

  /* Reset one node: the confirmation says what is lost. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", "s", "worker0"));
  confirm ("Reset worker0?",
           "Its disk is replaced by a fresh copy of the base image: everything written on worker0 "
           "since it was created is lost. Its name, MAC and address stay.",
           "reset");
  spin_until (window_is_not_busy, window, "reset");
  wait_row_state (window, "worker0", "Booting");
  /* The terminals stay open across the reset. */
  g_assert_true (slipway_terminal_group_find_pane (group, "worker0") != NULL);

  /* Reset a role, in one click; cancelling changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", "s", "worker"));
  confirm ("Reset the Workers?",
           "Their disks are replaced by fresh copies of the base image: everything written on "
           "worker0 and worker1 since they were created is lost. Their names, MACs and addresses stay.",
           "cancel");
  g_assert_false (slipway_window_get_busy (window));

  /* Every node off: the terminal area says so, with a Start button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.force-off", "s", ""));
  spin_until (window_is_not_busy, window, "force off all");
  wait_row_state (window, "gateway", "Stopped");
  wait_content_page (window, "stopped");
  save_screenshot (GTK_WIDGET (window), "main-window-stopped");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", "s", ""));
  spin_until (window_is_not_busy, window, "start all");
  wait_content_page (window, "terminals");
  wait_row_state (window, "gateway", "Booting");

  /* A narrow window folds the sidebar away. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 640);
  spin_for (300);
  save_screenshot (GTK_WIDGET (window), "main-window-1024");

  /* Destroy, with a confirmation naming the cluster. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.destroy-cluster", NULL));
  confirm ("Destroy lab?", NULL, "destroy");
  spin_until (window_is_not_busy, window, "destroy");
  spin_until (window_is_idle, window, "the list of clusters");
  g_assert_cmpstr (get_page (window), ==, "empty");
  g_assert_null (slipway_window_get_cluster (window));

  close_window (window);
  g_unlink (image);
}

static void
test_window_open_named_cluster (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = make_image ();
  SlipwayWindow *window;

  create_cluster (provisioner, image);
  window = open_window (TEST_URI);
  g_assert_cmpstr (slipway_window_get_cluster (window), ==, CLUSTER_NAME);

  /* A name that is not there keeps what is shown, and says so. */
  slipway_window_open_cluster (window, "nosuchcluster");
  spin_until (window_is_idle, window, "the list of clusters");
  g_assert_cmpstr (slipway_window_get_cluster (window), ==, CLUSTER_NAME);

  slipway_window_open_cluster (window, CLUSTER_NAME);
  spin_until (window_is_idle, window, "the list of clusters");
  g_assert_cmpstr (slipway_window_get_cluster (window), ==, CLUSTER_NAME);

  close_window (window);
  destroy_cluster (provisioner);
  g_unlink (image);
}

static void
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
static char *
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = isolate_home ();
  int ret;

  /* The tests read accessible names back: GTK's test backend keeps them. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  load_app_style ();

  if (!gvir_init_object_check (NULL, NULL, &error))
    g_error ("Could not initialise libvirt-gobject: %s", error->message);

  keep_alive = virConnectOpen (TEST_URI);
  g_assert_nonnull (keep_alive);

  g_test_add_func ("/slipway/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/slipway/window/remembers-size", test_window_remembers_size);
  /* In this order: "empty" needs a host without clusters. */
  g_test_add_func ("/slipway/window/empty", test_window_empty);
  g_test_add_func ("/slipway/window/lists-clusters", test_window_lists_clusters);
  g_test_add_func ("/slipway/window/error", test_window_error);
  g_test_add_func ("/slipway/window/cluster", test_window_cluster);
  g_test_add_func ("/slipway/window/open-named-cluster", test_window_open_named_cluster);

  ret = g_test_run ();
  virConnectClose (keep_alive);
  remove_tree (home);

  return ret;
}
