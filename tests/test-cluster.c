/* test-cluster.c: the object model on libvirt's test driver
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
#include "slipway-provisioner-private.h"
#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-node-private.h"
#include "slipway-operation-private.h"
#include "slipway-test-utils.h"

#define TEST_URI "test:///default"
#define SPIN_TIMEOUT_S 30

/* test:///default keeps its state while any connection to it is open: this
 * one lives as long as the program, and acts behind the model's back. */
static virConnectPtr observer;
static char *image;

/* Helpers ------------------------------------------------------------------ */

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the default main context until @cond holds; fails after a while. */
#define SPIN_UNTIL(cond)                                                       \
  G_STMT_START {                                                               \
    gint64 deadline_ = g_get_monotonic_time () +                               \
                       (gint64)SPIN_TIMEOUT_S * slipway_test_slowdown () * G_USEC_PER_SEC; \
    guint wake_ = g_timeout_add (50, wake_cb, NULL);                           \
    while (!(cond) && g_get_monotonic_time () < deadline_)                     \
      g_main_context_iteration (NULL, TRUE);                                   \
    g_source_remove (wake_);                                                   \
    if (!(cond))                                                               \
      g_error ("Timed out waiting for %s", #cond);                             \
  } G_STMT_END



static SlipwayNodeState
node_state (SlipwayCluster *cluster,
            const char     *name)
{
  SlipwayNode *node = slipway_cluster_find_node (cluster, name);

  g_assert_nonnull (node);
  return slipway_node_get_state (node);
}

/* SlipwayConnection -------------------------------------------------------- */

static void
test_connection_new_destroy (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);

  g_assert_cmpstr (slipway_connection_get_uri (connection), ==, TEST_URI);
  g_assert_true (slipway_connection_get_connected (connection));
  g_assert_null (slipway_connection_find_cluster (connection, "nothere"));
  slipway_test_close_connection (connection);
}

static void
test_connection_query_host (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SlipwayHostInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  slipway_connection_query_host_async (connection, NULL, slipway_test_store_result_cb, &result);
  info = slipway_connection_query_host_finish (connection, slipway_test_wait_result (&result),
                                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  /* The test driver's host has memory, some of it free. */
  g_assert_cmpuint (info->memory_bytes, >, 0);
  g_assert_cmpuint (info->memory_free_bytes, >, 0);
  g_assert_cmpuint (info->memory_free_bytes, <=, info->memory_bytes);

  g_clear_object (&result);
  slipway_test_close_connection (connection);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  SlipwayCluster **seen = user_data;

  /* The cluster shows at once, creating, with its operation. */
  if (added == 1 && *seen == NULL)
    {
      *seen = g_list_model_get_item (model, position);
      g_assert_cmpint (slipway_cluster_get_state (*seen), ==, SLIPWAY_CLUSTER_STATE_CREATING);
      g_assert_nonnull (slipway_cluster_get_operation (*seen));
      g_assert_cmpint (slipway_operation_get_kind (slipway_cluster_get_operation (*seen)), ==,
                       SLIPWAY_OPERATION_CREATE);
    }
}

static void
test_connection_list_follows_create_destroy (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  GListModel *clusters = slipway_connection_get_clusters (connection);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("listed", image);
  g_autoptr(SlipwayCluster) seen = NULL;
  SlipwayCluster *cluster;
  SlipwayNode *node;
  gpointer node_weak = NULL;
  guint n_before = g_list_model_get_n_items (clusters);
  gulong id;

  id = g_signal_connect (clusters, "items-changed", G_CALLBACK (on_items_changed_cb), &seen);
  cluster = slipway_test_create_cluster (connection, spec);
  g_signal_handler_disconnect (clusters, id);

  g_assert_true (cluster == seen);
  g_assert_true (slipway_connection_find_cluster (connection, "listed") == cluster);
  g_assert_cmpuint (g_list_model_get_n_items (clusters), ==, n_before + 1);
  g_assert_null (slipway_cluster_get_operation (cluster));
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_RUNNING);
  g_assert_true (slipway_cluster_get_network_active (cluster));
  g_assert_cmpuint (g_list_model_get_n_items (slipway_cluster_get_nodes (cluster)), ==, 3);

  node = g_list_model_get_item (slipway_cluster_get_nodes (cluster), 0);
  g_object_add_weak_pointer (G_OBJECT (node), &node_weak);
  g_object_unref (node);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  g_assert_null (slipway_connection_find_cluster (connection, "listed"));
  g_assert_cmpuint (g_list_model_get_n_items (clusters), ==, n_before);

  g_clear_object (&seen);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
  g_assert_null (node_weak);
}

