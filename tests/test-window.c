/* test-window.c: the main window against libvirt's test driver
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <libvirt-gobject/libvirt-gobject.h>
#include <unistd.h>

#include "slipway-job-private.h"
#include "slipway-ssh-tab.h"
#include "window-test-utils.h"

#define UNREACHABLE_URI "qemu+unix:///system?socket=/nonexistent"

/* test:///default keeps its state only while a connection to it is open:
 * hold one for the whole program, so the window and the test see one host. */

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

/* A terminal takes every key that reaches it: the window's own shortcuts
 * that must work from a terminal are caught before, in the capture phase. */
static void
test_window_shortcuts_pass_terminals (void)
{
  static const char * const expected[] = {
    "<Control><Shift>e", "<Control><Shift>o", "<Control><Shift>k", "<Control><Alt>s",
    "<Alt>Return", "<Control><Alt>t",
  };
  SlipwayWindow *window = slipway_window_new (NULL, TEST_URI);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (expected[e]);
      gboolean found = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
              gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) != GTK_PHASE_CAPTURE)
            continue;

          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !found; j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

              found = gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted);
            }
        }
      if (!found)
        g_error ("%s is not caught before the terminals", expected[e]);
    }

  g_clear_object (&controllers);
  close_window (window);
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
  g_autofree char *image = slipway_test_make_disk_image ();
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

static void
test_window_cluster (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
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
  /* Without a baseline (the test driver's nodes never get ready), Reset
   * rebuilds, and says so in the core's words, which slipwayctl uses. */
  confirm ("Reset worker0?",
           "Rebuild “worker0” from the base image? Their disks are replaced by fresh ones and they "
           "boot for the first time: everything on them is lost.",
           "reset");
  spin_until (window_is_not_busy, window, "reset");
  wait_row_state (window, "worker0", "Booting");
  /* The terminals stay open across the reset. */
  g_assert_true (slipway_terminal_group_find_pane (group, "worker0") != NULL);

  /* Reset a role, in one click; cancelling changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", "s", "worker"));
  confirm ("Reset the Workers?", NULL, "cancel");
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
  g_autofree char *image = slipway_test_make_disk_image ();
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

/* ------------------------------------------------------------------------ */
/* Operations: actions follow them, the application is held, closing asks   */

static void
test_window_actions_follow_operations (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  SlipwayWindow *window;

  create_cluster (provisioner, image);
  window = open_window (TEST_URI);
  wait_row_state (window, "worker0", "Booting");
  wait_row_state (window, "worker1", "Booting");

  /* Every node runs: nothing to start, nothing to cancel. */
  g_assert_false (action_enabled (window, "win.start"));
  g_assert_true (action_enabled (window, "win.force-off"));
  g_assert_true (action_enabled (window, "win.reset"));
  g_assert_true (action_enabled (window, "win.destroy-cluster"));
  g_assert_false (action_enabled (window, "win.cancel-operation"));
  g_assert_false (action_enabled (window, "win.reconnect"));

  /* While an operation runs, nothing else may start on the cluster; its
   * Cancel is there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.force-off", "s", "worker1"));
  g_assert_true (slipway_window_get_busy (window));
  g_assert_false (action_enabled (window, "win.force-off"));
  g_assert_false (action_enabled (window, "win.shutdown"));
  g_assert_false (action_enabled (window, "win.reset"));
  g_assert_false (action_enabled (window, "win.destroy-cluster"));
  g_assert_true (action_enabled (window, "win.cancel-operation"));
  {
    g_autofree char *reason = slipway_window_dup_busy_reason (window);

    g_assert_cmpstr (reason, ==, "Forcing off cluster lab");
  }

  /* A second operation on the busy cluster does not start. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.force-off", "s", "worker0");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", "s", "worker0");
  g_assert_null (find_message_dialog (NULL));

  spin_until (window_is_not_busy, window, "force off");
  wait_row_state (window, "worker1", "Stopped");
  g_assert_cmpstr (slipway_node_row_get_state_label (SLIPWAY_NODE_ROW (slipway_window_find_node_row (window, "worker0"))),
                   ==, "Booting");

  /* Re-enabled after, from the new states. */
  g_assert_true (action_enabled (window, "win.start"));
  g_assert_true (action_enabled (window, "win.force-off"));
  g_assert_true (action_enabled (window, "win.reset"));
  g_assert_false (action_enabled (window, "win.cancel-operation"));
  g_assert_null (slipway_window_dup_busy_reason (window));

  /* Cancel stops the operation of the cluster shown, and says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", "s", "worker1"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-operation", NULL));
  g_assert_false (action_enabled (window, "win.cancel-operation"));
  spin_until (window_is_not_busy, window, "the start to end");
  g_assert_true (action_enabled (window, "win.reset"));

  /* How a running operation looks: its step, its progress, its Cancel. */
  {
    SlipwayWindowOperation op = { .self = window, .operation = SLIPWAY_OPERATION_RESET,
                                  .cluster = (char *)CLUSTER_NAME, .fraction = 0.4,
                                  .step = (char *)"Writing the cloud-init seed" };

    op.cancellable = g_cancellable_new ();
    g_hash_table_insert (window->operations, op.cluster, &op);
    _slipway_window_update_operation_bar (window);
    _slipway_window_actions_update (window);
    spin_for (300);
    save_screenshot (GTK_WIDGET (window), "main-window-operation");
    g_hash_table_remove (window->operations, op.cluster);
    _slipway_window_update_operation_bar (window);
    _slipway_window_actions_update (window);
    g_object_unref (op.cancellable);
  }

  close_window (window);
  destroy_cluster (provisioner);
  g_unlink (image);
}

static gboolean
reset_is_enabled (gpointer window)
{
  return action_enabled (window, "win.reset");
}

static gboolean
reset_is_disabled (gpointer window)
{
  return !action_enabled (window, "win.reset");
}

/* Another process's operation on the cluster (its lock, held by the test's
 * lock-holder) greys the actions out, and they come back when it ends. */
static void
test_window_actions_follow_other_processes (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "lock-holder", NULL);
  g_autofree char *line = NULL;
  g_autofree char *image = slipway_test_make_disk_image ();
  SlipwayWindow *window;

  create_cluster (provisioner, image);
  window = open_window (TEST_URI);
  wait_row_state (window, "worker0", "Booting");
  g_assert_true (action_enabled (window, "win.reset"));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  holder = g_subprocess_launcher_spawn (launcher, &error, helper, TEST_URI, CLUSTER_NAME, "reset", "worker0", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "locked");

  spin_until (reset_is_disabled, window, "the actions to grey out");
  g_assert_false (action_enabled (window, "win.destroy-cluster"));
  g_assert_false (action_enabled (window, "win.force-off"));
  g_assert_false (action_enabled (window, "win.shutdown"));

  /* Killed, as by a crash: the lock goes, the actions come back. */
  g_subprocess_send_signal (holder, SIGKILL);
  g_subprocess_wait (holder, NULL, &error);
  g_assert_no_error (error);
  spin_until (reset_is_enabled, window, "the actions to come back");
  g_assert_true (action_enabled (window, "win.destroy-cluster"));
  g_assert_true (action_enabled (window, "win.force-off"));

  close_window (window);
  destroy_cluster (provisioner);
  g_unlink (image);
}

