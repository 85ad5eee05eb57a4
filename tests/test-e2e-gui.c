/* test-e2e-gui.c: the window's terminals against a real libvirtd and guest
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs root, a running libvirtd (qemu:///system) and the test image that
 * tests/e2e/build-image.sh caches; skips otherwise. One small TCG node on an
 * isolated network in 10.234.0.0/16, destroyed at the end even when a check
 * fails (the checks run in a subprocess).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libvirt-gobject/libvirt-gobject.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-node-pane.h"
#include "slipway-ssh-tab.h"
#include "slipway-window.h"
#include "slipway.h"
#include "slipway-provisioner-private.h"

/* Every other wait (the list of clusters, a dialog) is bounded generously too:
 * libvirt answers slowly while the host is busy booting guests. */
#define TIMEOUT_SECONDS 600
#include "ui-test-utils.h"

#define URI      "qemu:///system"
#define IMAGE    "/var/cache/slipway-tests/debian-12-slipway-test.qcow2"
#define NODE     "worker0"
/* A bound, not an expectation: a TCG guest on a busy 2-core machine took
 * over 10 minutes to reach its login prompt. */
#define BOOT_S   1800

static char *cluster;
static char *subnet;
/* URI, or the loopback "remote" host of /slipway/e2e-gui/remote. */
static const char *uri = URI;

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
destroy_cluster (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slipway_provisioner_destroy_async (provisioner, cluster, SLIPWAY_DESTROY_FLAGS_DELETE_KEYS,
                                     NULL, store_result_cb, &result);
  spin_until_for (result_is_set, &result, "the cluster to be destroyed", 900);
  if (!slipway_provisioner_destroy_finish (provisioner, result, &error) &&
      !g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND))
    g_test_message ("Destroying %s: %s", cluster, error->message);
}

static void
create_cluster (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (uri);
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default (cluster);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_free (spec->image);
  spec->image = g_strdup (IMAGE);
  g_free (spec->subnet);
  spec->subnet = g_strdup (subnet);
  g_free (spec->domain);
  spec->domain = g_strdup ("gui.test");
  g_free (spec->user);
  spec->user = g_strdup ("debian");
  spec->network = SLIPWAY_NETWORK_ISOLATED;
  spec->accelerator = SLIPWAY_ACCELERATOR_TCG;
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 0;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = 0;
  spec->roles[SLIPWAY_ROLE_WORKER].count = 1;
  for (guint i = 0; i < SLIPWAY_N_ROLES; i++)
    {
      spec->roles[i].vcpus = 1;
      spec->roles[i].memory_bytes = 768ull * 1024 * 1024;
      spec->roles[i].disk_bytes = 4ull * 1024 * 1024 * 1024;
    }

  slipway_provisioner_create_async (provisioner, spec, NULL, store_result_cb, &result);
  spin_until_for (result_is_set, &result, "the cluster to be created", BOOT_S);
  slipway_provisioner_create_finish (provisioner, result, &error);
  g_assert_no_error (error);
}

typedef struct
{
  SlipwayConsoleTab *tab;
  const char        *text;
  guint              count;
} Seen;

