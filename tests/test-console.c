/* test-console.c: SlipwayConsole without a guest: history, queueing, and
 * what libvirt's test driver (which has no consoles) lets us open
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <string.h>
#include <unistd.h>

#include "slipway.h"
#include "slipway-console-private.h"
#include "slipway-test-utils.h"

#define TEST_URI       "test:///default"
#define HISTORY_MAX    (256 * 1024)
#define BOOT_MAX       (128 * 1024)
#define GAP_MARK       "\r\n\342\213\257\r\n"

/* test:///default keeps its state while any connection to it is open. */
static virConnectPtr observer;

static gboolean
open_console (SlipwayConsole       *console,
              SlipwayConsoleFlags   flags,
              GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_console_open_async (console, flags, NULL, slipway_test_store_result_cb, &result);
  return slipway_console_open_finish (console, slipway_test_wait_result (&result), error);
}

static void
count_cb (gpointer  instance,
          gpointer  arg,
          guint    *count)
{
  (*count)++;
}

static void
test_console_new (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  SlipwayConsole *console = _slipway_console_new (provisioner, "lab", "worker0");
  g_autoptr(GBytes) history = NULL;
  SlipwayConsoleStatus status;
  g_autofree char *node = NULL;

  g_assert_cmpstr (slipway_console_get_cluster (console), ==, "lab");
  g_assert_cmpstr (slipway_console_get_node (console), ==, "worker0");
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_OFF);
  g_assert_null (slipway_console_get_message (console));
  g_assert_cmpuint (slipway_console_get_pending (console), ==, 0);

  history = slipway_console_dup_history (console);
  g_assert_cmpuint (g_bytes_get_size (history), ==, 0);

  /* The status is a real enum property. */
  g_object_get (console, "status", &status, "node", &node, NULL);
  g_assert_cmpint (status, ==, SLIPWAY_CONSOLE_STATUS_OFF);
  g_assert_cmpstr (node, ==, "worker0");
  g_assert_true (G_IS_PARAM_SPEC_ENUM (g_object_class_find_property (G_OBJECT_GET_CLASS (console),
                                                                     "status")));

  g_assert_finalize_object (console);
}

static void
test_console_history_bounds (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "lab", "worker0");
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GBytes) history = NULL;
  g_autofree char *last = NULL;
  g_autofree char *blob = NULL;
  const char *data;
  const char *tail;
  gsize size;
  gsize tail_size;
  guint n_data = 0;

  g_signal_connect (console, "data", G_CALLBACK (count_cb), &n_data);

  /* 400 KiB of numbered lines, in chunks that split lines. */
  for (guint i = 0; all->len < 400 * 1024; i++)
    g_string_append_printf (all, "line %06u of the boot log\r\n", i);
  for (gsize off = 0; off < all->len; off += 1000)
    _slipway_console_receive (console, all->str + off, MIN (1000, all->len - off));
  g_assert_cmpuint (n_data, ==, (all->len + 999) / 1000);

  /* The start of the boot, a gap, then the recent tail, starting on a
   * line and ending where the guest stopped. */
  history = slipway_console_dup_history (console);
  data = g_bytes_get_data (history, &size);
  g_assert_cmpuint (size, <=, BOOT_MAX + strlen (GAP_MARK) + HISTORY_MAX);
  g_assert_true (memcmp (data, all->str, BOOT_MAX) == 0);
  g_assert_true (memcmp (data + BOOT_MAX, GAP_MARK, strlen (GAP_MARK)) == 0);
  tail = data + BOOT_MAX + strlen (GAP_MARK);
  tail_size = size - BOOT_MAX - strlen (GAP_MARK);
  g_assert_cmpuint (tail_size, <=, HISTORY_MAX);
  g_assert_cmpuint (tail_size, >=, HISTORY_MAX / 2);
  g_assert_true (g_str_has_prefix (tail, "line "));
  g_assert_true (memcmp (tail, all->str + all->len - tail_size, tail_size) == 0);
  last = g_strdup_printf ("of the boot log\r\n");
  g_assert_true (memcmp (data + size - strlen (last), last, strlen (last)) == 0);

  /* Without any newline, the tail still stays bounded. */
  blob = g_malloc (HISTORY_MAX);
  memset (blob, 'x', HISTORY_MAX);
  _slipway_console_receive (console, blob, HISTORY_MAX);
  _slipway_console_receive (console, blob, HISTORY_MAX);
  g_clear_pointer (&history, g_bytes_unref);
  history = slipway_console_dup_history (console);
  size = g_bytes_get_size (history);
  g_assert_cmpuint (size, <=, BOOT_MAX + strlen (GAP_MARK) + HISTORY_MAX);
  g_assert_cmpuint (size, >=, BOOT_MAX + strlen (GAP_MARK) + HISTORY_MAX / 2);
  g_assert_true (memcmp (g_bytes_get_data (history, NULL), all->str, BOOT_MAX) == 0);

  /* Feeding without a stream says nothing about the connection. */
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_OFF);
}

