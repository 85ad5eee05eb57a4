/* test-monitor.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "slipway.h"
#include "test-utils.h"
#include "slipway-monitor-private.h"

#define TEST_URI "test:///default"

typedef struct
{
  SlipwayProvisioner *provisioner;
  char               *image;
  GPtrArray          *changes;      /* "node=readiness" */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = g_malloc0 (1024 * 1024);
  int fd;

  fixture->provisioner = slipway_provisioner_new (TEST_URI);
  fixture->changes = g_ptr_array_new_with_free_func (g_free);

  fd = g_file_open_tmp ("slipway-image-XXXXXX.img", &fixture->image, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (fixture->image, contents, 1024 * 1024, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->provisioner);
  g_unlink (fixture->image);
  g_free (fixture->image);
  g_ptr_array_unref (fixture->changes);
}

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (slot);
}

static void
create_cluster (Fixture    *fixture,
                const char *name)
{
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default (name);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  g_free (spec->image);
  spec->image = g_strdup (fixture->image);
  spec->subnet = g_strdup ("10.233.91.0/24");
  spec->network = SLIPWAY_NETWORK_ISOLATED;
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 1;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = 0;
  spec->roles[SLIPWAY_ROLE_WORKER].count = 2;
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      spec->roles[r].memory_bytes = 256 << 20;
      spec->roles[r].disk_bytes = G_GUINT64_CONSTANT (1) << 30;
      spec->roles[r].vcpus = 1;
    }

  slipway_provisioner_create_async (fixture->provisioner, spec, NULL, async_cb, &slot);
  result = wait_result (&slot);
  g_assert_true (slipway_provisioner_create_finish (fixture->provisioner, result, &error));
  g_assert_no_error (error);
}

