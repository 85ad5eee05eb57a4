/* test-window.c: the main window against libvirt's test driver
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <unistd.h>

#include "slipway-window.h"
#include "slipway.h"

#define TEST_URI        "test:///default"
#define UNREACHABLE_URI "qemu+unix:///system?socket=/nonexistent"
#define CLUSTER_NAME    "lab"

/* Not a performance bound: only there so that a hang fails instead of blocking CI. */
#define TIMEOUT_SECONDS 60

/* test:///default keeps its state only while a connection to it is open:
 * hold one for the whole program, so the window and the test see one host. */
static virConnectPtr keep_alive;

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the default main context until @condition holds. */
static void
spin_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;
  guint wake_up = g_timeout_add (50, wake_up_cb, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %d s waiting for %s", TIMEOUT_SECONDS, what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake_up);
}

static gboolean
window_is_idle (gpointer data)
{
  return !slipway_window_get_loading (data);
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
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
  empty = ADW_STATUS_PAGE (get_page_child (window, "empty"));
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Clusters");

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
  error_page = ADW_STATUS_PAGE (get_page_child (window, "error"));
  description = adw_status_page_get_description (error_page);
  g_assert_nonnull (description);
  g_assert_cmpstr (description, !=, "");
  g_test_message ("Error shown: %s", description);

  button = adw_status_page_get_child (error_page);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.reload");

  /* Trying again shows the spinner, then the error again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  g_assert_cmpstr (get_page (window), ==, "loading");
  spin_until (window_is_idle, window, "the list of clusters");
  g_assert_cmpstr (get_page (window), ==, "error");

  close_window (window);
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

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

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

  ret = g_test_run ();
  virConnectClose (keep_alive);
  remove_tree (home);

  return ret;
}