/* A terminal opened late starts from the boot: a console that received a
 * short boot replays all of it, and after a new QEMU process (a start, a
 * restore) it replays that boot, not the one before. */
static void
test_console_replays_boot (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "lab", "worker0");
  const char *boot = "SeaBIOS (version 1.16.2-debian-1.16.2-1)\r\n"
                     "[    0.000000] Linux version 6.1.0-28-cloud-amd64\r\n";
  const char *cloud_init = "[   12.345678] cloud-init[512]: Cloud-init v. 22.4.2 running 'init'\r\n";
  g_autoptr(GBytes) history = NULL;
  g_autoptr(GBytes) later = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *filler = NULL;
  gsize size;

  _slipway_console_receive (console, boot, strlen (boot));
  _slipway_console_receive (console, cloud_init, strlen (cloud_init));
  history = slipway_console_dup_history (console);
  expected = g_strconcat (boot, cloud_init, NULL);
  g_assert_cmpmem (g_bytes_get_data (history, NULL), g_bytes_get_size (history),
                   expected, strlen (expected));

  /* Hours of output later, the boot is still the start. */
  filler = g_strnfill (HISTORY_MAX, 'y');
  for (guint i = 0; i < 3; i++)
    {
      _slipway_console_receive (console, filler, HISTORY_MAX);
      _slipway_console_receive (console, "\r\n", 2);
    }
  later = slipway_console_dup_history (console);
  size = g_bytes_get_size (later);
  g_assert_true (memcmp (g_bytes_get_data (later, NULL), expected, strlen (expected)) == 0);
  g_assert_cmpuint (size, <=, BOOT_MAX + strlen (GAP_MARK) + HISTORY_MAX);
  g_clear_pointer (&later, g_bytes_unref);

  /* The domain was replaced: its guest's boot is the new start. */
  _slipway_console_reopen (console);
  _slipway_console_receive (console, boot, strlen (boot));
  for (guint i = 0; i < 3; i++)
    {
      _slipway_console_receive (console, filler, HISTORY_MAX);
      _slipway_console_receive (console, "\r\n", 2);
    }
  later = slipway_console_dup_history (console);
  g_assert_true (memcmp (g_bytes_get_data (later, NULL), boot, strlen (boot)) == 0);
  g_assert_null (g_strstr_len (g_bytes_get_data (later, NULL), g_bytes_get_size (later), "cloud-init"));
}

static gboolean
is_retrying (gpointer data)
{
  return slipway_console_get_status (data) == SLIPWAY_CONSOLE_STATUS_RETRYING;
}

static void
closed_cb (SlipwayConsole *console,
           const GError   *error,
           GError        **out)
{
  g_assert_null (*out);
  *out = g_error_copy (error);
}

/* Following a node (what every window does for the nodes it shows) never
 * takes the console from another program: when one takes it with --force,
 * this console says so and waits, reopening without force; only a person's
 * Take Over forces it back. */
static void
test_console_taken_waits (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "nosuch", "gateway");
  g_autoptr(GError) taken = g_error_new_literal (SLIPWAY_ERROR, SLIPWAY_ERROR_CONSOLE_TAKEN,
                                                 "Another program took the serial console");
  g_autoptr(GError) closed = NULL;

  g_signal_connect (console, "closed", G_CALLBACK (closed_cb), &closed);
  slipway_console_set_running (console, TRUE);
  g_assert_false (console->take_over);
  slipway_test_spin_until (is_retrying, console, "the first open to fail");
  g_assert_false (console->take_over);

  /* virsh console --force took it: "closed" says so, and the next opens
   * ask for the console without force. */
  _slipway_console_end_stream (console, g_error_copy (taken));
  g_assert_error (closed, SLIPWAY_ERROR, SLIPWAY_ERROR_CONSOLE_TAKEN);
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_RETRYING);
  g_assert_false (console->take_over);
  g_assert_cmpuint (console->retry_source, !=, 0);
  slipway_test_spin_until (is_retrying, console, "the reopen to fail");
  g_assert_false (console->take_over);

  /* Only a person's request forces it; the open under way takes it. */
  slipway_console_take_over (console);
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_CONNECTING);
  g_assert_false (console->take_over);
  slipway_test_spin_until (is_retrying, console, "the forced open to fail");

  slipway_console_close (console);
}

