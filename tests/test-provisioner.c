/* test-provisioner.c: the whole life of a cluster on libvirt's test driver
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
#include "slipway-provisioner-private.h"
#include "slipway-virt-private.h"
#include "slipway-test-utils.h"
#include "provisioner-fixture.h"

static SlipwayNodeState
node_state (SlipwayClusterStatus *status,
            const char           *name)
{
  SlipwayNodeInfo *node = slipway_topology_find_node (status->topology, name);

  g_assert_nonnull (node);
  return status->states[node->id];
}

static char *
domain_mac (const char *name)
{
  virDomainPtr dom = virDomainLookupByName (observer, name);
  g_autofree char *xml = NULL;
  const char *p;

  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, 0);
  virDomainFree (dom);
  p = strstr (xml, "<mac address='");
  g_assert_nonnull (p);
  return g_strndup (p + strlen ("<mac address='"), 17);
}

/* Objects Slipway did not make, which it must never touch. */
static void
define_foreign_objects (void)
{
  const char *dom_xml =
    "<domain type='test'><name>bystander</name><memory>65536</memory>"
    "<os><type arch='i686'>hvm</type></os></domain>";
  const char *net_xml =
    "<network><name>bystander-net</name>"
    "<ip address='10.250.9.1' netmask='255.255.255.0'/></network>";
  virDomainPtr dom;
  virNetworkPtr net;

  dom = virDomainDefineXML (observer, dom_xml);
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  virDomainFree (dom);

  net = virNetworkDefineXML (observer, net_xml);
  g_assert_nonnull (net);
  virNetworkFree (net);
}

static void
assert_foreign_objects_untouched (void)
{
  virDomainPtr dom = virDomainLookupByName (observer, "bystander");
  virNetworkPtr net = virNetworkLookupByName (observer, "bystander-net");
  virDomainPtr builtin = virDomainLookupByName (observer, "test");

  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainIsActive (dom), ==, 1);
  g_assert_nonnull (net);
  g_assert_nonnull (builtin);
  virDomainFree (dom);
  virNetworkFree (net);
  virDomainFree (builtin);
}