static void
test_window_operation_holds_application (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  SlipwayApplication *app = start_application ();
  SlipwayWindow *window;
  AdwMessageDialog *dialog;

  create_cluster (provisioner, image);
  window = slipway_window_new (GTK_APPLICATION (app), TEST_URI);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (window_is_idle, window, "the first list of clusters");
  wait_row_state (window, "worker1", "Booting");
  g_assert_false (slipway_application_get_busy (app));

  /* Held (and logout inhibited) while the operation runs, released after. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.force-off", "s", "worker1"));
  g_assert_true (slipway_application_get_busy (app));
  spin_until (application_is_idle, app, "the application to be released");
  g_assert_false (slipway_window_get_busy (window));

  /* Quitting in the middle asks, and says what runs and what stopping does. */
  wait_row_state (window, "worker1", "Stopped");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", "s", "worker1"));
  g_assert_true (slipway_application_get_busy (app));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dialog = find_message_dialog ("Stop and Quit?");
  g_assert_nonnull (dialog);
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "Starting cluster lab is not finished. It stops after the node"));
  confirm ("Stop and Quit?", NULL, "cancel");
  g_assert_true (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL);
  spin_until (application_is_idle, app, "the start to end");

  /* Closing the window in the middle asks too; keeping it changes nothing. */
  wait_row_state (window, "worker0", "Booting");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.force-off", "s", "worker0"));
  g_assert_true (slipway_application_get_busy (app));
  gtk_window_close (GTK_WINDOW (window));
  confirm ("Stop and Close?", NULL, "cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  spin_until (application_is_idle, app, "the force off to end");

  /* Nothing runs: no question. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_null (find_message_dialog (NULL));

  /* Stop and close: the window goes at once, the application stays held
   * until the operation has ended. */
  wait_row_state (window, "worker0", "Stopped");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", "s", "worker0"));
  g_assert_true (slipway_application_get_busy (app));
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  confirm ("Stop and Close?", NULL, "close");
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  spin_until (application_is_idle, app, "the application to be released");
  g_object_unref (window);

  destroy_cluster (provisioner);
  g_object_unref (app);
  g_unlink (image);
}