/* Where the serial port is logged: only where this process reads it. */
static void
test_console_log_path (void)
{
  g_autofree char *session = _slipway_console_log_path ("qemu:///session", "lab-worker0");
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "slipway", "consoles",
                                                "lab-worker0.log", NULL);
  const char *elsewhere[] = {
    "qemu:///system", "qemu+ssh://ada@host/session", "qemu://host/session",
    "qemu+ssh://localhost/session",
    "test:///default", "not a uri", NULL,
  };

  g_assert_cmpstr (session, ==, expected);
  {
    /* The same daemon through its socket named as a transport. */
    g_autofree char *path = _slipway_console_log_path ("qemu+unix:///session", "lab-worker0");

    g_assert_cmpstr (path, ==, expected);
  }
  for (guint i = 0; elsewhere[i] != NULL; i++)
    {
      g_autofree char *path = _slipway_console_log_path (elsewhere[i], "lab-worker0");

      g_test_message ("%s: %s", elsewhere[i], path);
      g_assert_null (path);
    }
  g_assert_null (_slipway_console_log_path (NULL, "lab-worker0"));
}

static gboolean
has_history (gpointer data)
{
  g_autoptr(GBytes) history = slipway_console_dup_history (data);

  return g_bytes_get_size (history) > 0;
}

/* A console made after the boot starts with the serial port's log, read
 * off the main loop; its "data" shows it to the terminals already open. */
static void
test_console_load_log (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "lab", "worker0");
  g_autoptr(SlipwayConsole) busy = _slipway_console_new (provisioner, "lab", "worker1");
  g_autoptr(SlipwayConsole) big = _slipway_console_new (provisioner, "lab", "worker2");
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "serial.log", NULL);
  g_autofree char *big_path = g_build_filename (g_get_tmp_dir (), "big.log", NULL);
  const char *log = "SeaBIOS (version 1.16.2-debian-1.16.2-1)\r\n"
                    "cloud-init[512]: Cloud-init v. 22.4.2 finished\r\n";
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GBytes) history = NULL;
  g_autoptr(GError) error = NULL;
  guint n_data = 0;
  gsize size;
  const char *data;

  g_assert_true (g_file_set_contents (path, log, -1, &error));
  g_assert_no_error (error);
  g_signal_connect (console, "data", G_CALLBACK (count_cb), &n_data);
  _slipway_console_load_log (console, path);
  /* Not read on the caller's stack. */
  g_assert_cmpuint (n_data, ==, 0);
  slipway_test_spin_until (has_history, console, "the log to be read");
  history = slipway_console_dup_history (console);
  g_assert_cmpmem (g_bytes_get_data (history, NULL), g_bytes_get_size (history), log, strlen (log));
  g_assert_cmpuint (n_data, ==, 1);
  g_clear_pointer (&history, g_bytes_unref);

  /* The guest spoke first: the stream has it, the log is left alone. */
  _slipway_console_receive (busy, "login: ", 7);
  _slipway_console_load_log (busy, path);
  while (busy->log_cancellable != NULL && !g_cancellable_is_cancelled (busy->log_cancellable) &&
         g_main_context_iteration (NULL, TRUE))
    ;
  history = slipway_console_dup_history (busy);
  g_assert_cmpmem (g_bytes_get_data (history, NULL), g_bytes_get_size (history), "login: ", 7);
  g_clear_pointer (&history, g_bytes_unref);

  /* A long log: its start and its end. */
  for (guint i = 0; all->len < 1024 * 1024; i++)
    g_string_append_printf (all, "line %07u of a long log\r\n", i);
  g_assert_true (g_file_set_contents (big_path, all->str, all->len, &error));
  _slipway_console_load_log (big, big_path);
  slipway_test_spin_until (has_history, big, "the long log to be read");
  history = slipway_console_dup_history (big);
  data = g_bytes_get_data (history, &size);
  g_assert_true (memcmp (data, all->str, BOOT_MAX) == 0);
  g_assert_true (memcmp (data + BOOT_MAX, GAP_MARK, strlen (GAP_MARK)) == 0);
  g_assert_true (g_str_has_prefix (data + BOOT_MAX + strlen (GAP_MARK), "line "));
  g_assert_true (memcmp (data + size - 40, all->str + all->len - 40, 40) == 0);
  g_assert_cmpuint (size, <=, BOOT_MAX + strlen (GAP_MARK) + HISTORY_MAX);

  g_unlink (path);
  g_unlink (big_path);
}