static void
test_lifecycle (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "life");
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mac_before = NULL;
  g_autofree char *mac_after = NULL;
  const char *workers[] = { "worker1", NULL };
  const char *control[] = { "control", NULL };
  const char *reset[] = { "worker0", NULL };
  double last = 0.0;
  gboolean found = FALSE;

  define_foreign_objects ();

  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);

  /* Progress came in order and ended complete. */
  g_assert_cmpuint (fixture->progress->len, >, 5);
  for (guint i = 0; i < fixture->progress->len; i++)
    {
      SlipwayProgress *p = g_ptr_array_index (fixture->progress, i);

      g_assert_cmpint (p->operation, ==, SLIPWAY_OPERATION_CREATE);
      g_assert_cmpstr (p->cluster, ==, "life");
      g_assert_cmpfloat (p->fraction, >=, last - 1e-9);
      last = p->fraction;
    }
  g_assert_cmpfloat (last, ==, 1.0);

  status = do_status (fixture, "life", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status->name, ==, "life");
  g_assert_true (status->network_active);
  g_assert_cmpstr (status->virt_type, ==, "test");
  g_assert_nonnull (status->spec->subnet);   /* picked, and stored */
  g_assert_cmpuint (status->topology->nodes->len, ==, 4);
  g_assert_cmpuint (slipway_cluster_status_count (status, SLIPWAY_NODE_STATE_RUNNING), ==, 4);
  g_assert_true (slipway_spec_equal (status->spec, status->spec));
  g_clear_pointer (&status, slipway_cluster_status_free);

  clusters = do_list (fixture, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < clusters->len; i++)
    found |= g_str_equal (((SlipwayClusterStatus *)g_ptr_array_index (clusters, i))->name, "life");
  g_assert_true (found);

  /* A second create of the same cluster is refused. */
  g_assert_false (do_create (fixture, spec, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_EXISTS);
  g_clear_error (&error);

  /* Stop by node, then by role. */
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_STOP, "life", workers, &error));
  g_assert_no_error (error);
  status = do_status (fixture, "life", &error);
  g_assert_cmpint (node_state (status, "worker1"), ==, SLIPWAY_NODE_STATE_STOPPED);
  g_assert_cmpint (node_state (status, "worker0"), ==, SLIPWAY_NODE_STATE_RUNNING);
  g_assert_cmpint (node_state (status, "control0"), ==, SLIPWAY_NODE_STATE_RUNNING);
  g_clear_pointer (&status, slipway_cluster_status_free);

  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_FORCE_OFF, "life", control, &error));
  g_assert_no_error (error);
  status = do_status (fixture, "life", &error);
  g_assert_cmpint (node_state (status, "control0"), ==, SLIPWAY_NODE_STATE_STOPPED);
  g_assert_cmpint (node_state (status, "gateway"), ==, SLIPWAY_NODE_STATE_RUNNING);
  g_clear_pointer (&status, slipway_cluster_status_free);

  /* Unknown targets name what exists. */
  {
    const char *bad[] = { "worker7", NULL };

    g_assert_false (do_run (fixture, SLIPWAY_OPERATION_START, "life", bad, &error));
    g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Start everything. */
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_START, "life", NULL, &error));
  g_assert_no_error (error);
  status = do_status (fixture, "life", &error);
  g_assert_cmpuint (slipway_cluster_status_count (status, SLIPWAY_NODE_STATE_RUNNING), ==, 4);
  g_clear_pointer (&status, slipway_cluster_status_free);

  /* Reset keeps MAC and name, and the node runs again. */
  mac_before = domain_mac ("life-worker0");
  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_RESET, "life", reset, &error));
  g_assert_no_error (error);
  mac_after = domain_mac ("life-worker0");
  g_assert_cmpstr (mac_before, ==, mac_after);
  g_assert_cmpuint (fixture->progress->len, >, 0);
  status = do_status (fixture, "life", &error);
  g_assert_cmpint (node_state (status, "worker0"), ==, SLIPWAY_NODE_STATE_RUNNING);
  g_clear_pointer (&status, slipway_cluster_status_free);

  /* Reset of the whole cluster. */
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_RESET, "life", NULL, &error));
  g_assert_no_error (error);

  /* Graceful stop of everything. */
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_STOP, "life", NULL, &error));
  g_assert_no_error (error);
  status = do_status (fixture, "life", &error);
  g_assert_cmpuint (slipway_cluster_status_count (status, SLIPWAY_NODE_STATE_STOPPED), ==, 4);
  g_clear_pointer (&status, slipway_cluster_status_free);

  /* Destroy leaves nothing of the cluster and everything else. */
  g_assert_true (do_destroy (fixture, "life", SLIPWAY_DESTROY_FLAGS_DELETE_KEYS, &error));
  g_assert_no_error (error);
  assert_no_objects ("life");
  assert_foreign_objects_untouched ();

  status = do_status (fixture, "life", &error);
  g_assert_null (status);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (do_destroy (fixture, "life", 0, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
}

static void
test_cancel_rolls_back (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "cancelled");
  g_autoptr(GError) error = NULL;

  /* Cancel while the third node is being made. */
  fixture->cancel_at_step = g_cancellable_new ();
  fixture->cancel_step = "Defining the virtual machine";
  spec->roles[SLIPWAY_ROLE_WORKER].count = 3;

  g_assert_false (do_create (fixture, spec, fixture->cancel_at_step, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "removed"));
  assert_no_objects ("cancelled");
}

