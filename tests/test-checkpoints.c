/* test-checkpoints.c: the Checkpoints view against libvirt's test driver
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-checkpoints-dialog.h"
#include "slipway-cluster-private.h"
#include "window-test-utils.h"

/* test:///default keeps its state only while a connection to it is open. */

static SlipwayCheckpointsDialog *
find_checkpoints_dialog (void)
{
  return find_toplevel (SLIPWAY_TYPE_CHECKPOINTS_DIALOG);
}

static gboolean
has_n_rows (gpointer data)
{
  SlipwayCheckpointsDialog *dialog = ((gpointer *)data)[0];
  guint n = GPOINTER_TO_UINT (((gpointer *)data)[1]);

  return slipway_checkpoints_dialog_get_n_rows (dialog) == n;
}

static void
wait_n_rows (SlipwayCheckpointsDialog *dialog,
             guint                     n)
{
  gpointer data[] = { dialog, GUINT_TO_POINTER (n) };

  spin_until (has_n_rows, data, "the list of checkpoints");
}

static gboolean
is_entry_row (GtkWidget     *widget,
              gconstpointer  title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* Save Checkpoint…: a name and a description, through the window. */
static void
save_checkpoint (SlipwayWindow *window,
                 const char    *name,
                 const char    *description)
{
  AdwMessageDialog *dialog;
  GtkWidget *name_row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-checkpoint", NULL));
  spin_until (dialog_is_shown, (gpointer)"Save Checkpoint", "the save dialog");
  dialog = find_message_dialog ("Save Checkpoint");

  /* An invalid name cannot be saved, and says why. */
  name_row = find_widget (GTK_WIDGET (dialog), is_entry_row, "Name");
  g_assert_nonnull (name_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "-bad name");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  spin_for (300);
  save_screenshot (GTK_WIDGET (dialog), "checkpoints-save-invalid");
  gtk_editable_set_text (GTK_EDITABLE (name_row), name);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), is_entry_row, "Description (optional)")),
                         description);

  spin_for (300);
  save_screenshot (GTK_WIDGET (dialog), "checkpoints-save");
  confirm ("Save Checkpoint", NULL, "save");
  g_assert_true (slipway_window_get_busy (window));
  spin_until (window_is_not_busy, window, "the checkpoint to be saved");
}

static void
test_checkpoints_view (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autofree char *image = slipway_test_make_disk_image ();
  SlipwayCheckpointsDialog *dialog;
  SlipwayCluster *cluster;
  SlipwayWindow *window;
  GtkWidget *button;

  create_cluster (provisioner, image);
  window = open_window (TEST_URI);
  wait_row_state (window, "worker1", "Booting");
  cluster = slipway_connection_find_cluster (slipway_window_get_connection (window), CLUSTER_NAME);
  g_assert_nonnull (cluster);

  /* No checkpoint yet: the view says what one is and offers to save one. */
  g_assert_true (action_enabled (window, "win.save-checkpoint"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checkpoints", "s", ""));
  dialog = find_checkpoints_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (slipway_checkpoints_dialog_get_page (dialog), ==, "empty");
  spin_for (300);
  save_screenshot (GTK_WIDGET (dialog), "checkpoints-empty");

  /* Saved from the window, listed in the view with its time, nodes and
   * description. */
  save_checkpoint (window, "before-upgrade", "Before the kernel upgrade");
  wait_n_rows (dialog, 1);
  g_assert_cmpstr (slipway_checkpoints_dialog_get_page (dialog), ==, "list");
  g_assert_nonnull (slipway_cluster_find_checkpoint (cluster, "before-upgrade"));
  {
    g_autofree char *summary = slipway_checkpoint_dup_summary (slipway_cluster_find_checkpoint (cluster, "before-upgrade"), 4);

    g_assert_nonnull (strstr (summary, "All 4 nodes"));
    g_assert_nonnull (strstr (summary, "Before the kernel upgrade"));
  }
  spin_for (300);
  save_screenshot (GTK_WIDGET (dialog), "checkpoints-list");

  /* Restore from the node's menu: worker1 alone goes back, running again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.force-off", "s", "worker1");
  spin_until (window_is_not_busy, window, "force off");
  wait_row_state (window, "worker1", "Stopped");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checkpoints", "s", "worker1"));
  g_assert_true (find_checkpoints_dialog () == dialog);
  g_assert_cmpstr (slipway_checkpoints_dialog_get_target (dialog), ==, "worker1");
  wait_n_rows (dialog, 1);
  button = slipway_checkpoints_dialog_find_button (dialog, "before-upgrade", "restore");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  spin_until (dialog_is_shown, (gpointer)"Restore “before-upgrade”?", "the confirmation");
  spin_for (300);
  save_screenshot (GTK_WIDGET (find_message_dialog ("Restore “before-upgrade”?")), "checkpoints-restore");
  confirm ("Restore “before-upgrade”?",
           "Restore “worker1” to checkpoint “before-upgrade”? Everything done on them since it was "
           "saved is lost: files, running programs and their state.",
           "restore");
  g_assert_true (slipway_window_get_busy (window));
  spin_until (window_is_not_busy, window, "the restore");
  wait_row_state (window, "worker1", "Booting");
  g_assert_cmpstr (slipway_node_row_get_state_label (SLIPWAY_NODE_ROW (slipway_window_find_node_row (window, "worker0"))),
                   ==, "Booting");

  /* Delete takes it off the list; the view explains checkpoints again. */
  button = slipway_checkpoints_dialog_find_button (dialog, "before-upgrade", "delete");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  confirm ("Delete “before-upgrade”?", NULL, "delete");
  spin_until (window_is_not_busy, window, "the delete");
  wait_n_rows (dialog, 0);
  g_assert_cmpstr (slipway_checkpoints_dialog_get_page (dialog), ==, "empty");
  g_assert_null (slipway_cluster_find_checkpoint (cluster, "before-upgrade"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Nodes that boot with UEFI (aarch64 ones) can take none: the view says
   * why instead of offering a save, and the cluster refuses one. The test
   * driver has no firmware: the cluster is told so by hand. */
  cluster->nvram = TRUE;
  g_assert_nonnull (slipway_cluster_get_checkpoints_unsupported (cluster));
  g_assert_false (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_SAVE_CHECKPOINT, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-checkpoints", "s", ""));
  dialog = find_checkpoints_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (slipway_checkpoints_dialog_get_page (dialog), ==, "unsupported");
  spin_for (300);
  save_screenshot (GTK_WIDGET (dialog), "checkpoints-unsupported");
  cluster->nvram = FALSE;

  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (window);
  destroy_cluster (provisioner);
  g_unlink (image);
}

static void
add_tests (void)
{
  g_test_add_func ("/slipway/checkpoints/view", test_checkpoints_view);
}

int
main (int   argc,
      char *argv[])
{
  return window_test_main (&argc, &argv, add_tests);
}