static guint
count_in (const char *haystack,
          const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static gboolean
tab_shows (gpointer data)
{
  Seen *seen = data;
  g_autofree char *text = slipway_console_tab_dup_text (seen->tab);

  return text != NULL && count_in (text, seen->text) >= seen->count;
}

static guint
wait_shows (SlipwayConsoleTab *tab,
            const char        *text,
            guint              count,
            const char        *what)
{
  Seen seen = { tab, text, count };
  g_autofree char *screen = NULL;

  spin_until_for (tab_shows, &seen, what, BOOT_S);
  screen = slipway_console_tab_dup_text (tab);
  g_test_message ("%s: seen", what);

  return count_in (screen, text);
}

static gboolean
window_is_idle (gpointer data)
{
  return !slipway_window_get_loading (data) && !slipway_window_get_busy (data);
}

/* Saved, and the save is over: the checkpoint shows in the model once the
 * first node has it, before the nodes resume. */
static gboolean
has_baseline (gpointer data)
{
  return slipway_cluster_find_checkpoint (data, SLIPWAY_CHECKPOINT_BASELINE) != NULL &&
         slipway_cluster_get_operation (data) == NULL;
}

/* What the node details dialog shows, read off a real guest: the values
 * the test driver cannot have (a lease, an uptime, disk in use). */
static void
check_node_details (SlipwayCluster *model)
{
  g_autoptr(SlipwayNodeDetails) details = NULL;
  SlipwayNode *node = slipway_cluster_find_node (model, NODE);
  gint64 deadline = g_get_monotonic_time () + BOOT_S * G_USEC_PER_SEC;
  guint tries = 0;

  /* The uptime is one short ssh, which a loaded TCG guest just back from
   * its baseline save may not answer in time: the details then say it is
   * not known, and a second look finds it. */
  do
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_clear_pointer (&details, slipway_node_details_free);
      slipway_cluster_query_node_details_async (model, NODE, NULL, store_result_cb, &result);
      spin_until_for (result_is_set, &result, "the node's details", BOOT_S);
      details = slipway_cluster_query_node_details_finish (model, result, &error);
      g_assert_no_error (error);
      tries++;
    }
  while (details->uptime_seconds < 0 && g_get_monotonic_time () < deadline);
  g_test_message ("node details: %u look(s) until the uptime was known", tries);

  g_assert_cmpstr (details->ipv4, ==, slipway_node_get_ipv4 (node));
  g_assert_cmpstr (details->mac, ==, slipway_node_get_mac (node));
  g_assert_true (details->lease_known);
  g_assert_true (details->leased);
  g_assert_cmpint (details->lease_expiry, >, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpint (details->uptime_seconds, >, 0);
  g_assert_cmpuint (details->disk_allocation, >, 0);
  g_assert_cmpuint (details->disk_capacity, >=, details->disk_allocation);
  g_assert_true (g_str_has_prefix (details->host_key_fingerprint, "SHA256:"));
  g_test_message ("details: lease until %" G_GINT64_FORMAT ", up %" G_GINT64_FORMAT " s, "
                  "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes",
                  details->lease_expiry, details->uptime_seconds,
                  details->disk_allocation, details->disk_capacity);
}

static gboolean
node_is_ready (gpointer data)
{
  return slipway_node_get_readiness (data) == SLIPWAY_READINESS_READY;
}

static gboolean
ssh_sessions_at_least (gpointer data)
{
  SlipwaySshTab *tab = ((gpointer *)data)[0];
  guint n = GPOINTER_TO_UINT (((gpointer *)data)[1]);

  return slipway_ssh_tab_get_running (tab) && slipway_ssh_tab_get_n_sessions (tab) >= n;
}

static gboolean
dialog_is_shown (gpointer data)
{
  return find_message_dialog (data) != NULL;
}

static void
respond (const char *heading,
         const char *response)
{
  AdwMessageDialog *dialog;

  spin_until (dialog_is_shown, (gpointer)heading, "the confirmation");
  dialog = find_message_dialog (heading);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* slipwayctl console --force: another program that takes the console. */
static GSubprocess *
take_console (void)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *other;

  /* Its stdin stays open (a pipe we never close): only a closed console
   * ends it. Its stderr is not this process's: should this test process
   * fail while it runs, it must not hold the test harness's pipe open (the
   * harness waited for it until its own timeout); destroying the cluster
   * closes the console and ends it. */
  other = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                            G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error, SLIPWAYCTL, "--connect", uri, "--quiet", "console",
                            "--force", cluster, NODE, NULL);
  g_assert_no_error (error);

  return other;
}

static gboolean
subprocess_exited (gpointer data)
{
  /* Reaped by GLib's child watch, which the main context runs. */
  return g_subprocess_get_identifier (data) == NULL;
}