static gboolean
connection_is_back (gpointer data)
{
  return !slipway_window_get_connection_lost (data);
}

static gboolean
no_status_read (gpointer data)
{
  return !slipway_window_get_loading (data);
}

static void
test_window_connection_lost (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  g_autoptr(GError) error = g_error_new_literal (SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                                                 "Cannot recv data: Connection reset by peer");
  SlipwayWindow *window;

  create_cluster (provisioner, image);
  window = open_window (TEST_URI);
  wait_row_state (window, "worker1", "Booting");
  g_assert_false (slipway_window_get_connection_lost (window));

  /* What the window does when a status read fails with anything but
   * NOT_FOUND: the test driver never drops, so say it did. Nothing polls:
   * Reconnect must find it back. */
  spin_until (no_status_read, window, "the last status read to end");
  _slipway_window_connection_failed (window, error);
  g_assert_true (slipway_window_get_connection_lost (window));
  g_assert_cmpstr (slipway_node_row_get_state_label (SLIPWAY_NODE_ROW (slipway_window_find_node_row (window, "worker1"))),
                   ==, "Unknown");
  g_assert_cmpstr (gtk_label_get_label (find_label_with_class (GTK_WIDGET (find_cluster_row (window, CLUSTER_NAME)),
                                                              "cluster-state")),
                   ==, "Unknown");
  /* The overview's boxes say so too (worker1 is the fourth). */
  g_assert_cmpstr (slipway_topology_view_get_node_state (slipway_cluster_overview_get_topology_view (slipway_window_get_overview (window)), 3),
                   ==, "Unknown");
  /* No stale count of running nodes either: only what cannot change. */
  g_assert_cmpstr (adw_action_row_get_subtitle (find_cluster_row (window, CLUSTER_NAME)), ==,
                   "4 nodes · 10.77.3.0/24 · lab.test");
  g_assert_true (action_enabled (window, "win.reconnect"));
  g_assert_false (action_enabled (window, "win.force-off"));
  g_assert_false (action_enabled (window, "win.reset"));
  spin_for (300);
  save_screenshot (GTK_WIDGET (window), "main-window-connection-lost");

  /* Reconnect reads the states again, and they are live once more. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reconnect", NULL));
  spin_until (connection_is_back, window, "the connection to be back");
  wait_row_state (window, "worker1", "Booting");
  g_assert_cmpstr (gtk_label_get_label (find_label_with_class (GTK_WIDGET (find_cluster_row (window, CLUSTER_NAME)),
                                                              "cluster-state")),
                   ==, "Running");
  g_assert_cmpstr (slipway_topology_view_get_node_state (slipway_cluster_overview_get_topology_view (slipway_window_get_overview (window)), 3),
                   ==, "Booting");
  g_assert_false (action_enabled (window, "win.reconnect"));
  g_assert_true (action_enabled (window, "win.reset"));
  g_assert_cmpstr (adw_action_row_get_subtitle (find_cluster_row (window, CLUSTER_NAME)), ==,
                   "4 nodes · 4 running · 10.77.3.0/24 · lab.test");

  close_window (window);
  destroy_cluster (provisioner);
  g_unlink (image);
}

/* libvirt's events reach the sidebar through the model: a node stopped
 * behind the window's back shows as stopped with no status read. */
static void
test_window_follows_events (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  SlipwayCluster *cluster;
  SlipwayNode *node;
  virDomainPtr dom;
  SlipwayWindow *window;

  create_cluster (provisioner, image);
  window = open_window (TEST_URI);
  wait_row_state (window, "worker1", "Booting");
  spin_until (no_status_read, window, "the last status read to end");

  cluster = slipway_connection_find_cluster (slipway_window_get_connection (window), CLUSTER_NAME);
  g_assert_nonnull (cluster);
  node = slipway_cluster_find_node (cluster, "worker1");
  g_assert_nonnull (node);

  dom = virDomainLookupByName (window_test_host, slipway_node_get_domain_name (node));
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  wait_row_state (window, "worker1", "Stopped");
  g_assert_false (slipway_window_get_loading (window));
  g_assert_cmpstr (gtk_label_get_label (find_label_with_class (GTK_WIDGET (find_cluster_row (window, CLUSTER_NAME)),
                                                              "cluster-state")),
                   ==, "Partly Running");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_cluster_row (window, CLUSTER_NAME))),
                            "3 running"));

  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  wait_row_state (window, "worker1", "Booting");
  virDomainFree (dom);

  close_window (window);
  destroy_cluster (provisioner);
  g_unlink (image);
}

