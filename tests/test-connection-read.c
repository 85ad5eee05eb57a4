/* test-connection-read.c: what the model takes from libvirt reaches it in
 * order, not while an operation runs, and on its own thread
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "slipway.h"
#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-operation-private.h"
#include "slipway-provisioner-private.h"
#include "slipway-test-utils.h"
#include "slipway-virt-private.h"

static virConnectPtr observer;
static char *image;

static gboolean
worker1_stopped (gpointer data)
{
  return slipway_node_get_state (data) == SLIPWAY_NODE_STATE_STOPPED;
}

static gboolean
worker1_running (gpointer data)
{
  return slipway_node_get_state (data) == SLIPWAY_NODE_STATE_RUNNING;
}

static SlipwayClusterStatus *
read_now (const char *name)
{
  g_autoptr(GError) error = NULL;
  SlipwayClusterStatus *status = _slipway_virt_load_cluster_status (observer, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (status);
  return status;
}

/* Reads run in worker threads and may end in any order. One that began
 * before another, and ends after it, is older than what the model shows:
 * it must not take the model back (a create's read-back, overtaken by a
 * read queued by the events of the create, left a node missing). */
static void
test_older_read_loses (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (SLIPWAY_TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("reordered", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  SlipwayNode *worker1 = slipway_cluster_find_node (cluster, "worker1");
  g_autoptr(SlipwayClusterStatus) older_status = NULL;
  g_autoptr(SlipwayClusterStatus) newer_status = NULL;
  SlipwayRead *older;
  SlipwayRead *newer;
  virDomainPtr dom;

  dom = virDomainLookupByName (observer, "reordered-worker1");
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  slipway_test_spin_until (worker1_stopped, worker1, "worker1 to show stopped");

  /* From here on the main context does not run: no event comes between. */
  older = _slipway_connection_begin_read (connection, "reordered");
  older_status = read_now ("reordered");
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  newer = _slipway_connection_begin_read (connection, "reordered");
  newer_status = read_now ("reordered");

  _slipway_connection_apply_read (connection, newer, newer_status);
  g_assert_cmpint (slipway_node_get_state (worker1), ==, SLIPWAY_NODE_STATE_RUNNING);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_RUNNING);

  _slipway_connection_apply_read (connection, older, older_status);
  g_assert_cmpint (slipway_node_get_state (worker1), ==, SLIPWAY_NODE_STATE_RUNNING);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_RUNNING);

  _slipway_connection_end_read (connection, older);
  _slipway_connection_end_read (connection, newer);
  virDomainFree (dom);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

/* Reads wait for an operation ---------------------------------------------- */

typedef struct
{
  SlipwayConnection *connection;
  SlipwayCluster    *cluster;
  guint64            serial;    /* a read newer than this */
} ReadWait;

static gboolean
no_read_queued (gpointer data)
{
  ReadWait *wait = data;

  return !g_hash_table_contains (wait->connection->queued_reads,
                                 slipway_cluster_get_name (wait->cluster));
}

static gboolean
read_since (gpointer data)
{
  ReadWait *wait = data;

  return wait->cluster->read_serial > wait->serial;
}

/* Stops worker1 behind the model's back and checks that its state comes
 * from the event while the read it asks for waits. */
static void
stop_worker1_while_reads_wait (ReadWait *wait)
{
  SlipwayNode *worker1 = slipway_cluster_find_node (wait->cluster, "worker1");
  virDomainPtr dom = virDomainLookupByName (observer, "waiting-worker1");

  g_assert_true (_slipway_cluster_defers_reads (wait->cluster));
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  virDomainFree (dom);
  slipway_test_spin_until (worker1_stopped, worker1, "worker1 to show stopped");

  g_assert_true (no_read_queued (wait));
  g_assert_true (wait->cluster->read_deferred);
}

/* While an operation of this process runs on a cluster, its events set
 * the nodes' states and the reads they ask for wait: one read follows the
 * operation, none competes with it for libvirtd. */
static void
test_reads_wait_for_operation (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (SLIPWAY_TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("waiting", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  g_autoptr(SlipwayOperation) operation = NULL;
  g_autoptr(SlipwayClusterStatus) status = NULL;
  ReadWait wait = { connection, cluster, 0 };
  SlipwayRead *read;
  virDomainPtr dom;

  slipway_test_spin_until (no_read_queued, &wait, "the create's reads to end");
  g_assert_false (_slipway_cluster_defers_reads (cluster));

  /* An operation of this process. */
  operation = _slipway_operation_new (cluster, SLIPWAY_OPERATION_START, NULL, NULL);
  _slipway_cluster_set_operation (cluster, operation);
  stop_worker1_while_reads_wait (&wait);

  wait.serial = cluster->read_serial;
  _slipway_cluster_set_operation (cluster, NULL);
  g_assert_false (cluster->read_deferred);
  g_assert_false (no_read_queued (&wait));
  slipway_test_spin_until (read_since, &wait, "the read after the operation");
  slipway_test_spin_until (no_read_queued, &wait, "no read left");

  /* With no operation, an event's read is queued as it comes. */
  dom = virDomainLookupByName (observer, "waiting-worker1");
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  virDomainFree (dom);
  wait.serial = cluster->read_serial;
  slipway_test_spin_until (worker1_running, slipway_cluster_find_node (cluster, "worker1"),
                           "worker1 to show running");
  g_assert_false (no_read_queued (&wait));
  slipway_test_spin_until (read_since, &wait, "the read after the start");
  slipway_test_spin_until (no_read_queued, &wait, "no read left");

  /* A read that begins and is not applied (it failed, or a newer one was)
   * answers nothing; one that is applied answers all. */
  g_clear_object (&operation);
  operation = _slipway_operation_new (cluster, SLIPWAY_OPERATION_STOP, NULL, NULL);
  _slipway_cluster_set_operation (cluster, operation);
  stop_worker1_while_reads_wait (&wait);
  read = _slipway_connection_begin_read (connection, "waiting");
  _slipway_connection_end_read (connection, read);
  g_assert_true (cluster->read_deferred);

  read = _slipway_connection_begin_read (connection, "waiting");
  status = read_now ("waiting");
  _slipway_connection_apply_read (connection, read, status);
  _slipway_connection_end_read (connection, read);
  g_assert_false (cluster->read_deferred);
  _slipway_cluster_set_operation (cluster, NULL);
  g_assert_true (no_read_queued (&wait));

  /* A cluster not read since the connection came back has no nodes to set
   * from events: its reads do not wait. */
  _slipway_cluster_set_operation (cluster, operation);
  _slipway_cluster_forget (cluster);
  g_assert_false (_slipway_cluster_defers_reads (cluster));
  _slipway_cluster_set_operation (cluster, NULL);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

/* Progress ------------------------------------------------------------------ */

typedef struct
{
  GThread *thread;      /* the caller's */
  guint    n_reports;
  guint    n_elsewhere; /* reports handled in another thread */
} Reports;

static void
count_report_cb (SlipwayProvisioner *provisioner,
                 SlipwayProgress    *progress,
                 Reports            *reports)
{
  reports->n_reports++;
  if (g_thread_self () != reports->thread)
    g_atomic_int_inc (&reports->n_elsewhere);
}

static gboolean
domain_running (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (observer, name);
  gboolean running = dom != NULL && virDomainIsActive (dom) == 1;

  if (dom != NULL)
    virDomainFree (dom);
  virResetLastError ();
  return running;
}

/* "progress" is emitted on the caller's main context, in its thread, even
 * while that thread does not iterate the context: never by the worker,
 * which would run the model's handlers beside the main thread. */
static void
test_progress_waits_for_the_caller (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (SLIPWAY_TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("reported", image);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Reports reports = { g_thread_self (), 0, 0 };
  gint64 deadline = g_get_monotonic_time () + (gint64)slipway_test_timeout_s () * G_USEC_PER_SEC;

  g_signal_connect (provisioner, "progress", G_CALLBACK (count_report_cb), &reports);
  slipway_provisioner_create_async (provisioner, spec, NULL, slipway_test_store_result_cb, &result);

  /* The worker reports from its first step; the last node runs after most
   * of them. The main context is not iterated meanwhile. */
  while (!domain_running ("reported-worker1"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  g_assert_cmpuint (g_atomic_int_get (&reports.n_elsewhere), ==, 0);
  g_assert_cmpuint (reports.n_reports, ==, 0);

  g_assert_true (slipway_provisioner_create_finish (provisioner, slipway_test_wait_result (&result),
                                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reports.n_reports, >, 0);
  g_assert_cmpuint (reports.n_elsewhere, ==, 0);
  g_clear_object (&result);

  slipway_provisioner_destroy_async (provisioner, "reported", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE,
                                     NULL, slipway_test_store_result_cb, &result);
  g_assert_true (slipway_provisioner_destroy_finish (provisioner, slipway_test_wait_result (&result),
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reports.n_elsewhere, ==, 0);
  g_clear_object (&result);

  /* Reports still queued hold a reference. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_handlers_disconnect_by_data (provisioner, &reports);
  slipway_test_unref_and_wait (g_steal_pointer (&provisioner));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  image = slipway_test_make_disk_image ();
  observer = slipway_test_keep_alive ();

  g_test_add_func ("/slipway/connection/older-read-loses", test_older_read_loses);
  g_test_add_func ("/slipway/connection/reads-wait-for-operation", test_reads_wait_for_operation);
  g_test_add_func ("/slipway/provisioner/progress-waits-for-the-caller",
                   test_progress_waits_for_the_caller);

  ret = g_test_run ();

  slipway_test_keep_alive_close ();
  g_unlink (image);
  g_free (image);

  return ret;
}