static void
test_resume_interrupted (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "resumed");
  g_autoptr(SlipwaySpec) other = NULL;
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  virDomainPtr dom;

  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);

  /* An interrupted create: the last node was never made. */
  dom = virDomainLookupByName (observer, "resumed-worker1");
  g_assert_nonnull (dom);
  virDomainDestroy (dom);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);

  status = do_status (fixture, "resumed", &error);
  g_assert_cmpint (node_state (status, "worker1"), ==, SLIPWAY_NODE_STATE_MISSING);
  g_clear_pointer (&status, slipway_cluster_status_free);

  /* A different description is not mixed with what exists. */
  other = slipway_spec_copy (spec);
  other->roles[SLIPWAY_ROLE_WORKER].vcpus = 1;
  g_assert_false (do_create (fixture, other, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_EXISTS);
  g_clear_error (&error);

  /* The same file finishes the job. */
  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);
  status = do_status (fixture, "resumed", &error);
  g_assert_cmpuint (slipway_cluster_status_count (status, SLIPWAY_NODE_STATE_RUNNING), ==, 4);
  g_clear_pointer (&status, slipway_cluster_status_free);

  g_assert_true (do_destroy (fixture, "resumed", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE, &error));
  g_assert_no_error (error);
  assert_no_objects ("resumed");
}

static void
test_foreign_names_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "clash");
  g_autoptr(GError) error = NULL;
  const char *dom_xml =
    "<domain type='test'><name>clash-worker0</name><memory>65536</memory>"
    "<os><type arch='i686'>hvm</type></os></domain>";
  virDomainPtr dom = virDomainDefineXML (observer, dom_xml);

  g_assert_nonnull (dom);

  g_assert_false (do_create (fixture, spec, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED);
  g_clear_error (&error);

  /* Nothing was made, and the stranger is still there. */
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  assert_no_objects ("clash");

  /* Destroy never touches a stranger's network of the same name. */
  {
    const char *net_xml = "<network><name>slipway-stranger</name></network>";
    virNetworkPtr net = virNetworkDefineXML (observer, net_xml);

    g_assert_nonnull (net);
    g_assert_false (do_destroy (fixture, "stranger", 0, &error));
    g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED);
    g_clear_error (&error);
    g_assert_cmpint (virNetworkUndefine (net), ==, 0);
    virNetworkFree (net);
  }
}

static void
test_invalid_spec (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "broken");
  g_autoptr(GError) error = NULL;

  g_free (spec->image);
  spec->image = g_strdup ("/nonexistent/image.qcow2");
  spec->roles[SLIPWAY_ROLE_WORKER].vcpus = 0;

  g_assert_false (do_create (fixture, spec, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_nonnull (strstr (error->message, "[worker] vcpus"));
  g_assert_nonnull (strstr (error->message, "[cluster] image"));
  assert_no_objects ("broken");
}

static void
test_subnet_clash (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "clashnet");
  g_autoptr(GError) error = NULL;

  /* bystander-net, made by the lifecycle test or here, holds 10.250.9.0/24. */
  if (virNetworkLookupByName (observer, "bystander-net") == NULL)
    define_foreign_objects ();
  virResetLastError ();

  spec->subnet = g_strdup ("10.250.9.0/24");
  g_assert_false (do_create (fixture, spec, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_nonnull (strstr (error->message, "bystander-net"));
  assert_no_objects ("clashnet");
}

static void
test_progress_per_node (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "fractions");
  const char *workers[] = { "worker", NULL };
  g_autoptr(GError) error = NULL;
  guint n_nodes = slipway_spec_get_n_nodes (spec);

  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, n_nodes);

  /* The signal carries the boxed type. */
  g_assert_true (G_TYPE_IS_BOXED (SLIPWAY_TYPE_PROGRESS));

  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_STOP, "fractions", workers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, 2);

  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_START, "fractions", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, n_nodes);

  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_true (do_run (fixture, SLIPWAY_OPERATION_RESET, "fractions", workers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, 2);

  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_true (do_destroy (fixture, "fractions", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, n_nodes);
  for (guint i = 0; i < fixture->progress->len; i++)
    {
      SlipwayProgress *p = g_ptr_array_index (fixture->progress, i);

      /* Node names, not domain names. */
      g_assert_true (p->node == NULL || !g_str_has_prefix (p->node, "fractions-"));
    }
  assert_no_objects ("fractions");
}

/* A node that a resumed create only starts still ends at exactly 1. */
static void
test_progress_resumed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "refractions");
  g_autoptr(GError) error = NULL;
  virDomainPtr dom;

  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);

  dom = virDomainLookupByName (observer, "refractions-worker1");
  g_assert_nonnull (dom);
  virDomainDestroy (dom);
  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  virDomainFree (dom);
  /* Another node was stopped meanwhile: the resumed create starts it. */
  dom = virDomainLookupByName (observer, "refractions-worker0");
  g_assert_nonnull (dom);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  virDomainFree (dom);

  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assert_node_fractions (fixture->progress), ==, slipway_spec_get_n_nodes (spec));

  g_assert_true (do_destroy (fixture, "refractions", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE, &error));
  g_assert_no_error (error);
  assert_no_objects ("refractions");
}