/* A cluster made or removed by someone else shows through network events. */
static void
test_connection_follows_other_programs (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwayProvisioner) other = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("elsewhere", image);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slipway_provisioner_create_async (other, spec, NULL, slipway_test_store_result_cb, &result);
  g_assert_true (slipway_provisioner_create_finish (other, slipway_test_wait_result (&result),
                                                    &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  SPIN_UNTIL (slipway_connection_find_cluster (connection, "elsewhere") != NULL &&
              slipway_cluster_get_state (slipway_connection_find_cluster (connection, "elsewhere")) ==
              SLIPWAY_CLUSTER_STATE_RUNNING);

  slipway_provisioner_destroy_async (other, "elsewhere", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE, NULL,
                                     slipway_test_store_result_cb, &result);
  g_assert_true (slipway_provisioner_destroy_finish (other, slipway_test_wait_result (&result),
                                                     &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  SPIN_UNTIL (slipway_connection_find_cluster (connection, "elsewhere") == NULL);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  slipway_test_unref_and_wait (g_steal_pointer (&other));
  slipway_test_close_connection (connection);
}

/* A lost connection does not leave nodes looking ready. */
static void
test_connection_lost_forgets (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("forgotten", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  SlipwayNode *node = slipway_cluster_find_node (cluster, "control0");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_connected = 0;

  g_signal_connect (connection, "notify::connected", G_CALLBACK (slipway_test_count_notify_cb),
                    &n_connected);
  _slipway_node_set_readiness (node, SLIPWAY_READINESS_READY);
  g_assert_true (slipway_node_get_ssh_ready (node));

  _slipway_connection_set_connected (connection, FALSE);
  g_assert_cmpuint (n_connected, ==, 1);
  g_assert_false (slipway_connection_get_connected (connection));
  g_assert_cmpint (slipway_node_get_readiness (node), ==, SLIPWAY_READINESS_MISSING);
  g_assert_false (slipway_node_get_ssh_ready (node));
  g_assert_false (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_STOP, NULL));

  /* Back: one read shows the truth again. */
  _slipway_connection_set_connected (connection, TRUE);
  slipway_connection_sync_async (connection, NULL, slipway_test_store_result_cb, &result);
  g_assert_true (slipway_connection_sync_finish (connection, slipway_test_wait_result (&result),
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpint (slipway_node_get_readiness (node), ==, SLIPWAY_READINESS_RUNNING);
  g_assert_true (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_STOP, NULL));
  g_signal_handlers_disconnect_by_data (connection, &n_connected);

  g_clear_object (&result);
  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

/* SlipwayCluster ----------------------------------------------------------- */

static void
test_cluster_events_drive_state (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("evented", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  SlipwayNode *worker = slipway_cluster_find_node (cluster, "worker1");
  virDomainPtr dom;

  g_assert_nonnull (worker);
  g_assert_cmpint (slipway_node_get_state (worker), ==, SLIPWAY_NODE_STATE_RUNNING);
  g_assert_cmpint (slipway_node_get_readiness (worker), ==, SLIPWAY_READINESS_RUNNING);

  /* Behind the model's back. */
  dom = virDomainLookupByName (observer, "evented-worker1");
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);

  SPIN_UNTIL (slipway_node_get_state (worker) == SLIPWAY_NODE_STATE_STOPPED);
  g_assert_cmpint (slipway_node_get_readiness (worker), ==, SLIPWAY_READINESS_DEFINED);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_PARTIAL);
  g_assert_cmpint (node_state (cluster, "control0"), ==, SLIPWAY_NODE_STATE_RUNNING);

  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  SPIN_UNTIL (slipway_node_get_state (worker) == SLIPWAY_NODE_STATE_RUNNING);
  SPIN_UNTIL (slipway_cluster_get_state (cluster) == SLIPWAY_CLUSTER_STATE_RUNNING);

  g_assert_cmpint (virDomainSuspend (dom), ==, 0);
  SPIN_UNTIL (slipway_node_get_state (worker) == SLIPWAY_NODE_STATE_PAUSED);
  g_assert_cmpint (virDomainResume (dom), ==, 0);
  SPIN_UNTIL (slipway_node_get_state (worker) == SLIPWAY_NODE_STATE_RUNNING);

  /* Undefined: the node is missing, the cluster unfinished. */
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  SPIN_UNTIL (slipway_node_get_state (worker) == SLIPWAY_NODE_STATE_MISSING);
  SPIN_UNTIL (slipway_cluster_get_state (cluster) == SLIPWAY_CLUSTER_STATE_CREATING);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

static void
test_cluster_select (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("selected", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GError) error = NULL;

  nodes = slipway_cluster_select (cluster, (const char * const[]) { "worker", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nodes->len, ==, 2);
  g_assert_cmpstr (slipway_node_get_name (g_ptr_array_index (nodes, 0)), ==, "worker0");
  g_clear_pointer (&nodes, g_ptr_array_unref);

  nodes = slipway_cluster_select (cluster, (const char * const[]) { "control0", "worker1", NULL },
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nodes->len, ==, 2);
  g_clear_pointer (&nodes, g_ptr_array_unref);

  nodes = slipway_cluster_select (cluster, NULL, &error);
  g_assert_cmpuint (nodes->len, ==, 3);
  g_clear_pointer (&nodes, g_ptr_array_unref);

  nodes = slipway_cluster_select (cluster, (const char * const[]) { "worker7", NULL }, &error);
  g_assert_null (nodes);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

static SlipwayCluster *
load_cluster (SlipwayConnection  *connection,
              const char         *name,
              GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_connection_load_cluster_async (connection, name, NULL, slipway_test_store_result_cb,
                                         &result);
  return slipway_connection_load_cluster_finish (connection, slipway_test_wait_result (&result),
                                                 error);
}

/* What status needs: a cluster read by name, whose errors say whether it
 * is missing or not ours; its virt type; one look at its nodes. */
static void
test_cluster_load_and_probe (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("loaded", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  g_autoptr(SlipwayCluster) loaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  virNetworkPtr foreign;

  loaded = load_cluster (connection, "loaded", &error);
  g_assert_no_error (error);
  g_assert_true (loaded == cluster);
  g_assert_cmpstr (slipway_cluster_get_virt_type (cluster), ==, "test");

  slipway_cluster_probe_async (cluster, NULL, slipway_test_store_result_cb, &result);
  g_assert_true (slipway_cluster_probe_finish (cluster, slipway_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (slipway_node_get_readiness (slipway_cluster_find_node (cluster, "worker0")), ==,
                   SLIPWAY_READINESS_RUNNING);

  g_assert_null (load_cluster (connection, "nosuch", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  foreign = virNetworkDefineXML (observer,
                                 "<network><name>slipway-alien</name>"
                                 "<ip address='10.231.9.1' netmask='255.255.255.0'/></network>");
  g_assert_nonnull (foreign);
  g_assert_null (load_cluster (connection, "alien", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED);
  g_assert_nonnull (strstr (error->message, "slipway-alien"));
  g_assert_null (slipway_connection_find_cluster (connection, "alien"));
  virNetworkUndefine (foreign);
  virNetworkFree (foreign);

  g_clear_object (&loaded);
  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

static void
test_cluster_run_and_can_run (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("runner", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  const char * const workers[] = { "worker", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_START, NULL));
  g_assert_true (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_STOP, NULL));
  g_assert_true (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_DESTROY, NULL));
  g_assert_false (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_STOP,
                                           (const char * const[]) { "nosuch", NULL }));

  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_FORCE_OFF, workers,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (node_state (cluster, "worker0"), ==, SLIPWAY_NODE_STATE_STOPPED);
  g_assert_cmpint (node_state (cluster, "worker1"), ==, SLIPWAY_NODE_STATE_STOPPED);
  g_assert_cmpint (node_state (cluster, "control0"), ==, SLIPWAY_NODE_STATE_RUNNING);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_PARTIAL);
  g_assert_true (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_START, workers));
  g_assert_false (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_STOP, workers));

  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_START, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_RUNNING);

  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_STOP, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_STOPPED);

  g_assert_false (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_START,
                       (const char * const[]) { "nosuch", NULL }, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_assert_null (slipway_cluster_get_operation (cluster));

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

static void
test_cluster_busy (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("busy", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) third = NULL;
  g_autoptr(GAsyncResult) fourth = NULL;
  g_autoptr(SlipwayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  SlipwayOperation *operation;

  slipway_cluster_run_async (cluster, SLIPWAY_OPERATION_RESET, NULL, NULL,
                             slipway_test_store_result_cb, &first);
  operation = slipway_cluster_get_operation (cluster);
  g_assert_nonnull (operation);
  g_assert_cmpint (slipway_operation_get_kind (operation), ==, SLIPWAY_OPERATION_RESET);
  g_assert_true (slipway_operation_get_cluster (operation) == cluster);
  g_assert_false (slipway_operation_get_finished (operation));
  g_assert_false (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_STOP, NULL));
  g_assert_false (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_DESTROY, NULL));

  slipway_cluster_run_async (cluster, SLIPWAY_OPERATION_STOP, NULL, NULL,
                             slipway_test_store_result_cb, &second);
  g_assert_false (slipway_cluster_run_finish (cluster, slipway_test_wait_result (&second), &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_clear_error (&error);

  slipway_cluster_destroy_async (cluster, SLIPWAY_DESTROY_FLAGS_NONE, NULL,
                                 slipway_test_store_result_cb, &third);
  g_assert_false (slipway_cluster_destroy_finish (cluster, slipway_test_wait_result (&third),
                                                  &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_clear_error (&error);

  plan = slipway_test_plan_spec (connection, spec);
  slipway_connection_create_cluster_async (connection, plan, NULL, slipway_test_store_result_cb,
                                           &fourth);
  g_assert_null (slipway_connection_create_cluster_finish (connection,
                                                           slipway_test_wait_result (&fourth),
                                                           &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_clear_error (&error);

  /* The first one was not disturbed. */
  g_object_ref (operation);
  g_assert_true (slipway_cluster_run_finish (cluster, slipway_test_wait_result (&first), &error));
  g_assert_no_error (error);
  g_assert_true (slipway_operation_get_finished (operation));
  g_assert_cmpfloat (slipway_operation_get_fraction (operation), ==, 1.0);
  g_assert_null (slipway_cluster_get_operation (cluster));
  g_assert_true (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_STOP, NULL));
  g_clear_object (&first);
  g_assert_finalize_object (operation);
  /* Results hold their source objects. */
  g_clear_object (&second);
  g_clear_object (&third);
  g_clear_object (&fourth);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

/* Every node's progress, as SlipwayNode:progress showed it. */
typedef struct
{
  GHashTable     *values;    /* node name → GArray of double */
  GHashTable     *done;      /* node names that got to 1 while the operation ran */
  SlipwayCluster *cluster;   /* borrowed */
} Recorder;

static void
record_progress_cb (SlipwayNode *node,
                    GParamSpec  *pspec,
                    Recorder    *recorder)
{
  GArray *values = g_hash_table_lookup (recorder->values, slipway_node_get_name (node));
  double progress = slipway_node_get_progress (node);

  if (values == NULL)
    {
      values = g_array_new (FALSE, FALSE, sizeof (double));
      g_hash_table_insert (recorder->values, g_strdup (slipway_node_get_name (node)), values);
    }
  g_array_append_val (values, progress);

  /* From the engine's own figure, not only from the operation's end. */
  if (progress == 1.0 && recorder->cluster != NULL &&
      slipway_cluster_get_operation (recorder->cluster) != NULL)
    g_hash_table_add (recorder->done, g_strdup (slipway_node_get_name (node)));
}

static void
record_nodes_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Recorder   *recorder)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (model, i);

      g_signal_connect (node, "notify::progress", G_CALLBACK (record_progress_cb), recorder);
      record_progress_cb (node, NULL, recorder);
    }
}

static void
record_clusters_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Recorder   *recorder)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (model, i);
      GListModel *nodes = slipway_cluster_get_nodes (cluster);

      recorder->cluster = cluster;
      g_signal_connect (nodes, "items-changed", G_CALLBACK (record_nodes_cb), recorder);
      record_nodes_cb (nodes, 0, 0, g_list_model_get_n_items (nodes), recorder);
    }
}

static void
assert_progress_rose_to_one (Recorder *recorder,
                             guint     n_nodes)
{
  GHashTableIter iter;
  const char *name;
  GArray *values;

  g_assert_cmpuint (g_hash_table_size (recorder->values), ==, n_nodes);
  g_hash_table_iter_init (&iter, recorder->values);
  while (g_hash_table_iter_next (&iter, (gpointer *)&name, (gpointer *)&values))
    {
      double last = -1.0;

      for (guint i = 0; i < values->len; i++)
        {
          double value = g_array_index (values, double, i);

          /* -1 only before the operation touched the node. */
          if (value < last)
            g_error ("The progress of %s fell from %g to %g", name, last, value);
          last = value;
        }
      g_assert_cmpfloat (last, ==, 1.0);
      g_assert_true (g_hash_table_contains (recorder->done, name));
    }

  g_hash_table_remove_all (recorder->values);
  g_hash_table_remove_all (recorder->done);
}

static void
test_cluster_progress_never_falls (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  GListModel *clusters = slipway_connection_get_clusters (connection);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("progressed", image);
  Recorder recorder = { 0 };
  SlipwayCluster *cluster;
  virDomainPtr dom;
  gulong id;

  recorder.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)g_array_unref);
  recorder.done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  id = g_signal_connect (clusters, "items-changed", G_CALLBACK (record_clusters_cb), &recorder);
  cluster = slipway_test_create_cluster (connection, spec);
  assert_progress_rose_to_one (&recorder, 3);

  /* An interrupted create: a node was never made. Resuming it sends few
   * steps per node, and still ends at 1. */
  dom = virDomainLookupByName (observer, "progressed-worker1");
  g_assert_nonnull (dom);
  virDomainDestroy (dom);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  SPIN_UNTIL (node_state (cluster, "worker1") == SLIPWAY_NODE_STATE_MISSING);

  g_object_unref (slipway_test_create_cluster (connection, spec));
  g_signal_handler_disconnect (clusters, id);
  assert_progress_rose_to_one (&recorder, 3);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_RUNNING);

  /* So does a reset, node by node. */
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_RESET, NULL, NULL));
  assert_progress_rose_to_one (&recorder, 3);

  g_signal_handlers_disconnect_by_data (slipway_cluster_get_nodes (cluster), &recorder);
  for (guint i = 0; i < 3; i++)
    g_signal_handlers_disconnect_by_data (g_list_model_get_item (slipway_cluster_get_nodes (cluster), i),
                                          &recorder);
  g_hash_table_unref (recorder.values);
  g_hash_table_unref (recorder.done);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

static void
cancel_on_step_cb (SlipwayOperation *operation,
                   GParamSpec       *pspec,
                   gpointer          user_data)
{
  /* The first step about a node: many more follow, each checks. */
  if (g_strcmp0 (slipway_operation_get_step (operation), "Creating the disk") == 0)
    slipway_operation_cancel (operation);
}

static void
on_cluster_added_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (model, i);
      SlipwayOperation *operation = slipway_cluster_get_operation (cluster);

      if (operation != NULL)
        g_signal_connect (operation, "notify::step", G_CALLBACK (cancel_on_step_cb), NULL);
    }
}

static void
test_operation_cancel (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  GListModel *clusters = slipway_connection_get_clusters (connection);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("cancelled", image);
  g_autoptr(SlipwayPlan) plan = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gulong id;

  spec->roles[SLIPWAY_ROLE_WORKER].count = 32;   /* 4 at once: the wave outlasts the cancel */
  plan = slipway_test_plan_spec (connection, spec);
  id = g_signal_connect (clusters, "items-changed", G_CALLBACK (on_cluster_added_cb), NULL);
  slipway_connection_create_cluster_async (connection, plan, NULL, slipway_test_store_result_cb,
                                           &result);
  g_assert_null (slipway_connection_create_cluster_finish (connection,
                                                           slipway_test_wait_result (&result),
                                                           &error));
  g_signal_handler_disconnect (clusters, id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Rolled back: no cluster to show. */
  g_assert_null (slipway_connection_find_cluster (connection, "cancelled"));

  g_clear_object (&result);
  slipway_test_close_connection (connection);
}

static void
test_cluster_wait (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("waited", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GObject *watch;

  /* The test driver shows no more than RUNNING. */
  slipway_cluster_wait_async (cluster, SLIPWAY_READINESS_RUNNING, 10, NULL,
                              slipway_test_store_result_cb, &result);
  g_assert_true (slipway_cluster_wait_finish (cluster, slipway_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Stopped nodes will not get there: said early, naming them. */
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_FORCE_OFF,
                      (const char * const[]) { "worker1", NULL }, NULL));
  slipway_cluster_wait_async (cluster, SLIPWAY_READINESS_RUNNING, 10, NULL,
                              slipway_test_store_result_cb, &result);
  g_assert_false (slipway_cluster_wait_finish (cluster, slipway_test_wait_result (&result),
                                               &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_RUNNING);
  g_assert_nonnull (strstr (error->message, "worker1"));
  g_assert_null (strstr (error->message, "worker0"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* SSH never answers here: the time limit. */
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_START, NULL, NULL));
  slipway_cluster_wait_async (cluster, SLIPWAY_READINESS_SSH_AUTHENTICATED, 1, NULL,
                              slipway_test_store_result_cb, &result);
  g_assert_false (slipway_cluster_wait_finish (cluster, slipway_test_wait_result (&result),
                                               &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_TIMEOUT);
  g_clear_error (&error);
  g_clear_object (&result);

  /* A watch handle keeps the cluster, and lets it go. */
  watch = slipway_cluster_watch (cluster);
  g_assert_nonnull (watch);
  g_assert_finalize_object (watch);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

/* A state the model shows a moment behind libvirt (a late event of a start
 * that came before this process) is read again before the wait gives up. */
static void
test_cluster_wait_stale_state (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("stale", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SlipwayNode *worker0 = slipway_cluster_find_node (cluster, "worker0");

  g_assert_cmpint (slipway_node_get_state (worker0), ==, SLIPWAY_NODE_STATE_RUNNING);
  /* The events and reads of the create are over. */
  {
    gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
    guint wake = g_timeout_add (50, wake_cb, NULL);

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (wake);
  }
  _slipway_cluster_set_node_state (cluster, worker0, SLIPWAY_NODE_STATE_PAUSED);
  g_assert_cmpint (slipway_node_get_readiness (worker0), ==, SLIPWAY_READINESS_DEFINED);

  slipway_cluster_wait_async (cluster, SLIPWAY_READINESS_RUNNING, 10, NULL,
                              slipway_test_store_result_cb, &result);
  g_assert_true (slipway_cluster_wait_finish (cluster, slipway_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (slipway_node_get_state (worker0), ==, SLIPWAY_NODE_STATE_RUNNING);
  g_clear_object (&result);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

/* Ready with cloud-init errors is not ready: the wait fails and names
 * the node and its errors. (The test driver has no SSH: the probe's
 * finding is put where a probe would.) */
static void
test_cluster_wait_cloud_init_errors (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("cierrors", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  GListModel *nodes = slipway_cluster_get_nodes (cluster);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) watch = slipway_cluster_watch (cluster);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);
      NodeExtra *extra = _slipway_cluster_get_extra (cluster, node);

      if (g_str_equal (slipway_node_get_name (node), "worker1"))
        {
          extra->probed = SLIPWAY_READINESS_READY_WITH_ERRORS;
          extra->cloud_init_errors = g_strdupv ((char *[]) { "runcmd failed", "no package", NULL });
        }
      else
        {
          extra->probed = SLIPWAY_READINESS_READY;
        }
      _slipway_cluster_update_readiness (cluster, node);
    }
  g_assert_cmpstr (slipway_node_get_cloud_init_errors (slipway_cluster_find_node (cluster, "worker1"))[0],
                   ==, "runcmd failed");

  slipway_cluster_wait_async (cluster, SLIPWAY_READINESS_READY, 10, NULL,
                              slipway_test_store_result_cb, &result);
  g_assert_false (slipway_cluster_wait_finish (cluster, slipway_test_wait_result (&result), &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_CLOUD_INIT);
  g_assert_cmpstr (error->message, ==,
                   "cloud-init finished with errors on these nodes: worker1 (runcmd failed; no "
                   "package). See /var/log/cloud-init.log on them; after fixing the cause, reset "
                   "them.");
  g_clear_error (&error);
  g_clear_object (&result);

  /* Logging in is all that was asked: that works */
  slipway_cluster_wait_async (cluster, SLIPWAY_READINESS_SSH_AUTHENTICATED, 10, NULL,
                              slipway_test_store_result_cb, &result);
  g_assert_true (slipway_cluster_wait_finish (cluster, slipway_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_clear_object (&watch);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  image = slipway_test_make_disk_image ();

  observer = slipway_test_keep_alive ();

  g_test_add_func ("/slipway/connection/new-destroy", test_connection_new_destroy);
  g_test_add_func ("/slipway/connection/query-host", test_connection_query_host);
  g_test_add_func ("/slipway/connection/list-follows-create-destroy",
                   test_connection_list_follows_create_destroy);
  g_test_add_func ("/slipway/connection/follows-other-programs", test_connection_follows_other_programs);
  g_test_add_func ("/slipway/connection/lost-forgets", test_connection_lost_forgets);
  g_test_add_func ("/slipway/cluster/events-drive-state", test_cluster_events_drive_state);
  g_test_add_func ("/slipway/cluster/select", test_cluster_select);
  g_test_add_func ("/slipway/cluster/load-and-probe", test_cluster_load_and_probe);
  g_test_add_func ("/slipway/cluster/run-and-can-run", test_cluster_run_and_can_run);
  g_test_add_func ("/slipway/cluster/busy", test_cluster_busy);
  g_test_add_func ("/slipway/cluster/progress-never-falls", test_cluster_progress_never_falls);
  g_test_add_func ("/slipway/cluster/wait", test_cluster_wait);
  g_test_add_func ("/slipway/cluster/wait-stale-state", test_cluster_wait_stale_state);
  g_test_add_func ("/slipway/cluster/wait-cloud-init-errors", test_cluster_wait_cloud_init_errors);
  g_test_add_func ("/slipway/operation/cancel", test_operation_cancel);

  ret = g_test_run ();

  slipway_test_keep_alive_close ();
  g_unlink (image);
  g_free (image);

  return ret;
}
