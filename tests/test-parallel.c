/* test-parallel.c: operations on many nodes at once, on libvirt's test
 * driver: the bound on the workers, progress per node and as a whole,
 * cancel in the middle of a wave and what is rolled back
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "slipway-job-private.h"
#include "slipway-test-utils.h"
#include "provisioner-fixture.h"

#define N_WORKERS 10

/* A gateway, a control node and N_WORKERS workers: more nodes than one
 * connection takes at once. */
static SlipwaySpec *
wide_spec (Fixture    *fixture,
           const char *name)
{
  SlipwaySpec *spec = small_spec (fixture, name);

  spec->roles[SLIPWAY_ROLE_WORKER].count = N_WORKERS;
  return spec;
}

/* The whole fraction never falls, and at no moment do more nodes work
 * in one wave than the pool allows: a node works in the wave from its
 * first report of a fraction from @from on to its first of @to or more.
 * Returns the most nodes seen at work at once. */
static guint
assert_bounded_wave_between (GPtrArray *progress,
                             guint      bound,
                             double     from,
                             double     to)
{
  g_autoptr(GHashTable) working = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) finished = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  double whole = 0.0;
  guint most = 0;

  for (guint i = 0; i < progress->len; i++)
    {
      SlipwayProgress *p = g_ptr_array_index (progress, i);

      g_assert_cmpfloat (p->fraction, >=, whole);
      whole = p->fraction;

      if (p->node == NULL || g_hash_table_contains (finished, p->node) || p->node_fraction < from)
        continue;
      if (p->node_fraction >= to)
        {
          g_hash_table_remove (working, p->node);
          g_hash_table_add (finished, g_strdup (p->node));
          continue;
        }
      g_hash_table_add (working, g_strdup (p->node));
      most = MAX (most, g_hash_table_size (working));
      g_assert_cmpuint (g_hash_table_size (working), <=, bound);
    }

  return most;
}

static guint
assert_bounded_wave (GPtrArray *progress,
                     guint      bound)
{
  return assert_bounded_wave_between (progress, bound, 0.0, 1.0);
}

/* A create or rebuild defines every node before it starts any: no node
 * reports its start before each has reported that it is defined. */
static void
assert_defined_before_started (GPtrArray *progress,
                               guint      n_nodes)
{
  g_autoptr(GHashTable) defined = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_started = 0;

  for (guint i = 0; i < progress->len; i++)
    {
      SlipwayProgress *p = g_ptr_array_index (progress, i);

      if (p->node == NULL)
        continue;
      if (p->node_fraction >= SLIPWAY_JOB_NODE_PREPARED && p->node_fraction < 1.0 &&
          g_strcmp0 (p->step, "Starting") != 0)
        g_hash_table_add (defined, g_strdup (p->node));
      if (g_strcmp0 (p->step, "Starting") == 0)
        {
          g_assert_cmpuint (g_hash_table_size (defined), ==, n_nodes);
          n_started++;
        }
    }
  g_assert_cmpuint (n_started, ==, n_nodes);
}

/* A create and a rebuild go in two waves, each bounded: disks and
 * definitions, then the starts. */
static void
assert_two_waves (GPtrArray *progress,
                  guint      n_nodes)
{
  guint most;

  assert_defined_before_started (progress, n_nodes);
  most = assert_bounded_wave_between (progress, SLIPWAY_JOB_CALLS_PER_CONNECTION,
                                      0.0, SLIPWAY_JOB_NODE_PREPARED);
  g_test_message ("at most %u of %u nodes prepared at once", most, n_nodes);
  g_assert_cmpuint (most, >=, 1);
  most = assert_bounded_wave_between (progress, SLIPWAY_JOB_CALLS_PER_CONNECTION,
                                      SLIPWAY_JOB_NODE_PREPARED + 0.01, 1.0);
  g_test_message ("at most %u of %u nodes started at once", most, n_nodes);
  g_assert_cmpuint (most, >=, 1);
}