/* One operation per cluster at a time: a second one fails at once and says
 * what runs; other clusters are not held up. */
static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "busy");
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) other = NULL;
  g_autoptr(GError) error = NULL;

  slipway_provisioner_create_async (fixture->provisioner, spec, NULL, slipway_test_store_result_cb,
                                    &first);
  slipway_provisioner_destroy_async (fixture->provisioner, "busy", 0, NULL,
                                     slipway_test_store_result_cb, &second);
  slipway_provisioner_run_async (fixture->provisioner, SLIPWAY_OPERATION_STOP, "elsewhere", NULL, NULL,
                                 slipway_test_store_result_cb, &other);

  g_assert_false (slipway_provisioner_destroy_finish (fixture->provisioner,
                                                      slipway_test_wait_result (&second), &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "being created"));
  g_clear_error (&error);
  /* The first one was not disturbed. */
  g_assert_true (slipway_provisioner_create_finish (fixture->provisioner,
                                                    slipway_test_wait_result (&first), &error));
  g_assert_no_error (error);
  /* Another cluster is not busy, only missing. */
  g_assert_false (slipway_provisioner_run_finish (fixture->provisioner,
                                                  slipway_test_wait_result (&other), &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&first);
  g_clear_object (&second);

  slipway_provisioner_run_async (fixture->provisioner, SLIPWAY_OPERATION_RESET, "busy", NULL, NULL,
                                 slipway_test_store_result_cb, &first);
  slipway_provisioner_run_async (fixture->provisioner, SLIPWAY_OPERATION_START, "busy", NULL, NULL,
                                 slipway_test_store_result_cb, &second);
  g_assert_false (slipway_provisioner_run_finish (fixture->provisioner,
                                                  slipway_test_wait_result (&second), &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "being reset"));
  g_clear_error (&error);
  g_assert_true (slipway_provisioner_run_finish (fixture->provisioner,
                                                 slipway_test_wait_result (&first), &error));
  g_assert_no_error (error);

  /* Once the callback ran, the cluster is free again. */
  g_assert_true (do_destroy (fixture, "busy", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE, &error));
  g_assert_no_error (error);
  assert_no_objects ("busy");
}

/* Destroy says so when it could not do everything, and leaves what it
 * could not remove whole, so that destroying again finishes the job. */
static void
test_destroy_reports_failure (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "stubborn");
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  virStoragePoolPtr pool;

  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);

  /* An inactive pool cannot be refreshed: its volumes cannot be found. */
  pool = virStoragePoolLookupByName (observer, "slipway");
  g_assert_nonnull (pool);
  g_assert_cmpint (virStoragePoolDestroy (pool), ==, 0);

  g_assert_false (do_destroy (fixture, "stubborn", 0, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR);
  g_assert_nonnull (strstr (error->message, "slipway"));
  g_clear_error (&error);
  status = do_status (fixture, "stubborn", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slipway_cluster_status_count (status, SLIPWAY_NODE_STATE_RUNNING), ==,
                    slipway_spec_get_n_nodes (spec));

  g_assert_cmpint (virStoragePoolCreate (pool, 0), ==, 0);
  virStoragePoolFree (pool);
  g_assert_true (do_destroy (fixture, "stubborn", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE, &error));
  g_assert_no_error (error);
  assert_no_objects ("stubborn");
}