static void
run_operation (Fixture          *fixture,
               SlipwayOperation  operation,
               const char       *cluster,
               const char       *node)
{
  const char *targets[] = { node, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  slipway_provisioner_run_async (fixture->provisioner, operation, cluster,
                                 node != NULL ? targets : NULL, NULL, async_cb, &slot);
  result = wait_result (&slot);
  g_assert_true (slipway_provisioner_run_finish (fixture->provisioner, result, &error));
  g_assert_no_error (error);
}

static void
node_changed_cb (SlipwayMonitor *monitor,
                 const char     *node,
                 int             readiness,
                 Fixture        *fixture)
{
  g_ptr_array_add (fixture->changes,
                   g_strdup_printf ("%s=%s", node, slipway_readiness_to_string (readiness)));
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the default context until @monitor sees @node in @readiness, or
 * fails after 10 s. */
static void
wait_readiness (SlipwayMonitor   *monitor,
                const char       *node,
                SlipwayReadiness  readiness)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!timed_out && slipway_monitor_get_readiness (monitor, node) != readiness)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  g_assert_cmpstr (slipway_readiness_to_string (slipway_monitor_get_readiness (monitor, node)), ==,
                   slipway_readiness_to_string (readiness));
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_strings (void)
{
  for (int r = SLIPWAY_READINESS_MISSING; r <= SLIPWAY_READINESS_HOST_KEY_MISMATCH; r++)
    {
      g_assert_nonnull (slipway_readiness_to_string (r));
      g_assert_nonnull (slipway_readiness_get_title (r));
    }

  g_assert_cmpstr (slipway_readiness_to_string (SLIPWAY_READINESS_SSH_PORT), ==, "ssh-port");
  g_assert_cmpstr (slipway_readiness_to_string (SLIPWAY_READINESS_READY), ==, "ready");
  g_assert_cmpstr (slipway_readiness_to_string (SLIPWAY_READINESS_HOST_KEY_MISMATCH), ==,
                   "host-key-mismatch");
}

static void
test_new_destroy (Fixture       *fixture,
                  gconstpointer  data)
{
  SlipwayMonitor *monitor = slipway_monitor_new (fixture->provisioner, "nosuch");

  g_assert_cmpstr (slipway_monitor_get_cluster (monitor), ==, "nosuch");
  g_assert_false (slipway_monitor_get_all_ready (monitor));
  g_assert_null (slipway_monitor_dup_nodes (monitor));
  g_assert_cmpint (slipway_monitor_get_readiness (monitor, "worker0"), ==, SLIPWAY_READINESS_MISSING);

  slipway_monitor_start (monitor);
  slipway_monitor_stop (monitor);
  /* The refresh in flight holds a reference until it returns. */
  slipway_test_unref_and_wait_finalized (monitor);
}

/* On the test driver, RUNNING is as far as anyone can see: the monitor says
 * so, follows stops, starts and resets, and never claims more. */
static void
test_test_driver (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SlipwayMonitor) monitor = NULL;
  g_auto(GStrv) nodes = NULL;

  create_cluster (fixture, "trustmon");

  monitor = slipway_monitor_new (fixture->provisioner, "trustmon");
  g_signal_connect (monitor, "node-changed", G_CALLBACK (node_changed_cb), fixture);
  slipway_monitor_start (monitor);

  wait_readiness (monitor, "gateway", SLIPWAY_READINESS_RUNNING);
  wait_readiness (monitor, "worker0", SLIPWAY_READINESS_RUNNING);
  wait_readiness (monitor, "worker1", SLIPWAY_READINESS_RUNNING);

  nodes = slipway_monitor_dup_nodes (monitor);
  g_assert_cmpstrv (nodes, ((const char * const[]) { "gateway", "worker0", "worker1", NULL }));
  g_assert_true (slipway_monitor_get_limited (monitor));

  /* One change per step: missing → running, for each node. */
  g_assert_cmpuint (fixture->changes->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fixture->changes, 0), ==, "gateway=running");

  /* It stays there: no probes, no claims. */
  spin (3000);
  g_assert_cmpuint (fixture->changes->len, ==, 3);
  g_assert_false (slipway_monitor_get_all_ready (monitor));

  run_operation (fixture, SLIPWAY_OPERATION_FORCE_OFF, "trustmon", "worker1");
  wait_readiness (monitor, "worker1", SLIPWAY_READINESS_DEFINED);
  g_assert_cmpint (slipway_monitor_get_readiness (monitor, "worker0"), ==, SLIPWAY_READINESS_RUNNING);

  run_operation (fixture, SLIPWAY_OPERATION_START, "trustmon", "worker1");
  wait_readiness (monitor, "worker1", SLIPWAY_READINESS_RUNNING);

  slipway_monitor_stop (monitor);
  {
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *slot = NULL;

    slipway_provisioner_destroy_async (fixture->provisioner, "trustmon",
                                       SLIPWAY_DESTROY_FLAGS_DELETE_KEYS, NULL, async_cb, &slot);
    result = wait_result (&slot);
    g_assert_true (slipway_provisioner_destroy_finish (fixture->provisioner, result, NULL));
  }

  /* A destroyed cluster: every node is missing once started again. */
  slipway_monitor_start (monitor);
  wait_readiness (monitor, "worker0", SLIPWAY_READINESS_MISSING);
  wait_readiness (monitor, "gateway", SLIPWAY_READINESS_MISSING);
  slipway_monitor_stop (monitor);
  spin (100);
}

static void
test_probe_once (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SlipwayMonitor) monitor = NULL;
  g_autoptr(SlipwayMonitor) missing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  create_cluster (fixture, "trustonce");
  run_operation (fixture, SLIPWAY_OPERATION_FORCE_OFF, "trustonce", "worker0");

  monitor = slipway_monitor_new (fixture->provisioner, "trustonce");
  slipway_monitor_probe_async (monitor, NULL, async_cb, &slot);
  result = wait_result (&slot);
  g_assert_true (slipway_monitor_probe_finish (monitor, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_assert_cmpint (slipway_monitor_get_readiness (monitor, "gateway"), ==, SLIPWAY_READINESS_RUNNING);
  g_assert_cmpint (slipway_monitor_get_readiness (monitor, "worker0"), ==, SLIPWAY_READINESS_DEFINED);
  g_assert_cmpint (slipway_monitor_get_readiness (monitor, "worker1"), ==, SLIPWAY_READINESS_RUNNING);

  missing = slipway_monitor_new (fixture->provisioner, "nosuch");
  slipway_monitor_probe_async (missing, NULL, async_cb, &slot);
  result = wait_result (&slot);
  g_assert_false (slipway_monitor_probe_finish (missing, result, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
}

/* The monitor works on any thread-default context, such as a GUI's or a
 * worker thread's own: signals arrive there. */
static gpointer
other_context_thread (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SlipwayMonitor) monitor = NULL;
  gint64 deadline;

  g_main_context_push_thread_default (context);
  monitor = slipway_monitor_new (fixture->provisioner, "trustctx");
  slipway_monitor_start (monitor);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (slipway_monitor_get_readiness (monitor, "worker1") != SLIPWAY_READINESS_RUNNING &&
         g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (context, FALSE))
        g_usleep (10000);
    }

  g_assert_cmpint (slipway_monitor_get_readiness (monitor, "worker1"), ==, SLIPWAY_READINESS_RUNNING);
  slipway_monitor_stop (monitor);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);

  return NULL;
}