static void
test_console_send_queues (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "lab", "worker0");
  guint n_notify = 0;

  g_signal_connect (console, "notify::pending", G_CALLBACK (count_cb), &n_notify);

  /* Typed while disconnected: it waits for the guest, in order. */
  slipway_console_send (console, "root\r", 5);
  slipway_console_send (console, "", 0);
  slipway_console_send (console, "uname -a\r", 9);
  g_assert_cmpuint (slipway_console_get_pending (console), ==, 14);
  g_assert_cmpuint (n_notify, ==, 2);

  /* Closing drops it. */
  slipway_console_close (console);
  g_assert_cmpuint (slipway_console_get_pending (console), ==, 0);
  g_assert_cmpuint (n_notify, ==, 3);
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_OFF);
}

static void
store_error_cb (SlipwayConsole  *console,
                const GError    *error,
                GError         **slot)
{
  g_assert_null (*slot);
  g_assert_nonnull (error);
  *slot = g_error_copy (error);
}

/* A stream that fails while open: libvirt's stream of a console taken by
 * another client with --force. An unopened stream fails every send. */
static void
test_console_send_failure_is_taken (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "lab", "worker0");
  g_autoptr(GError) closed = NULL;
  guint kept = _slipway_console_get_n_kept_streams ();
  virStreamPtr handle;

  handle = virStreamNew (observer, VIR_STREAM_NONBLOCK);
  g_assert_nonnull (handle);
  _slipway_console_attach_stream (console, g_object_new (GVIR_TYPE_STREAM, "handle", handle, NULL));
  g_signal_connect (console, "closed", G_CALLBACK (store_error_cb), &closed);

  slipway_console_send (console, "root\r", 5);

  g_assert_error (closed, SLIPWAY_ERROR, SLIPWAY_ERROR_CONSOLE_TAKEN);
  g_assert_nonnull (strstr (closed->message, "lab-worker0"));
  g_assert_nonnull (strstr (closed->message, "taken it over"));
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_OFF);
  g_assert_cmpstr (slipway_console_get_message (console), ==, "The serial console was disconnected");

  /* What the guest did not take is still queued for the next open; the
   * aborted stream's wrapper is kept, and counted. */
  g_assert_cmpuint (slipway_console_get_pending (console), ==, 5);
  g_assert_cmpuint (_slipway_console_get_n_kept_streams (), ==, kept + 1);
}

static void
test_console_open_missing_cluster (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "nosuch", "gateway");
  g_autoptr(GError) error = NULL;
  guint kept = _slipway_console_get_n_kept_streams ();
  guint n_status = 0;

  g_signal_connect (console, "notify::status", G_CALLBACK (count_cb), &n_status);

  g_assert_false (open_console (console, SLIPWAY_CONSOLE_FLAGS_NONE, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nosuch"));

  /* CONNECTING, then OFF again with the reason: nothing follows the node. */
  g_assert_cmpuint (n_status, ==, 2);
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_OFF);
  g_assert_cmpstr (slipway_console_get_message (console), ==, error->message);
  g_assert_cmpuint (_slipway_console_get_n_kept_streams (), ==, kept);
}

static void
test_console_running_retries (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "nosuch", "gateway");
  gint64 deadline = g_get_monotonic_time () + (gint64)30 * slipway_test_slowdown () * G_USEC_PER_SEC;

  /* While the node runs, a failed open is tried again by itself. */
  slipway_console_set_running (console, TRUE);
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_CONNECTING);
  while (!is_retrying (console) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_RETRYING);
  g_assert_nonnull (slipway_console_get_message (console));

  /* A stopped node has nothing to connect to. */
  slipway_console_set_running (console, FALSE);
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_OFF);
}

