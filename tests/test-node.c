/* test-node.c: SlipwayNode, and the SSH readiness probe
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway.h"
#include "slipway-node-private.h"
#include "slipway-probe-private.h"
#include "slipway-test-utils.h"

static SlipwayNodeInfo *
make_info (void)
{
  SlipwayNodeInfo *info = g_new0 (SlipwayNodeInfo, 1);

  info->id = 4;
  info->role = SLIPWAY_ROLE_WORKER;
  info->name = g_strdup ("worker0");
  info->fqdn = g_strdup ("worker0.lab.test");
  info->domain_name = g_strdup ("lab-worker0");
  info->mac = g_strdup ("52:54:00:aa:bb:04");
  info->ipv4 = g_strdup ("10.77.3.14");

  return info;
}

static void
free_info (SlipwayNodeInfo *info)
{
  g_free (info->name);
  g_free (info->fqdn);
  g_free (info->domain_name);
  g_free (info->mac);
  g_free (info->ipv4);
  g_free (info);
}

/* SlipwayNode -------------------------------------------------------------- */

static void
test_node_new_destroy (void)
{
  SlipwayNodeInfo *info = make_info ();
  SlipwayNode *node = _slipway_node_new (info);
  SlipwayRole role;
  g_autofree char *summary = NULL;

  free_info (info);
  g_assert_cmpstr (slipway_node_get_name (node), ==, "worker0");
  g_assert_cmpuint (slipway_node_get_id (node), ==, 4);
  g_assert_cmpstr (slipway_node_get_ipv4 (node), ==, "10.77.3.14");
  g_assert_cmpstr (slipway_node_get_mac (node), ==, "52:54:00:aa:bb:04");
  g_assert_cmpstr (slipway_node_get_fqdn (node), ==, "worker0.lab.test");
  g_assert_cmpstr (slipway_node_get_domain_name (node), ==, "lab-worker0");
  g_object_get (node, "role", &role, NULL);
  g_assert_cmpint (role, ==, SLIPWAY_ROLE_WORKER);
  g_assert_cmpint (slipway_node_get_state (node), ==, SLIPWAY_NODE_STATE_MISSING);
  g_assert_cmpint (slipway_node_get_readiness (node), ==, SLIPWAY_READINESS_MISSING);
  g_assert_cmpfloat (slipway_node_get_progress (node), ==, -1.0);
  g_assert_null (slipway_node_get_activity (node));
  summary = slipway_node_dup_summary (node);
  g_assert_cmpstr (summary, ==, "10.77.3.14");

  g_assert_finalize_object (node);
}

static void
test_node_notify_once (void)
{
  SlipwayNodeInfo *info = make_info ();
  g_autoptr(SlipwayNode) node = _slipway_node_new (info);
  guint n_state = 0;
  guint n_ready = 0;
  guint n_progress = 0;

  free_info (info);
  g_signal_connect (node, "notify::state", G_CALLBACK (slipway_test_count_notify_cb), &n_state);
  g_signal_connect (node, "notify::ssh-ready", G_CALLBACK (slipway_test_count_notify_cb), &n_ready);
  g_signal_connect (node, "notify::progress", G_CALLBACK (slipway_test_count_notify_cb),
                    &n_progress);

  _slipway_node_set_state (node, SLIPWAY_NODE_STATE_RUNNING);
  _slipway_node_set_state (node, SLIPWAY_NODE_STATE_RUNNING);
  g_assert_cmpuint (n_state, ==, 1);

  g_assert_false (slipway_node_get_ssh_ready (node));
  _slipway_node_set_readiness (node, SLIPWAY_READINESS_SSH_AUTHENTICATED);
  _slipway_node_set_readiness (node, SLIPWAY_READINESS_READY);
  g_assert_true (slipway_node_get_ssh_ready (node));
  g_assert_cmpuint (n_ready, ==, 1);
  _slipway_node_set_state (node, SLIPWAY_NODE_STATE_STOPPED);
  g_assert_false (slipway_node_get_ssh_ready (node));
  g_assert_cmpuint (n_ready, ==, 2);

  _slipway_node_set_progress (node, 0.5);
  _slipway_node_set_progress (node, 0.5);
  g_assert_cmpuint (n_progress, ==, 1);
}

static void
test_node_progress_range (void)
{
  if (g_test_subprocess ())
    {
      SlipwayNodeInfo *info = make_info ();
      g_autoptr(SlipwayNode) node = _slipway_node_new (info);

      free_info (info);
      _slipway_node_set_progress (node, 1.5);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*progress*");
}

/* Probes ------------------------------------------------------------------- */

static void
test_probe_classify (void)
{
  g_auto(GStrv) argv = slipway_ssh_probe_argv ("/tmp/ssh_config", "worker0");

  g_assert_cmpstr (argv[0], ==, "ssh");
  g_assert_true (g_strv_contains ((const char * const *)argv, "BatchMode=yes"));
  g_assert_true (g_strv_contains ((const char * const *)argv, "worker0"));

  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 0, "slipway-ready\n", ""), ==,
                   SLIPWAY_READINESS_READY);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 0, "booting\n", ""), ==,
                   SLIPWAY_READINESS_SSH_AUTHENTICATED);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 255, "", "Permission denied (publickey)."), ==,
                   SLIPWAY_READINESS_SSH_PORT);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 255, "", "Host key verification failed."), ==,
                   SLIPWAY_READINESS_HOST_KEY_MISMATCH);
}