static gboolean
banner_says (gpointer data)
{
  SlipwayConsoleTab *tab = ((gpointer *)data)[0];
  const char *text = ((gpointer *)data)[1];
  const char *banner = slipway_console_tab_get_banner_text (tab);

  if (text == NULL)
    return !slipway_console_tab_get_banner_visible (tab);

  return slipway_console_tab_get_banner_visible (tab) && banner != NULL &&
         strstr (banner, text) != NULL;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* The window never takes the serial console from another program by
 * itself: it waits, says so, and takes it back when asked. */
static void
check_console_sharing (SlipwayWindow     *window,
                       SlipwayConsoleTab *serial)
{
  g_autoptr(GSubprocess) other = NULL;
  gpointer busy[2] = { serial, (gpointer)"is using the serial console" };
  gpointer connected[2] = { serial, NULL };
  GtkWidget *button;

  /* Another program takes it: the window lets go and says so... */
  other = take_console ();
  spin_until_for (banner_says, busy, "the window to say another program has the console", 120);
  save_screenshot (GTK_WIDGET (window), "e2e-serial-busy");
  /* ...and does not take it back while its retries come and go. */
  spin_for (12000);
  g_assert_false (subprocess_exited (other));
  g_assert_true (banner_says (busy));

  /* When that program leaves, the window reconnects by itself. */
  g_subprocess_send_signal (other, SIGTERM);
  spin_until_for (subprocess_exited, other, "the other console client to end", 60);
  spin_until_for (banner_says, connected, "the window to reconnect by itself", 120);
  g_clear_object (&other);

  /* Taken again; this time the person takes it back with Take Over. */
  other = take_console ();
  spin_until_for (banner_says, busy, "the window to let go again", 120);
  button = find_widget (GTK_WIDGET (serial), is_button_labelled, "_Take Over");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  spin_until_for (subprocess_exited, other, "Take Over to disconnect the other program", 120);
  spin_until_for (banner_says, connected, "the window to have the console again", 120);
}

static void
run_checks (void)
{
  SlipwayWindow *window = slipway_window_new (NULL, uri);
  SlipwayTerminalGroup *group;
  SlipwayNodePane *pane;
  SlipwayConsoleTab *serial, *ssh;
  g_autofree char *heading = g_strdup_printf ("Rebuild %s?", NODE);
  SlipwayCluster *model;
  guint logins, prompts;
  gpointer data[2];

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  slipway_window_open_cluster (window, cluster);
  spin_until (window_is_idle, window, "the list of clusters");
  g_assert_cmpstr (slipway_window_get_cluster (window), ==, cluster);

  group = slipway_window_get_group (window, SLIPWAY_GROUP_WORKER);
  pane = slipway_terminal_group_find_pane (group, NODE);
  g_assert_nonnull (pane);
  serial = slipway_node_pane_get_tab (pane, SLIPWAY_PANE_SLOT_SERIAL);
  ssh = slipway_node_pane_get_tab (pane, SLIPWAY_PANE_SLOT_SSH);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-node", "s", NODE));

  /* The serial tab shows the boot, then the login prompt. */
  wait_shows (serial, "login:", 1, "the login prompt on the serial console");
  save_screenshot (GTK_WIDGET (window), "e2e-serial");
  logins = wait_shows (serial, "login:", 1, "the login prompt");

  /* The SSH tab starts by itself once the node is ready, and reaches a shell. */
  slipway_terminal_group_set_slot (group, SLIPWAY_PANE_SLOT_SSH);
  data[0] = ssh;
  data[1] = GUINT_TO_POINTER (1);
  spin_until_for (ssh_sessions_at_least, data, "the SSH session", BOOT_S);
  prompts = wait_shows (ssh, "@" NODE ":~$", 1, "a shell prompt over SSH");
  save_screenshot (GTK_WIDGET (window), "e2e-ssh");

  /* The window's model takes the baseline by itself once the node is
   * ready: the node is paused while it is saved, and its serial tab says
   * so. Saved before the console is shared, so that the banner the
   * sharing shows is not replaced by the pause's in the middle. */
  model = slipway_connection_find_cluster (slipway_window_get_connection (window), cluster);
  g_assert_nonnull (model);
  spin_until_for (has_baseline, model, "the baseline", BOOT_S);

  slipway_terminal_group_set_slot (group, SLIPWAY_PANE_SLOT_SERIAL);
  check_console_sharing (window, serial);
  slipway_terminal_group_set_slot (group, SLIPWAY_PANE_SLOT_SSH);

  /* Restore the baseline from the node's menu: no boot, the same serial
   * tab, and the SSH session comes back by itself, without any prompt. */
  check_node_details (model);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restore", "(ss)",
                                             SLIPWAY_CHECKPOINT_BASELINE, NODE));
  respond ("Restore “" SLIPWAY_CHECKPOINT_BASELINE "”?", "restore");
  spin_until_for (window_is_idle, window, "the restore", BOOT_S);
  spin_until_for (node_is_ready, slipway_cluster_find_node (model, NODE),
                  "the node ready again after the restore", BOOT_S);
  /* The old session went with the old machine: hung up, not left hanging. */
  data[1] = GUINT_TO_POINTER (2);
  spin_until_for (ssh_sessions_at_least, data, "the SSH session to reconnect after the restore", BOOT_S);
  prompts = wait_shows (ssh, "@" NODE ":~$", prompts + 1, "a shell prompt over SSH after the restore");
  g_assert_false (slipway_console_tab_get_banner_visible (ssh));
  /* No boot: the serial tab shows no new login prompt. */
  {
    g_autofree char *screen = slipway_console_tab_dup_text (serial);

    g_assert_cmpuint (count_in (screen, "login:"), ==, logins);
  }
  save_screenshot (GTK_WIDGET (window), "e2e-after-restore");

  /* Rebuild, from the window: the same terminals show the new boot and
   * the SSH session comes back by itself, without any prompt. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rebuild", "s", NODE));
  respond (heading, "rebuild");
  spin_until_for (window_is_idle, window, "the rebuild", BOOT_S);

  wait_shows (serial, "login:", logins + 1, "the login prompt of the new boot");
  data[1] = GUINT_TO_POINTER (3);
  spin_until_for (ssh_sessions_at_least, data, "the SSH session to reconnect", BOOT_S);
  wait_shows (ssh, "@" NODE ":~$", prompts + 1, "a shell prompt over SSH after the rebuild");
  g_assert_false (slipway_console_tab_get_banner_visible (ssh));
  save_screenshot (GTK_WIDGET (window), "e2e-after-rebuild");

  gtk_window_destroy (GTK_WINDOW (window));
  spin_for (200);
}

static void
test_e2e_terminals (void)
{
  if (g_test_subprocess ())
    {
      run_checks ();
      return;
    }

  if (getuid () != 0 || !g_file_test ("/run/libvirt/libvirt-sock", G_FILE_TEST_EXISTS) ||
      !g_file_test (IMAGE, G_FILE_TEST_EXISTS))
    {
      /* build-aux/run-tests.sh provides all three and says so: there,
       * a missing one is a failure, not a reason to skip. */
      if (g_getenv ("SLIPWAY_E2E_REQUIRED") != NULL)
        g_test_fail_printf ("needs root, a running libvirtd (qemu:///system) and " IMAGE);
      else
        g_test_skip ("needs root, a running libvirtd (qemu:///system) and " IMAGE);
      return;
    }

  create_cluster ();
  g_test_trap_subprocess (NULL, (guint64)BOOT_S * 4 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  destroy_cluster ();
  g_test_trap_assert_passed ();
}