static void
test_console_close_cancels_open (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "nosuch", "gateway");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slipway_console_open_async (console, SLIPWAY_CONSOLE_FLAGS_NONE, NULL,
                              slipway_test_store_result_cb, &result);
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_CONNECTING);
  slipway_console_close (console);

  g_assert_false (slipway_console_open_finish (console, slipway_test_wait_result (&result),
                                               &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_OFF);

  /* The cancelled worker's late answer changes nothing. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_OFF);
}

/* A cluster on the test driver: the lookup works, the open cannot. */
static void
test_console_test_driver (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default ("cons");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *image = NULL;
  const char *targets[] = { "worker1", NULL };
  guint kept = _slipway_console_get_n_kept_streams ();

  image = slipway_test_make_disk_image ();

  g_free (spec->image);
  spec->image = g_strdup (image);
  spec->network = SLIPWAY_NETWORK_ISOLATED;
  spec->accelerator = SLIPWAY_ACCELERATOR_TCG;
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 0;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = 0;
  spec->roles[SLIPWAY_ROLE_WORKER].count = 2;
  for (guint i = 0; i < SLIPWAY_N_ROLES; i++)
    {
      spec->roles[i].memory_bytes = 512 * 1024 * 1024;
      spec->roles[i].disk_bytes = 2ull * 1024 * 1024 * 1024;
    }

  slipway_provisioner_create_async (provisioner, spec, NULL, slipway_test_store_result_cb, &result);
  g_assert_true (slipway_provisioner_create_finish (provisioner,
                                                    slipway_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  slipway_provisioner_run_async (provisioner, SLIPWAY_OPERATION_FORCE_OFF, "cons", targets, NULL,
                                 slipway_test_store_result_cb, &result);
  g_assert_true (slipway_provisioner_run_finish (provisioner, slipway_test_wait_result (&result),
                                                 &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* A node the cluster does not have. */
  {
    g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "cons", "worker7");

    g_assert_false (open_console (console, SLIPWAY_CONSOLE_FLAGS_FORCE, &error));
    g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "worker7"));
    g_clear_error (&error);
  }

  /* A node that does not run. */
  {
    g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "cons", "worker1");

    g_assert_false (open_console (console, SLIPWAY_CONSOLE_FLAGS_NONE, &error));
    g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR);
    g_assert_nonnull (strstr (error->message, "is not running"));
    g_clear_error (&error);
  }

  /* A running node: the test driver has no consoles, and says so. */
  {
    g_autoptr(SlipwayConsole) console = _slipway_console_new (provisioner, "cons", "worker0");

    g_assert_false (open_console (console, SLIPWAY_CONSOLE_FLAGS_NONE, &error));
    g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "Could not open the serial console of “worker0”: "));
    g_assert_cmpint (slipway_console_get_status (console), ==, SLIPWAY_CONSOLE_STATUS_OFF);
    g_clear_error (&error);
  }

  /* Failed opens never make a stream wrapper that has to be kept. */
  g_assert_cmpuint (_slipway_console_get_n_kept_streams (), ==, kept);

  slipway_provisioner_destroy_async (provisioner, "cons", SLIPWAY_DESTROY_FLAGS_DELETE_KEYS, NULL,
                                     slipway_test_store_result_cb, &result);
  g_assert_true (slipway_provisioner_destroy_finish (provisioner,
                                                     slipway_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_unlink (image);
}

static void
count_connecting_cb (SlipwayConsole *console,
                     GParamSpec     *pspec,
                     guint          *count)
{
  if (slipway_console_get_status (console) == SLIPWAY_CONSOLE_STATUS_CONNECTING)
    (*count)++;
}

static gboolean
console_backed_off (gpointer console)
{
  /* The retry after next is 8 s away: the next one at least 4 s. */
  return ((SlipwayConsole *)console)->retry_ms >= 8000 &&
         ((SlipwayConsole *)console)->retry_source != 0;
}

static gboolean
console_off (gpointer console)
{
  return !((SlipwayConsole *)console)->running &&
         slipway_console_get_status (console) == SLIPWAY_CONSOLE_STATUS_OFF;
}

static gboolean
count_above (gpointer data)
{
  guint *counts = data;

  return counts[0] > counts[1];
}

/* Waits for the console to back off, does @replace to its domain, and
 * checks that the console tried to open again at once. */
static void
assert_reopens_at_once (SlipwayConsole *console,
                        virDomainPtr    dom,
                        void          (*replace) (virDomainPtr dom))
{
  guint counts[2] = { 0, 0 };
  gulong id;
  gint64 start;

  slipway_test_spin_until (console_backed_off, console, "the console to back off");
  id = g_signal_connect (console, "notify::status", G_CALLBACK (count_connecting_cb), &counts[0]);
  start = g_get_monotonic_time ();
  replace (dom);
  slipway_test_spin_until (count_above, counts, "the console to open again");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_signal_handler_disconnect (console, id);
}

static void
revert_snapshot (virDomainPtr dom)
{
  virDomainSnapshotPtr snapshot;

  snapshot = virDomainSnapshotCreateXML (dom, "<domainsnapshot><name>before</name></domainsnapshot>", 0);
  g_assert_nonnull (snapshot);
  g_assert_cmpint (virDomainRevertToSnapshot (snapshot, VIR_DOMAIN_SNAPSHOT_REVERT_FORCE), ==, 0);
  g_assert_cmpint (virDomainSnapshotDelete (snapshot, 0), ==, 0);
  virDomainSnapshotFree (snapshot);
}

static void
stop_and_start (virDomainPtr dom)
{
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
}

/* The console of a node, from its cluster: one per node, following it, and
 * opened again at once when the domain's QEMU process is replaced (a
 * snapshot revert, a reset that re-creates and starts the domain). The test
 * driver has no consoles, so every open fails and is retried with a
 * growing delay: an open soon after the replacement is the reopen. */
static void
test_console_follows_node (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default ("follow");
  g_autofree char *image = NULL;
  g_autoptr(GError) error = NULL;
  SlipwayCluster *cluster;
  SlipwayConsole *console;
  SlipwayConsole *again;
  virDomainPtr dom;

  image = slipway_test_make_disk_image ();
  g_free (spec->image);
  spec->image = g_strdup (image);
  spec->network = SLIPWAY_NETWORK_ISOLATED;
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 0;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = 0;
  spec->roles[SLIPWAY_ROLE_WORKER].count = 1;
  spec->roles[SLIPWAY_ROLE_WORKER].memory_bytes = 512 * 1024 * 1024;
  cluster = slipway_test_create_cluster (connection, spec);

  console = slipway_cluster_get_console (cluster, "worker0");
  again = slipway_cluster_get_console (cluster, "worker0");
  g_assert_true (console == again);
  g_object_unref (again);
  g_assert_true (console->running);

  dom = virDomainLookupByName (observer, "follow-worker0");
  g_assert_nonnull (dom);
  assert_reopens_at_once (console, dom, revert_snapshot);
  assert_reopens_at_once (console, dom, stop_and_start);

  /* It follows the node: a node that stops has its console off. */
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  slipway_test_spin_until (console_off, console, "the console to be off");
  virDomainFree (dom);

  slipway_test_unref_and_wait (console);
  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  slipway_test_unref_and_wait (connection);
  g_unlink (image);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  observer = slipway_test_keep_alive ();

  g_test_add_func ("/slipway/console/new", test_console_new);
  g_test_add_func ("/slipway/console/history-bounds", test_console_history_bounds);
  g_test_add_func ("/slipway/console/replays-boot", test_console_replays_boot);
  g_test_add_func ("/slipway/console/taken-waits", test_console_taken_waits);
  g_test_add_func ("/slipway/console/log-path", test_console_log_path);
  g_test_add_func ("/slipway/console/load-log", test_console_load_log);
  g_test_add_func ("/slipway/console/send-queues", test_console_send_queues);
  g_test_add_func ("/slipway/console/send-failure-is-taken", test_console_send_failure_is_taken);
  g_test_add_func ("/slipway/console/open-missing-cluster", test_console_open_missing_cluster);
  g_test_add_func ("/slipway/console/running-retries", test_console_running_retries);
  g_test_add_func ("/slipway/console/close-cancels-open", test_console_close_cancels_open);
  g_test_add_func ("/slipway/console/test-driver", test_console_test_driver);
  g_test_add_func ("/slipway/console/follows-node", test_console_follows_node);

  ret = g_test_run ();
  slipway_test_keep_alive_close ();

  return ret;
}