/* A node ready with cloud-init errors: SSH works, the subtitle names the
 * first error, and the errors are there before the readiness says so. */
static void
test_node_cloud_init_errors (void)
{
  SlipwayNodeInfo *info = make_info ();
  g_autoptr(SlipwayNode) node = _slipway_node_new (info);
  const char * const errors[] = { "('scripts_user', RuntimeError('runcmd failed'))", "second", NULL };
  g_autofree char *summary = NULL;
  guint n_errors_notified = 0;

  free_info (info);
  g_assert_cmpuint (g_strv_length ((char **)slipway_node_get_cloud_init_errors (node)), ==, 0);
  g_signal_connect (node, "notify::cloud-init-errors", G_CALLBACK (slipway_test_count_notify_cb),
                    &n_errors_notified);

  _slipway_node_set_state (node, SLIPWAY_NODE_STATE_RUNNING);
  _slipway_node_set_cloud_init_errors (node, errors);
  _slipway_node_set_cloud_init_errors (node, errors);
  _slipway_node_set_readiness (node, SLIPWAY_READINESS_READY_WITH_ERRORS);
  g_assert_cmpuint (n_errors_notified, ==, 1);
  g_assert_true (slipway_node_get_ssh_ready (node));
  g_assert_cmpstr (slipway_node_get_cloud_init_errors (node)[1], ==, "second");
  summary = slipway_node_dup_summary (node);
  g_assert_cmpstr (summary, ==, "10.77.3.14 · Ready with cloud-init errors: ('scripts_user', "
                                "RuntimeError('runcmd failed'))");
  g_assert_cmpstr (slipway_readiness_to_string (SLIPWAY_READINESS_READY_WITH_ERRORS), ==,
                   "ready-with-errors");

  _slipway_node_set_cloud_init_errors (node, NULL);
  g_assert_cmpuint (n_errors_notified, ==, 2);
  g_assert_null (slipway_node_get_cloud_init_errors (node)[0]);
}

/* cloud-init's own result decides between READY and READY_WITH_ERRORS. */
static void
test_probe_cloud_init_result (void)
{
  static const char clean[] = "slipway-ready\n"
                              "{\"v1\": {\"datasource\": \"DataSourceNoCloud\", \"errors\": []}}\n";
  static const char failed[] = "slipway-ready\n"
                               "{\n \"v1\": {\n  \"datasource\": \"DataSourceNoCloud\",\n"
                               "  \"errors\": [\n   \"('scripts_user', RuntimeError('Runparts: 1 "
                               "failures (runcmd) in 1 attempted commands'))\",\n"
                               "   {\"module\": \"package_update_upgrade_install\"}\n  ]\n }\n}\n";
  g_auto(GStrv) errors = NULL;

  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 0, clean, ""), ==, SLIPWAY_READINESS_READY);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 0, failed, ""), ==,
                   SLIPWAY_READINESS_READY_WITH_ERRORS);
  /* Not JSON, or no errors member: nothing to report */
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 0, "slipway-ready\n{", ""), ==,
                   SLIPWAY_READINESS_READY);
  g_assert_cmpint (_slipway_probe_classify_ssh (TRUE, 0, "slipway-ready\n{\"v1\": {}}", ""), ==,
                   SLIPWAY_READINESS_READY);

  errors = _slipway_probe_cloud_init_errors (strstr (failed, "{"));
  g_assert_cmpuint (g_strv_length (errors), ==, 2);
  g_assert_cmpstr (errors[0], ==, "('scripts_user', RuntimeError('Runparts: 1 failures (runcmd) "
                                  "in 1 attempted commands'))");
  g_assert_cmpstr (errors[1], ==, "{\"module\":\"package_update_upgrade_install\"}");
}

static void
test_probe_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing leaves the machine: loopback, and cancelled at once. */
  _slipway_probe_async ("127.0.0.1", "/nonexistent/ssh_config", "nowhere", FALSE, NULL, NULL,
                        cancellable, slipway_test_store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (_slipway_probe_finish ((GAsyncResult *)result, NULL, &error), ==,
                   SLIPWAY_READINESS_MISSING);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/node/new-destroy", test_node_new_destroy);
  g_test_add_func ("/slipway/node/notify-once", test_node_notify_once);
  g_test_add_func ("/slipway/node/progress-range", test_node_progress_range);
  g_test_add_func ("/slipway/probe/classify", test_probe_classify);
  g_test_add_func ("/slipway/probe/cancel", test_probe_cancel);
  g_test_add_func ("/slipway/node/cloud-init-errors", test_node_cloud_init_errors);
  g_test_add_func ("/slipway/probe/cloud-init-result", test_probe_cloud_init_result);

  return g_test_run ();
}
