/* test-checkpoint.c: cluster checkpoints on libvirt's test driver
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <unistd.h>

#include "slipway.h"
#include "slipway-checkpoint-private.h"
#include "slipway-cluster-private.h"
#include "slipway-node-private.h"
#include "slipway-test-utils.h"

/* Acts behind the model's back, and keeps the test driver's state. */
static virConnectPtr observer;
static char *image;



static gboolean
save (SlipwayCluster  *cluster,
      const char      *name,
      const char      *description,
      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_cluster_save_checkpoint_async (cluster, name, description, NULL,
                                         slipway_test_store_result_cb, &result);
  return slipway_cluster_save_checkpoint_finish (cluster, slipway_test_wait_result (&result), error);
}

static gboolean
save_baseline (SlipwayCluster  *cluster,
               GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  _slipway_cluster_checkpoint_async (cluster, SLIPWAY_OPERATION_SAVE_CHECKPOINT,
                                     SLIPWAY_CHECKPOINT_BASELINE, NULL, TRUE, NULL, NULL,
                                     slipway_test_store_result_cb, &result);
  return g_task_propagate_boolean (G_TASK (slipway_test_wait_result (&result)), error);
}

static gboolean
restore (SlipwayCluster      *cluster,
         const char          *name,
         const char * const  *targets,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_cluster_restore_checkpoint_async (cluster, name, targets, NULL,
                                            slipway_test_store_result_cb, &result);
  return slipway_cluster_restore_checkpoint_finish (cluster, slipway_test_wait_result (&result), error);
}

static gboolean
delete (SlipwayCluster  *cluster,
        const char      *name,
        GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_cluster_delete_checkpoint_async (cluster, name, NULL, slipway_test_store_result_cb, &result);
  return slipway_cluster_delete_checkpoint_finish (cluster, slipway_test_wait_result (&result), error);
}

/* How many snapshots libvirt holds for @node, whoever made them. */
static int
count_snapshots (SlipwayCluster *cluster,
                 const char     *node)
{
  SlipwayNode *found = slipway_cluster_find_node (cluster, node);
  virDomainPtr dom;
  int n;

  g_assert_nonnull (found);
  dom = virDomainLookupByName (observer, slipway_node_get_domain_name (found));
  g_assert_nonnull (dom);
  n = virDomainSnapshotNum (dom, 0);
  virDomainFree (dom);

  return n;
}

static int
domain_state (SlipwayCluster *cluster,
              const char     *node)
{
  SlipwayNode *found = slipway_cluster_find_node (cluster, node);
  virDomainPtr dom = virDomainLookupByName (observer, slipway_node_get_domain_name (found));
  int state = -1;

  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainGetState (dom, &state, NULL, 0), ==, 0);
  virDomainFree (dom);

  return state;
}

static void
count_replaced_cb (SlipwayNode *node,
                   guint       *count)
{
  (*count)++;
}