/* The window on a libvirt host reached over SSH (issue 14): a loopback
 * sshd in front of this machine's daemon (tests/e2e/loopback-sshd.sh), the
 * URI with its keyfile= and known_hosts=. The window lists the cluster,
 * and the SSH tab reaches a shell through the jump to the host. */
static void
run_remote_checks (void)
{
  SlipwayWindow *window;
  SlipwayTerminalGroup *group;
  SlipwayNodePane *pane;
  SlipwayConsoleTab *ssh;
  gpointer data[2];

  uri = g_getenv ("SLIPWAY_GUI_E2E_REMOTE_URI");
  g_assert_nonnull (uri);
  window = slipway_window_new (NULL, uri);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  slipway_window_open_cluster (window, cluster);
  spin_until (window_is_idle, window, "the list of clusters");
  g_assert_nonnull (slipway_connection_find_cluster (slipway_window_get_connection (window), cluster));
  g_assert_cmpstr (slipway_window_get_cluster (window), ==, cluster);

  group = slipway_window_get_group (window, SLIPWAY_GROUP_WORKER);
  pane = slipway_terminal_group_find_pane (group, NODE);
  g_assert_nonnull (pane);
  ssh = slipway_node_pane_get_tab (pane, SLIPWAY_PANE_SLOT_SSH);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-node", "s", NODE));
  slipway_terminal_group_set_slot (group, SLIPWAY_PANE_SLOT_SSH);
  data[0] = ssh;
  data[1] = GUINT_TO_POINTER (1);
  spin_until_for (ssh_sessions_at_least, data, "the SSH session through the libvirt host", BOOT_S);
  wait_shows (ssh, "@" NODE ":~$", 1, "a shell prompt over SSH through the libvirt host");
  save_screenshot (GTK_WIDGET (window), "e2e-remote-ssh");

  gtk_window_destroy (GTK_WINDOW (window));
  spin_for (200);
}

