/* test-node-details.c: one look at one node, on libvirt's test driver
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "slipway.h"
#include "slipway-test-utils.h"

#define TEST_URI "test:///default"

static char *image;

/* The same fingerprint as ssh-keygen -l of the same key. */
static void
test_key_fingerprint (void)
{
  g_autofree char *keygen = slipway_test_require_program ("ssh-keygen", "openssh-client");
  g_autofree char *dir = g_dir_make_tmp ("slipway-fp-XXXXXX", NULL);
  g_autofree char *key = g_build_filename (dir, "key", NULL);
  g_autofree char *pub = g_build_filename (dir, "key.pub", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *fingerprint = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (keygen == NULL)
    return;

  g_assert_true (g_spawn_sync (NULL, (char *[]) { keygen, "-q", "-t", "ed25519", "-N", "", "-C",
                                                  "test comment", "-f", key, NULL },
                               NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { keygen, "-l", "-E", "sha256", "-f", pub, NULL },
                               NULL, G_SPAWN_DEFAULT, NULL, NULL, &listed, NULL, &status, &error));
  g_assert_no_error (error);
  words = g_strsplit (listed, " ", 3);

  g_assert_true (g_file_get_contents (pub, &contents, NULL, &error));
  fingerprint = slipway_ssh_key_fingerprint (contents, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fingerprint, ==, words[1]);

  g_assert_null (slipway_ssh_key_fingerprint ("not a key", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS);

  slipway_test_remove_tree (dir);
}

static SlipwayNodeDetails *
query (SlipwayCluster  *cluster,
       const char      *node,
       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_cluster_query_node_details_async (cluster, node, NULL, slipway_test_store_result_cb, &result);
  return slipway_cluster_query_node_details_finish (cluster, slipway_test_wait_result (&result), error);
}

/* What the test driver has is found; what it has not (leases, a guest to
 * ask for its uptime) is unknown, not made up. */
static void
test_node_details_test_driver (void)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("details", image);
  g_autoptr(SlipwayNodeDetails) details = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *fingerprint = NULL;
  SlipwayCluster *cluster;
  SlipwayNode *node;

  spec->roles[SLIPWAY_ROLE_WORKER].vcpus = 3;
  cluster = slipway_test_create_cluster (connection, spec);
  node = slipway_cluster_find_node (cluster, "worker1");
  g_assert_nonnull (node);

  details = query (cluster, "worker1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (details);
  g_assert_cmpstr (details->node, ==, "worker1");
  g_assert_cmpint (details->role, ==, SLIPWAY_ROLE_WORKER);
  g_assert_cmpuint (details->vcpus, ==, 3);
  g_assert_cmpuint (details->memory_bytes, ==, 512 * 1024 * 1024);
  g_assert_cmpstr (details->mac, ==, slipway_node_get_mac (node));
  g_assert_cmpstr (details->ipv4, ==, slipway_node_get_ipv4 (node));
  g_assert_cmpstr (details->fqdn, ==, slipway_node_get_fqdn (node));
  /* The overlay of the node, as the test driver's pool reports it. */
  g_assert_cmpuint (details->disk_capacity, ==, 2ull * 1024 * 1024 * 1024);
  {
    virStoragePoolPtr pool = virStoragePoolLookupByName (slipway_test_keep_alive (), "slipway");
    virStorageVolPtr vol = virStorageVolLookupByName (pool, "details-worker1.qcow2");
    virStorageVolInfo info;

    g_assert_cmpint (virStorageVolGetInfo (vol, &info), ==, 0);
    g_assert_cmpuint (details->disk_allocation, ==, info.allocation);
    g_assert_cmpuint (details->disk_allocation, <=, details->disk_capacity);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
  }
  g_assert_false (details->lease_known);
  g_assert_false (details->leased);
  g_assert_cmpint (details->uptime_seconds, ==, -1);

  /* The pinned key's fingerprint, of the key the node was given. */
  dir = slipway_cluster_dir ("details");
  pub_path = g_build_filename (dir, "ssh_host_ed25519_key-worker1.pub", NULL);
  g_assert_true (g_file_get_contents (pub_path, &pub, NULL, &error));
  fingerprint = slipway_ssh_key_fingerprint (pub, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (details->host_key_fingerprint, ==, fingerprint);
  g_assert_true (g_str_has_prefix (details->host_key_fingerprint, "SHA256:"));

  {
    g_autoptr(SlipwayNodeDetails) copy = slipway_node_details_copy (details);

    g_assert_cmpstr (copy->host_key_fingerprint, ==, details->host_key_fingerprint);
    g_assert_cmpuint (copy->disk_allocation, ==, details->disk_allocation);
  }

  /* No such node. */
  g_assert_null (query (cluster, "worker9", &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_KEYS);
  slipway_test_unref_and_wait (cluster);
  slipway_test_close_connection (connection);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  image = slipway_test_make_disk_image ();
  slipway_test_keep_alive ();

  g_test_add_func ("/slipway/node-details/key-fingerprint", test_key_fingerprint);
  g_test_add_func ("/slipway/node-details/test-driver", test_node_details_test_driver);

  ret = g_test_run ();
  slipway_test_keep_alive_close ();
  g_unlink (image);
  g_free (image);

  return ret;
}