static gboolean
replaced_once (gpointer data)
{
  return *(guint *)data > 0;
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

/* Whether the last start of @node's domain, as the events told, was a
 * revert to the baseline by an operation of this process; the events
 * of an operation have all come by the time it finished. */
static gboolean
restored_ready (SlipwayCluster *cluster,
                const char     *node)
{
  SlipwayNode *found = slipway_cluster_find_node (cluster, node);

  g_assert_nonnull (found);
  return _slipway_cluster_get_extra (cluster, found)->restored_ready;
}

/* Names and metadata ---------------------------------------------------------- */

static void
test_checkpoint_name (void)
{
  const char *good[] = { "a", "baseline", "before-upgrade", "v1.2_ok", "0day" };
  const char *bad[] = { "", "-x", ".x", "has space", "slash/no", "ümlaut", "a<b" };
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autofree char *max_name = g_strnfill (64, 'a');

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (slipway_check_checkpoint_name (good[i], NULL));
  g_assert_true (slipway_check_checkpoint_name (max_name, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (slipway_check_checkpoint_name (bad[i], &error));
      g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
    }
  g_assert_false (slipway_check_checkpoint_name (long_name, NULL));
  g_assert_false (slipway_check_checkpoint_name (NULL, NULL));
}

static void
test_checkpoint_metadata (void)
{
  g_autofree char *text = _slipway_checkpoint_metadata_format ("lab", "before", "two\nlines & <more>",
                                                               1796517052, TRUE);
  g_autoptr(SlipwayCheckpointInfo) info = _slipway_checkpoint_metadata_parse (text, "lab", "before");

  g_assert_nonnull (strstr (text, "version=1"));
  g_assert_nonnull (info);
  g_assert_cmpstr (info->name, ==, "before");
  g_assert_cmpstr (info->description, ==, "two\nlines & <more>");
  g_assert_cmpint (info->created, ==, 1796517052);
  g_assert_true (info->baseline);
  g_assert_cmpuint (info->nodes->len, ==, 0);

  /* Another cluster's, another name's, or none at all. */
  g_assert_null (_slipway_checkpoint_metadata_parse (text, "other", "before"));
  g_assert_null (_slipway_checkpoint_metadata_parse (text, "lab", "after"));
  g_assert_null (_slipway_checkpoint_metadata_parse ("made by hand", "lab", "before"));
  g_assert_null (_slipway_checkpoint_metadata_parse ("", "lab", "before"));
  g_assert_null (_slipway_checkpoint_metadata_parse (NULL, "lab", "before"));
}

/* On the test driver ------------------------------------------------------------ */

static void
test_checkpoint_save_list_restore_delete (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (SLIPWAY_TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("ckcycle", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  GListModel *checkpoints = slipway_cluster_get_checkpoints (cluster);
  const char * const worker0[] = { "worker0", NULL };
  const char * const nosuch[] = { "nosuch", NULL };
  g_autoptr(SlipwayCheckpoint) checkpoint = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *nodes;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  SlipwayNode *node0 = slipway_cluster_find_node (cluster, "worker0");
  SlipwayNode *node1 = slipway_cluster_find_node (cluster, "worker1");
  guint changes = 0;
  guint replaced0 = 0;
  guint replaced1 = 0;

  g_assert_true (g_type_is_a (g_list_model_get_item_type (checkpoints), SLIPWAY_TYPE_CHECKPOINT));
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 0);
  g_assert_false (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_RESTORE_CHECKPOINT, NULL));
  g_signal_connect (checkpoints, "items-changed", G_CALLBACK (count_changes_cb), &changes);

  g_assert_true (save (cluster, "first", "Before the upgrade", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 1);
  checkpoint = g_list_model_get_item (checkpoints, 0);
  g_assert_cmpstr (slipway_checkpoint_get_name (checkpoint), ==, "first");
  g_assert_cmpstr (slipway_checkpoint_get_description (checkpoint), ==, "Before the upgrade");
  g_assert_false (slipway_checkpoint_get_baseline (checkpoint));
  g_assert_true (slipway_checkpoint_get_complete (checkpoint));
  g_assert_cmpint (g_date_time_to_unix (slipway_checkpoint_get_created (checkpoint)), >=, now - 60);
  g_assert_cmpint (g_date_time_to_unix (slipway_checkpoint_get_created (checkpoint)), <=, now + 60);
  nodes = slipway_checkpoint_get_nodes (checkpoint);
  g_assert_cmpuint (g_strv_length ((char **)nodes), ==, 3);
  g_assert_cmpstr (nodes[0], ==, "control0");
  g_assert_true (slipway_checkpoint_has_node (checkpoint, "worker1"));
  g_assert_true (slipway_cluster_find_checkpoint (cluster, "first") != NULL);
  g_assert_true (slipway_cluster_can_run (cluster, SLIPWAY_OPERATION_RESTORE_CHECKPOINT, NULL));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (count_snapshots (cluster, (const char *[]) { "control0", "worker0", "worker1" }[i]), ==, 1);
  /* Paused for the cut, running again after it. */
  g_assert_cmpint (domain_state (cluster, "worker1"), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_RUNNING);

  g_assert_false (save (cluster, "first", NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (save (cluster, "bad name", NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_clear_error (&error);

  /* A second one lists after the first, with an empty description. */
  g_assert_true (save (cluster, "second", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 2);
  g_clear_object (&checkpoint);
  checkpoint = g_list_model_get_item (checkpoints, 1);
  g_assert_cmpstr (slipway_checkpoint_get_name (checkpoint), ==, "second");
  g_assert_cmpstr (slipway_checkpoint_get_description (checkpoint), ==, "");

  /* A restore puts a new machine in place of the old: the node says so
   * (SSH tabs hang up on it), and only the restored node does. */
  g_signal_connect (node0, "replaced", G_CALLBACK (count_replaced_cb), &replaced0);
  g_signal_connect (node1, "replaced", G_CALLBACK (count_replaced_cb), &replaced1);
  g_assert_true (restore (cluster, "first", worker0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (domain_state (cluster, "worker0"), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (slipway_node_get_state (node0), ==, SLIPWAY_NODE_STATE_RUNNING);
  slipway_test_spin_until (replaced_once, &replaced0, "worker0 replaced by the restore");
  g_assert_cmpuint (replaced1, ==, 0);
  g_assert_true (restore (cluster, "second", NULL, &error));
  g_assert_no_error (error);
  slipway_test_spin_until (replaced_once, &replaced1, "worker1 replaced by the restore");
  g_signal_handlers_disconnect_by_data (node0, &replaced0);
  g_signal_handlers_disconnect_by_data (node1, &replaced1);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_RUNNING);

  g_assert_false (restore (cluster, "nosuch", NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "control0"));
  g_clear_error (&error);
  g_assert_false (restore (cluster, "first", nosuch, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (delete (cluster, "first", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 1);
  g_assert_null (slipway_cluster_find_checkpoint (cluster, "first"));
  g_assert_cmpint (count_snapshots (cluster, "worker0"), ==, 1);
  g_assert_false (delete (cluster, "first", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_signal_handlers_disconnect_by_data (checkpoints, &changes);
  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

/* A snapshot some other program made on one node makes the save fail
 * there: the others lose theirs again, and the foreign one stays. */
static void
test_checkpoint_partial_failure (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (SLIPWAY_TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("ckpartial", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  SlipwayNode *worker1 = slipway_cluster_find_node (cluster, "worker1");
  g_autoptr(GError) error = NULL;
  virDomainPtr dom;
  virDomainSnapshotPtr foreign;

  dom = virDomainLookupByName (observer, slipway_node_get_domain_name (worker1));
  g_assert_nonnull (dom);
  foreign = virDomainSnapshotCreateXML (dom, "<domainsnapshot><name>clash</name></domainsnapshot>", 0);
  g_assert_nonnull (foreign);
  virDomainSnapshotFree (foreign);
  virDomainFree (dom);

  g_assert_false (save (cluster, "clash", NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR);
  g_assert_nonnull (strstr (error->message, "worker1"));
  g_assert_nonnull (strstr (error->message, "removed from the other nodes"));
  g_clear_error (&error);

  g_assert_cmpuint (g_list_model_get_n_items (slipway_cluster_get_checkpoints (cluster)), ==, 0);
  g_assert_cmpint (count_snapshots (cluster, "control0"), ==, 0);
  g_assert_cmpint (count_snapshots (cluster, "worker0"), ==, 0);
  g_assert_cmpint (count_snapshots (cluster, "worker1"), ==, 1);
  /* Nobody was left paused. */
  g_assert_cmpint (domain_state (cluster, "control0"), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (domain_state (cluster, "worker0"), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (domain_state (cluster, "worker1"), ==, VIR_DOMAIN_RUNNING);

  /* Nor is it restored or deleted as if it were Slipway's. */
  g_assert_false (restore (cluster, "clash", (const char * const[]) { "worker1", NULL }, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (delete (cluster, "clash", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_snapshots (cluster, "worker1"), ==, 1);

  /* A stopped node is left out: the checkpoint is not complete. */
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_FORCE_OFF,
                                             (const char * const[]) { "worker0", NULL }, &error));
  g_assert_no_error (error);
  g_assert_true (save (cluster, "partial", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (slipway_checkpoint_get_complete (slipway_cluster_find_checkpoint (cluster, "partial")));
  g_assert_false (slipway_checkpoint_has_node (slipway_cluster_find_checkpoint (cluster, "partial"), "worker0"));
  g_assert_false (restore (cluster, "partial", NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "worker0"));
  g_clear_error (&error);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

static void
test_checkpoint_busy (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (SLIPWAY_TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("ckbusy", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GError) error = NULL;
  SlipwayOperation *operation;

  slipway_cluster_save_checkpoint_async (cluster, "one", NULL, NULL, slipway_test_store_result_cb, &first);
  operation = slipway_cluster_get_operation (cluster);
  g_assert_nonnull (operation);
  g_assert_cmpint (slipway_operation_get_kind (operation), ==, SLIPWAY_OPERATION_SAVE_CHECKPOINT);

  g_assert_false (restore (cluster, "one", NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (delete (cluster, "one", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_RESET, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_clear_error (&error);

  g_assert_true (slipway_cluster_save_checkpoint_finish (cluster, slipway_test_wait_result (&first), &error));
  g_assert_no_error (error);
  g_assert_null (slipway_cluster_get_operation (cluster));
  g_clear_object (&first);   /* it holds the cluster */

  /* Cancelled, a save leaves nothing behind. */
  slipway_cluster_save_checkpoint_async (cluster, "two", NULL, NULL, slipway_test_store_result_cb, &first);
  slipway_operation_cancel (slipway_cluster_get_operation (cluster));
  if (slipway_cluster_save_checkpoint_finish (cluster, slipway_test_wait_result (&first), &error))
    g_assert_nonnull (slipway_cluster_find_checkpoint (cluster, "two"));
  else
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_null (slipway_cluster_find_checkpoint (cluster, "two"));
      g_assert_cmpint (count_snapshots (cluster, "worker0"), ==, 1);
    }
  g_assert_cmpint (domain_state (cluster, "worker0"), ==, VIR_DOMAIN_RUNNING);
  g_clear_object (&first);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

/* Reset restores the baseline where there is one; rebuild gives fresh
 * disks and deletes every checkpoint, which no longer matches. */
static void
test_checkpoint_reset_and_rebuild (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (SLIPWAY_TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("ckreset", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  GListModel *checkpoints = slipway_cluster_get_checkpoints (cluster);
  const char * const worker0[] = { "worker0", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *confirm_reset = NULL;
  g_autofree char *confirm_rebuild = NULL;
  g_autofree char *confirm_plain = NULL;

  /* No baseline yet: reset rebuilds. */
  confirm_plain = slipway_cluster_dup_confirmation (cluster, SLIPWAY_OPERATION_RESET, NULL, worker0);
  g_assert_nonnull (strstr (confirm_plain, "Rebuild"));
  g_assert_null (strstr (confirm_plain, "checkpoint"));
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_RESET, worker0, &error));
  g_assert_no_error (error);

  g_assert_true (save_baseline (cluster, &error));
  g_assert_no_error (error);
  g_assert_true (save (cluster, "later", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 2);
  g_assert_true (slipway_checkpoint_get_baseline (slipway_cluster_find_checkpoint (cluster, "baseline")));

  confirm_reset = slipway_cluster_dup_confirmation (cluster, SLIPWAY_OPERATION_RESET, NULL, worker0);
  g_assert_nonnull (strstr (confirm_reset, "baseline"));
  g_assert_nonnull (strstr (confirm_reset, "worker0"));
  confirm_rebuild = slipway_cluster_dup_confirmation (cluster, SLIPWAY_OPERATION_REBUILD, NULL, NULL);
  g_assert_nonnull (strstr (confirm_rebuild, "“baseline”, “later”"));

  /* Reset restores: the checkpoints stay. */
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_RESET, worker0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 2);
  g_assert_cmpint (count_snapshots (cluster, "worker0"), ==, 2);
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_RESET, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 2);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_RUNNING);

  /* Only a revert to the baseline by our own operation lets the probes
   * settle for the pinned host key (NodeExtra.restored_ready). */
  g_assert_true (restored_ready (cluster, "worker0"));
  g_assert_true (restored_ready (cluster, "worker1"));
  g_assert_true (restore (cluster, "later", worker0, &error));
  g_assert_no_error (error);
  g_assert_false (restored_ready (cluster, "worker0"));
  g_assert_true (restored_ready (cluster, "worker1"));
  g_assert_true (restore (cluster, NULL, worker0, &error));
  g_assert_no_error (error);
  g_assert_true (restored_ready (cluster, "worker0"));
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_STOP, worker0, &error));
  g_assert_no_error (error);
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_START, worker0, &error));
  g_assert_no_error (error);
  g_assert_false (restored_ready (cluster, "worker0"));

  /* Rebuilding one node deletes every checkpoint from every node. */
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_REBUILD, worker0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (checkpoints), ==, 0);
  g_assert_cmpint (count_snapshots (cluster, "control0"), ==, 0);
  g_assert_cmpint (count_snapshots (cluster, "worker0"), ==, 0);
  g_assert_cmpint (slipway_cluster_get_state (cluster), ==, SLIPWAY_CLUSTER_STATE_RUNNING);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

static gboolean
has_baseline (gpointer cluster)
{
  SlipwayCheckpoint *baseline = slipway_cluster_find_checkpoint (cluster, SLIPWAY_CHECKPOINT_BASELINE);

  return baseline != NULL && slipway_cluster_get_operation (cluster) == NULL;
}

/* What the SSH probes would see once cloud-init is done on every node. */
static void
pretend_ready (SlipwayCluster *cluster)
{
  GListModel *nodes = slipway_cluster_get_nodes (cluster);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

      _slipway_cluster_get_extra (cluster, node)->probed = SLIPWAY_READINESS_READY;
      _slipway_cluster_update_readiness (cluster, node);
    }
}

/* A watched cluster takes its baseline once every node is ready, once;
 * a rebuild deletes it, and the next all-ready takes a new one. With
 * baseline=false, none. */
static void
test_checkpoint_baseline (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (SLIPWAY_TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("ckbase", image);
  g_autoptr(SlipwaySpec) off_spec = slipway_test_small_spec ("ckbaseoff", image);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  SlipwayCluster *off = NULL;
  g_autoptr(GObject) watch = slipway_cluster_watch (cluster);
  g_autoptr(GObject) off_watch = NULL;
  g_autoptr(GError) error = NULL;
  SlipwayCheckpoint *baseline;

  g_assert_null (slipway_cluster_find_checkpoint (cluster, SLIPWAY_CHECKPOINT_BASELINE));
  pretend_ready (cluster);
  slipway_test_spin_until (has_baseline, cluster, "the baseline");
  baseline = slipway_cluster_find_checkpoint (cluster, SLIPWAY_CHECKPOINT_BASELINE);
  g_assert_true (slipway_checkpoint_get_baseline (baseline));
  g_assert_true (slipway_checkpoint_get_complete (baseline));
  g_assert_cmpuint (g_list_model_get_n_items (slipway_cluster_get_checkpoints (cluster)), ==, 1);

  /* Ready again: nothing new. */
  pretend_ready (cluster);
  g_assert_null (slipway_cluster_get_operation (cluster));

  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_REBUILD, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (slipway_cluster_find_checkpoint (cluster, SLIPWAY_CHECKPOINT_BASELINE));
  pretend_ready (cluster);
  slipway_test_spin_until (has_baseline, cluster, "a new baseline after the rebuild");

  off_spec->no_baseline = TRUE;
  off = slipway_test_create_cluster (connection, off_spec);
  off_watch = slipway_cluster_watch (off);
  pretend_ready (off);
  g_assert_null (slipway_cluster_get_operation (off));
  g_assert_cmpuint (g_list_model_get_n_items (slipway_cluster_get_checkpoints (off)), ==, 0);

  g_clear_object (&off_watch);
  g_clear_object (&watch);
  slipway_test_destroy_cluster (off, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  slipway_test_unref_and_wait (off);
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

  g_test_add_func ("/slipway/checkpoint/name", test_checkpoint_name);
  g_test_add_func ("/slipway/checkpoint/metadata", test_checkpoint_metadata);
  g_test_add_func ("/slipway/checkpoint/save-list-restore-delete", test_checkpoint_save_list_restore_delete);
  g_test_add_func ("/slipway/checkpoint/partial-failure", test_checkpoint_partial_failure);
  g_test_add_func ("/slipway/checkpoint/busy", test_checkpoint_busy);
  g_test_add_func ("/slipway/checkpoint/reset-and-rebuild", test_checkpoint_reset_and_rebuild);
  g_test_add_func ("/slipway/checkpoint/baseline", test_checkpoint_baseline);

  ret = g_test_run ();

  slipway_test_keep_alive_close ();
  g_unlink (image);
  g_free (image);

  return ret;
}