static void
test_other_context (Fixture       *fixture,
                    gconstpointer  data)
{
  GThread *thread;

  create_cluster (fixture, "trustctx");
  thread = g_thread_new ("monitor", other_context_thread, fixture);
  g_thread_join (thread);
}

static void
test_classify_ssh (void)
{
  static const char changed[] =
    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
    "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
    "Host key verification failed.\n";

  g_assert_cmpint (_slipway_monitor_classify_ssh (TRUE, 0, "slipway-ready\n", ""), ==,
                   SLIPWAY_READINESS_READY);
  g_assert_cmpint (_slipway_monitor_classify_ssh (TRUE, 0, "booting\n", ""), ==,
                   SLIPWAY_READINESS_SSH_AUTHENTICATED);
  g_assert_cmpint (_slipway_monitor_classify_ssh (TRUE, 255, "", changed), ==,
                   SLIPWAY_READINESS_HOST_KEY_MISMATCH);
  g_assert_cmpint (_slipway_monitor_classify_ssh (TRUE, 255, "",
                                                  "No ED25519 host key is known for worker0 and you have requested strict checking.\n"
                                                  "Host key verification failed.\n"), ==,
                   SLIPWAY_READINESS_HOST_KEY_MISMATCH);
  g_assert_cmpint (_slipway_monitor_classify_ssh (TRUE, 255, "",
                                                  "Unable to negotiate with 10.0.0.1 port 22: no matching host key type found. Their offer: ssh-rsa\n"), ==,
                   SLIPWAY_READINESS_HOST_KEY_MISMATCH);
  g_assert_cmpint (_slipway_monitor_classify_ssh (TRUE, 255, "",
                                                  "debian@10.0.0.1: Permission denied (publickey).\n"), ==,
                   SLIPWAY_READINESS_SSH_PORT);
  g_assert_cmpint (_slipway_monitor_classify_ssh (TRUE, 255, NULL,
                                                  "kex_exchange_identification: read: Connection reset by peer\n"), ==,
                   SLIPWAY_READINESS_SSH_PORT);
  g_assert_cmpint (_slipway_monitor_classify_ssh (FALSE, -1, NULL, NULL), ==,
                   SLIPWAY_READINESS_SSH_PORT);
}

/* The ssh run of a probe: the cluster's config, batch mode, and the node
 * as a host after "--", never through a shell on this side. */
static void
test_ssh_argv (void)
{
  g_auto(GStrv) argv = _slipway_monitor_ssh_argv ("/tmp/a b/ssh_config", "worker0");
  guint n = g_strv_length (argv);

  g_assert_cmpstr (argv[0], ==, "ssh");
  g_assert_cmpstr (argv[1], ==, "-F");
  g_assert_cmpstr (argv[2], ==, "/tmp/a b/ssh_config");
  g_assert_true (g_strv_contains ((const char * const *)argv, "BatchMode=yes"));
  g_assert_cmpstr (argv[n - 3], ==, "--");
  g_assert_cmpstr (argv[n - 2], ==, "worker0");
  g_assert_nonnull (strstr (argv[n - 1], "/var/lib/cloud/instance/boot-finished"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/monitor/strings", test_strings);
  g_test_add_func ("/slipway/monitor/classify-ssh", test_classify_ssh);
  g_test_add_func ("/slipway/monitor/ssh-argv", test_ssh_argv);
  g_test_add ("/slipway/monitor/new-destroy", Fixture, NULL,
              fixture_set_up, test_new_destroy, fixture_tear_down);
  g_test_add ("/slipway/monitor/test-driver", Fixture, NULL,
              fixture_set_up, test_test_driver, fixture_tear_down);
  g_test_add ("/slipway/monitor/probe-once", Fixture, NULL,
              fixture_set_up, test_probe_once, fixture_tear_down);
  g_test_add ("/slipway/monitor/other-context", Fixture, NULL,
              fixture_set_up, test_other_context, fixture_tear_down);

  return g_test_run ();
}