static void
loopback_sshd (const char  *command,
               const char  *dir,
               char       **port)
{
  const char *argv[] = { "bash", LOOPBACK_SSHD, command, dir, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, port, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_e2e_remote (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *port = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *local_name = g_steal_pointer (&cluster);

  /* Not the name of the other test's cluster: the same daemon has both. */
  cluster = g_strconcat (local_name, "r", NULL);
  if (g_test_subprocess ())
    {
      run_remote_checks ();
      return;
    }

  if (getuid () != 0 || !g_file_test ("/run/libvirt/libvirt-sock", G_FILE_TEST_EXISTS) ||
      !g_file_test (IMAGE, G_FILE_TEST_EXISTS) || !g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE))
    {
      if (g_getenv ("SLIPWAY_E2E_REQUIRED") != NULL)
        g_test_fail_printf ("needs root, a running libvirtd (qemu:///system), /usr/sbin/sshd and " IMAGE);
      else
        g_test_skip ("needs root, a running libvirtd (qemu:///system), /usr/sbin/sshd and " IMAGE);
      return;
    }

  dir = g_dir_make_tmp ("slipway-gui-sshd-XXXXXX", NULL);
  g_assert_nonnull (dir);
  loopback_sshd ("start", dir, &port);
  g_strstrip (port);
  /* qemu+ssh://: Slipway refuses qemu+libssh:// (see docs/remote.md). */
  remote = g_strdup_printf ("qemu+ssh://root@127.0.0.1:%s/system?keyfile=%s/user_key"
                            "&known_hosts=%s/known_hosts&command=%s/ssh-wrapper",
                            port, dir, dir, dir);
  g_setenv ("SLIPWAY_GUI_E2E_REMOTE_URI", remote, TRUE);
  g_test_message ("remote: %s", remote);
  uri = remote;

  create_cluster ();
  g_test_trap_subprocess (NULL, (guint64)BOOT_S * 2 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  destroy_cluster ();
  loopback_sshd ("stop", dir, NULL);
  uri = URI;
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  load_app_style ();

  if (!gvir_init_object_check (NULL, NULL, &error))
    g_error ("Could not initialise libvirt-gobject: %s", error->message);

  cluster = g_strdup (g_getenv ("SLIPWAY_GUI_E2E_CLUSTER") ? g_getenv ("SLIPWAY_GUI_E2E_CLUSTER") : "guie2e");
  subnet = g_strdup_printf ("10.234.%u.0/24", 100 + (guint)(getpid () % 100));

  g_test_add_func ("/slipway/e2e-gui/terminals", test_e2e_terminals);
  g_test_add_func ("/slipway/e2e-gui/remote", test_e2e_remote);

  return g_test_run ();
}