/* One model per URI in the application: its windows share it. */
static void
test_window_shares_connection (void)
{
  SlipwayApplication *app = start_application ();
  SlipwayConnection *connection = slipway_application_get_connection (app, TEST_URI);
  g_autoptr(SlipwayConnection) shared = NULL;
  SlipwayWindow *window;
  SlipwayWindow *other;
  GtkWindow *wizard;

  g_assert_true (slipway_application_get_connection (app, TEST_URI) == connection);

  window = slipway_window_new (GTK_APPLICATION (app), TEST_URI);
  other = slipway_window_new (GTK_APPLICATION (app), TEST_URI);
  g_assert_true (slipway_window_get_connection (window) == connection);
  g_assert_true (slipway_window_get_connection (other) == connection);
  spin_until (window_is_idle, window, "the first list of clusters");
  spin_until (window_is_idle, other, "the first list of clusters");
  /* The wizard opened from the window creates on the same model. */
  wizard = slipway_application_new_cluster (app);
  g_object_get (wizard, "connection", &shared, NULL);
  g_assert_true (shared == connection);
  gtk_window_destroy (wizard);

  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
}

/* What main() does after g_application_run(): the windows left and the
 * application go, and with them the connection, before the process exits. */
static void
test_window_exit_drops_and_waits (void)
{
  SlipwayApplication *app = start_application ();
  SlipwayWindow *window = slipway_window_new (GTK_APPLICATION (app), TEST_URI);
  gpointer connection = slipway_window_get_connection (window);

  /* Still listing: its workers run. */
  g_object_add_weak_pointer (connection, &connection);
  g_assert_true (slipway_application_drop_and_wait (app, 10));
  g_assert_null (connection);
}

/* What a checkpoint's worker holds from its first pause to its last
 * resume, let go well after the exit's time limit. */
static gboolean paused_nodes_resumed;

static gboolean
resume_paused_nodes_cb (gpointer data)
{
  _slipway_worker_must_finish_end ();
  _slipway_worker_release ();
  paused_nodes_resumed = TRUE;

  return G_SOURCE_REMOVE;
}

/* An exit in the middle of a checkpoint waits past its limit until the
 * nodes are resumed: leaving before would leave them paused. */
static void
test_window_exit_waits_for_paused_nodes (void)
{
  SlipwayApplication *app = start_application ();

  _slipway_worker_hold ();
  _slipway_worker_must_finish_begin ();
  g_timeout_add (3500, resume_paused_nodes_cb, NULL);
  g_assert_true (slipway_application_drop_and_wait (app, 1));
  g_assert_true (paused_nodes_resumed);
  g_assert_false (slipway_worker_must_finish ());
}

static gboolean
send_sigterm_cb (gpointer data)
{
  raise (SIGTERM);

  return G_SOURCE_REMOVE;
}

/* SIGTERM (a session that ends, `kill`) quits as Quit does: the run
 * returns, and the exit then waits for the workers. */
static void
test_window_quits_on_sigterm (void)
{
  SlipwayApplication *app = start_application ();
  SlipwayWindow *window = slipway_window_new (GTK_APPLICATION (app), TEST_URI);

  gtk_window_present (GTK_WINDOW (window));
  g_timeout_add (100, send_sigterm_cb, NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (slipway_application_drop_and_wait (app, 10));
}

static void
add_tests (void)
{
  g_test_add_func ("/slipway/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/slipway/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/slipway/window/shortcuts-pass-terminals", test_window_shortcuts_pass_terminals);
  /* In this order: "empty" needs a host without clusters. */
  g_test_add_func ("/slipway/window/empty", test_window_empty);
  g_test_add_func ("/slipway/window/lists-clusters", test_window_lists_clusters);
  g_test_add_func ("/slipway/window/error", test_window_error);
  g_test_add_func ("/slipway/window/cluster", test_window_cluster);
  g_test_add_func ("/slipway/window/open-named-cluster", test_window_open_named_cluster);
  g_test_add_func ("/slipway/window/actions-follow-operations", test_window_actions_follow_operations);
  g_test_add_func ("/slipway/window/actions-follow-other-processes",
                   test_window_actions_follow_other_processes);
  g_test_add_func ("/slipway/window/operation-holds-application", test_window_operation_holds_application);
  g_test_add_func ("/slipway/window/connection-lost", test_window_connection_lost);
  g_test_add_func ("/slipway/window/follows-events", test_window_follows_events);
  g_test_add_func ("/slipway/window/shares-connection", test_window_shares_connection);
  g_test_add_func ("/slipway/window/exit-drops-and-waits", test_window_exit_drops_and_waits);
  g_test_add_func ("/slipway/window/exit-waits-for-paused-nodes", test_window_exit_waits_for_paused_nodes);
  g_test_add_func ("/slipway/window/quits-on-sigterm", test_window_quits_on_sigterm);
}

int
main (int   argc,
      char *argv[])
{
  return window_test_main (&argc, &argv, add_tests);
}