static void
test_libvirt_version (void)
{
  g_autofree char *version = slipway_get_libvirt_version ();
  g_auto(GStrv) parts = NULL;

  g_assert_nonnull (version);
  parts = g_strsplit (version, ".", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpuint (g_ascii_strtoull (parts[0], NULL, 10), >=, 1);
}

/* A cluster in a pool of the user's ("pool="), whose network is gone: the
 * pool's name went with the network's metadata, and destroy finds the
 * disks from the nodes. */
static char **
find_remains (Fixture    *fixture,
              const char *cluster)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char **names;

  slipway_provisioner_remains_async (fixture->provisioner, cluster, NULL,
                                     slipway_test_store_result_cb, &result);
  names = slipway_provisioner_remains_finish (fixture->provisioner,
                                              slipway_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (names);

  return names;
}

static void
test_destroy_without_network (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(SlipwaySpec) spec = small_spec (fixture, "lostnet");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) remains = NULL;
  virNetworkPtr net;

  spec->pool = g_strdup ("default-pool");
  g_assert_true (do_create (fixture, spec, NULL, &error));
  g_assert_no_error (error);

  net = virNetworkLookupByName (observer, "slipway-lostnet");
  g_assert_nonnull (net);
  g_assert_cmpint (virNetworkDestroy (net), ==, 0);
  g_assert_cmpint (virNetworkUndefine (net), ==, 0);
  virNetworkFree (net);

  /* Not a cluster any more, but its machines are found by their metadata. */
  remains = find_remains (fixture, "lostnet");
  g_assert_cmpuint (g_strv_length (remains), ==, 4);
  g_assert_true (g_strv_contains ((const char * const *)remains, "lostnet-gateway"));
  g_clear_pointer (&remains, g_strfreev);

  g_assert_true (do_destroy (fixture, "lostnet", SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE, &error));
  g_assert_no_error (error);
  assert_no_objects ("lostnet");
  remains = find_remains (fixture, "lostnet");
  g_assert_cmpuint (g_strv_length (remains), ==, 0);

  /* And nothing of a cluster that never was: destroy says so. */
  g_assert_false (do_destroy (fixture, "neverwas", 0, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  provisioner_fixture_init ();

  g_test_add ("/slipway/provisioner/lifecycle", Fixture, NULL,
              fixture_set_up, test_lifecycle, fixture_tear_down);
  g_test_add ("/slipway/provisioner/cancel-rolls-back", Fixture, NULL,
              fixture_set_up, test_cancel_rolls_back, fixture_tear_down);
  g_test_add ("/slipway/provisioner/resume-interrupted", Fixture, NULL,
              fixture_set_up, test_resume_interrupted, fixture_tear_down);
  g_test_add ("/slipway/provisioner/foreign-names-refused", Fixture, NULL,
              fixture_set_up, test_foreign_names_refused, fixture_tear_down);
  g_test_add ("/slipway/provisioner/invalid-spec", Fixture, NULL,
              fixture_set_up, test_invalid_spec, fixture_tear_down);
  g_test_add ("/slipway/provisioner/subnet-clash", Fixture, NULL,
              fixture_set_up, test_subnet_clash, fixture_tear_down);
  g_test_add ("/slipway/provisioner/progress-per-node", Fixture, NULL,
              fixture_set_up, test_progress_per_node, fixture_tear_down);
  g_test_add ("/slipway/provisioner/progress-resumed", Fixture, NULL,
              fixture_set_up, test_progress_resumed, fixture_tear_down);
  g_test_add_func ("/slipway/provisioner/libvirt-version", test_libvirt_version);
  g_test_add ("/slipway/provisioner/busy", Fixture, NULL,
              fixture_set_up, test_busy, fixture_tear_down);
  g_test_add ("/slipway/provisioner/destroy-reports-failure", Fixture, NULL,
              fixture_set_up, test_destroy_reports_failure, fixture_tear_down);
  g_test_add ("/slipway/provisioner/destroy-without-network", Fixture, NULL,
              fixture_set_up, test_destroy_without_network, fixture_tear_down);

  ret = g_test_run ();
  slipway_test_keep_alive_close ();

  return ret;
}