static void
test_create_bounded (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = wide_spec (fixture, "wave");
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  guint n_nodes = slipway_spec_get_n_nodes (spec);

  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, n_nodes);
  /* The test driver is one world per process: one connection only. */
  assert_two_waves (fixture->progress, n_nodes);

  status = do_status (fixture, "wave", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_nodes; i++)
    g_assert_cmpint (status->states[i], ==, SLIPWAY_NODE_STATE_RUNNING);
  g_clear_pointer (&status, slipway_cluster_status_free);

  g_assert_true (do_destroy (fixture, "wave", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE, &error));
  g_assert_no_error (error);
  assert_no_objects ("wave");
}

static void
assert_all_in (Fixture          *fixture,
               const char       *cluster,
               SlipwayNodeState  state)
{
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = do_status (fixture, cluster, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < status->topology->nodes->len; i++)
    g_assert_cmpint (status->states[i], ==, state);
}

/* Force off, start, rebuild and destroy go in waves too: every node gets
 * there, each node's progress and the whole rise to 1. */
static void
test_lifecycle_waves (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = wide_spec (fixture, "waves");
  g_autoptr(GError) error = NULL;
  guint n_nodes = slipway_spec_get_n_nodes (spec);
  const char *workers[] = { "worker", NULL };

  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);

  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_FORCE_OFF, "waves", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, n_nodes);
  assert_bounded_wave (fixture->progress, SLIPWAY_JOB_CALLS_PER_CONNECTION);
  assert_all_in (fixture, "waves", SLIPWAY_NODE_STATE_STOPPED);

  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_START, "waves", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, n_nodes);
  assert_bounded_wave (fixture->progress, SLIPWAY_JOB_CALLS_PER_CONNECTION);
  assert_all_in (fixture, "waves", SLIPWAY_NODE_STATE_RUNNING);

  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_REBUILD, "waves", workers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, N_WORKERS);
  assert_two_waves (fixture->progress, N_WORKERS);
  assert_all_in (fixture, "waves", SLIPWAY_NODE_STATE_RUNNING);

  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_true (do_destroy (fixture, "waves", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, n_nodes);
  assert_bounded_wave (fixture->progress, SLIPWAY_JOB_CALLS_PER_CONNECTION);
  assert_no_objects ("waves");
}

/* Cancelled while several nodes are half made: those at work finish their
 * step, the rest never start, and everything any of them made is gone. */
static void
test_cancel_mid_wave (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = wide_spec (fixture, "midwave");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) touched = g_hash_table_new (g_str_hash, g_str_equal);

  /* Enough nodes that the wave is still under way when the main context
   * hears of the first seed and cancels. */
  spec->roles[SLIPWAY_ROLE_WORKER].count = 3 * N_WORKERS;

  fixture->cancel_at_step = g_cancellable_new ();
  fixture->cancel_step = "Writing the cloud-init seed";

  g_assert_false (do_create (fixture, spec, fixture->cancel_at_step, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "Everything it had made was removed"));
  assert_no_objects ("midwave");

  /* Cancelled in the wave: not every node was begun. */
  for (guint i = 0; i < fixture->progress->len; i++)
    {
      SlipwayProgress *p = g_ptr_array_index (fixture->progress, i);

      if (p->node != NULL)
        g_hash_table_add (touched, p->node);
    }
  g_assert_cmpuint (g_hash_table_size (touched), >=, 1);
  g_assert_cmpuint (g_hash_table_size (touched), <, slipway_spec_get_n_nodes (spec));

  /* And the same description creates cleanly afterwards. */
  g_clear_error (&error);
  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (do_destroy (fixture, "midwave", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE, &error));
  g_assert_no_error (error);
  assert_no_objects ("midwave");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  provisioner_fixture_init ();

  g_test_add ("/slipway/parallel/create-bounded", Fixture, NULL,
              fixture_set_up, test_create_bounded, fixture_tear_down);
  g_test_add ("/slipway/parallel/lifecycle-waves", Fixture, NULL,
              fixture_set_up, test_lifecycle_waves, fixture_tear_down);
  g_test_add ("/slipway/parallel/cancel-mid-wave", Fixture, NULL,
              fixture_set_up, test_cancel_mid_wave, fixture_tear_down);

  ret = g_test_run ();
  slipway_test_keep_alive_close ();

  return ret;
}
