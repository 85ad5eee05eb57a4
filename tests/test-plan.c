/* test-plan.c: the plan's preview is what create makes (test driver)
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slipway.h"
#include "slipway-provisioner-private.h"
#include "slipway-plan-private.h"
#include "slipway-test-utils.h"
#include "slipway-spec-private.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"
#include "slipway-xpath-private.h"

#define TEST_URI "test:///default"
#define SPIN_TIMEOUT_S 30

/* test:///default keeps its state while any connection to it is open. */
static virConnectPtr observer;
static char *image;

/* What create put into each node's seed, by node name. */
static GMutex seeds_lock;
static GHashTable *meta_datas;
static GHashTable *user_datas;

/* Helpers ------------------------------------------------------------------ */

static void
record_seed (const char *node,
             const char *meta_data,
             const char *user_data)
{
  g_mutex_lock (&seeds_lock);
  g_hash_table_replace (meta_datas, g_strdup (node), g_strdup (meta_data));
  g_hash_table_replace (user_datas, g_strdup (node), g_strdup (user_data));
  g_mutex_unlock (&seeds_lock);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () +
                    (gint64)SPIN_TIMEOUT_S * slipway_test_slowdown () * G_USEC_PER_SEC;
  guint wake = g_timeout_add (50, wake_cb, NULL);

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  if (*slot == NULL)
    g_error ("Timed out waiting for a result");

  return *slot;
}


static SlipwayConnection *
open_connection (void)
{
  SlipwayConnection *connection = slipway_connection_new (TEST_URI);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  slipway_connection_sync_async (connection, NULL, store_result_cb, &result);
  g_assert_true (slipway_connection_sync_finish (connection, wait_result (&result), &error));
  g_assert_no_error (error);

  return connection;
}

static SlipwayPlan *
plan_spec (SlipwayConnection *connection,
           const SlipwaySpec *spec)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SlipwayPlan *plan;

  slipway_connection_plan_async (connection, spec, NULL, store_result_cb, &result);
  plan = slipway_connection_plan_finish (connection, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);

  return plan;
}

/* What a network XML says, whatever libvirt adds (uuid, bridge, MAC) and
 * however it formats it. */
static char *
network_facts (const char *xml)
{
  static const char * const exprs[] = {
    "/network/name",
    "/network/forward/@mode",
    "/network/domain/@name",
    "/network/dns/host/@ip",
    "/network/dns/host/hostname",
    "/network/ip/@address",
    "/network/ip/@netmask",
    "/network/ip/dhcp/range/@start",
    "/network/ip/dhcp/range/@end",
    "/network/ip/dhcp/host/@mac",
    "/network/ip/dhcp/host/@name",
    "/network/ip/dhcp/host/@ip",
  };
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autofree char *owner = NULL;
  g_autofree char *data = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (exprs); i++)
    {
      g_auto(GStrv) values = _slipway_xpath_strings (xml, exprs[i]);
      g_autofree char *joined = NULL;

      g_assert_nonnull (values);
      joined = g_strjoinv (" ", values);
      g_string_append_printf (facts, "%s = %s\n", exprs[i], joined);
    }

  g_assert_true (slipway_xml_parse_network (xml, &owner, &data));
  g_string_append_printf (facts, "owner = %s\nspec =\n%s", owner, data);

  return g_string_free (g_steal_pointer (&facts), FALSE);
}

/* @user_data without its ssh_keys mapping: the host keys never show in a
 * preview. */
static char *
without_host_keys (const char *user_data)
{
  g_auto(GStrv) lines = g_strsplit (user_data, "\n", -1);
  g_autoptr(GString) kept = g_string_new (NULL);
  gboolean skipping = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "ssh_keys:"))
        {
          skipping = TRUE;
          continue;
        }
      if (skipping && (lines[i][0] == ' ' || lines[i][0] == '\0'))
        continue;
      skipping = FALSE;
      g_string_append_printf (kept, "%s\n", lines[i]);
    }

  return g_string_free (g_steal_pointer (&kept), FALSE);
}

/* Tests -------------------------------------------------------------------- */

static void
test_plan_keeps_its_input (void)
{
  g_autoptr(SlipwayConnection) connection = open_connection ();
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("untouched", image);
  g_autoptr(SlipwaySpec) before = slipway_spec_copy (spec);
  g_autoptr(SlipwayPlan) offline = NULL;
  g_autoptr(SlipwayPlan) plan = NULL;

  /* Without a host nothing picks a subnet: a problem, no topology. */
  offline = slipway_plan_new (spec, NULL);
  g_assert_null (slipway_plan_get_topology (offline));
  g_assert_true (slipway_plan_has_errors (offline));
  g_assert_null (slipway_plan_dup_network_xml (offline));
  g_assert_true (slipway_spec_equal (spec, before));

  plan = plan_spec (connection, spec);
  g_assert_false (slipway_plan_has_errors (plan));
  g_assert_nonnull (slipway_plan_get_topology (plan));
  g_assert_nonnull (slipway_plan_get_spec (plan)->subnet);
  g_assert_null (spec->subnet);
  g_assert_true (slipway_spec_equal (spec, before));
}

static void
test_plan_preview_is_created (void)
{
  g_autoptr(SlipwayConnection) connection = open_connection ();
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("previewed", image);
  g_autoptr(SlipwayPlan) plan = NULL;
  g_autoptr(SlipwayCluster) cluster = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(virNetwork) net = NULL;
  g_autofree char *preview_xml = NULL;
  g_autofree char *defined_xml = NULL;
  g_autofree char *preview_facts = NULL;
  g_autofree char *defined_facts = NULL;
  g_autofree char *cluster_key_path = NULL;
  g_autofree char *cluster_key = NULL;
  const SlipwayTopology *topology;
  guint validations;

  validations = _slipway_spec_get_validation_count ();
  plan = plan_spec (connection, spec);
  g_assert_cmpuint (_slipway_spec_get_validation_count () - validations, ==, 1);
  preview_xml = slipway_plan_dup_network_xml (plan);
  g_assert_nonnull (preview_xml);

  slipway_connection_create_cluster_async (connection, plan, NULL, store_result_cb, &result);
  cluster = slipway_connection_create_cluster_finish (connection, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (cluster);

  /* Checked once, when planned: create does not validate again (the
   * façade test below counts exactly one for a whole create). Nothing is
   * counted here after create: the connection also validates each time it
   * reads the stored cluster back — a spec in libvirt that any program may
   * have written — and how often that happens before create returns
   * depends on when libvirt's events arrive. */

  /* The network libvirt holds is the one previewed. */
  net = virNetworkLookupByName (observer, "slipway-previewed");
  g_assert_nonnull (net);
  defined_xml = virNetworkGetXMLDesc (net, 0);
  preview_facts = network_facts (preview_xml);
  defined_facts = network_facts (defined_xml);
  g_assert_cmpstr (preview_facts, ==, defined_facts);
  g_assert_null (strstr (defined_facts, "/network/ip/dhcp/host/@ip = \n"));

  /* Each seed holds the previewed user-data with the real keys, and the
   * instance id create uses. */
  g_assert_true (slipway_keys_ensure_cluster_key ("previewed", &cluster_key_path, &cluster_key,
                                                  NULL, &error));
  g_assert_no_error (error);
  topology = slipway_plan_get_topology (plan);
  g_assert_cmpuint (topology->nodes->len, ==, 3);
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      g_autofree char *preview = slipway_plan_dup_user_data (plan, node->name, cluster_key);
      g_autofree char *instance = g_strdup_printf ("instance-id: iid-%s\n", node->domain_name);
      g_autofree char *preview_kept = NULL;
      g_autofree char *seed_kept = NULL;
      const char *meta_data;
      const char *user_data;

      g_mutex_lock (&seeds_lock);
      meta_data = g_hash_table_lookup (meta_datas, node->name);
      user_data = g_hash_table_lookup (user_datas, node->name);
      g_mutex_unlock (&seeds_lock);
      g_assert_nonnull (meta_data);
      g_assert_nonnull (user_data);
      g_assert_nonnull (strstr (meta_data, instance));

      g_assert_nonnull (preview);
      g_assert_nonnull (strstr (user_data, "ssh_keys:"));
      g_assert_nonnull (strstr (preview, "ssh_keys:"));
      preview_kept = without_host_keys (preview);
      seed_kept = without_host_keys (user_data);
      g_assert_cmpstr (preview_kept, ==, seed_kept);
    }
}

static void
test_plan_spec_create_validates_once (void)
{
  g_autoptr(SlipwayProvisioner) provisioner = slipway_provisioner_new (TEST_URI);
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("once", image);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) idle = NULL;
  g_autoptr(GError) error = NULL;
  guint validations;

  /* The count is the process's: a plan of an earlier test still in a
   * worker (seen under the sanitizers) must not land in this one. */
  slipway_wait_idle_async (store_result_cb, &idle);
  g_assert_true (slipway_wait_idle_finish (wait_result (&idle), &error));
  g_assert_no_error (error);

  /* The façade's create from a spec plans in its worker: once too. */
  validations = _slipway_spec_get_validation_count ();
  slipway_provisioner_create_async (provisioner, spec, NULL, store_result_cb, &result);
  g_assert_true (slipway_provisioner_create_finish (provisioner, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (_slipway_spec_get_validation_count () - validations, ==, 1);
  g_assert_null (spec->subnet);
}

/* No domain, and no volume in any pool, whose name starts with @prefix. */
static void
assert_nothing_named (virConnectPtr  conn,
                      const char    *prefix)
{
  virDomainPtr *domains = NULL;
  virStoragePoolPtr *pools = NULL;
  int n_domains = virConnectListAllDomains (conn, &domains, 0);
  int n_pools = virConnectListAllStoragePools (conn, &pools, 0);

  g_assert_cmpint (n_domains, >=, 0);
  g_assert_cmpint (n_pools, >=, 0);
  for (int i = 0; i < n_domains; i++)
    {
      g_assert_false (g_str_has_prefix (virDomainGetName (domains[i]), prefix));
      virDomainFree (domains[i]);
    }
  for (int i = 0; i < n_pools; i++)
    {
      virStorageVolPtr *volumes = NULL;
      int n_volumes;

      g_assert_cmpint (virStoragePoolRefresh (pools[i], 0), ==, 0);
      n_volumes = virStoragePoolListAllVolumes (pools[i], &volumes, 0);
      g_assert_cmpint (n_volumes, >=, 0);
      for (int j = 0; j < n_volumes; j++)
        {
          g_assert_false (g_str_has_prefix (virStorageVolGetName (volumes[j]), prefix));
          virStorageVolFree (volumes[j]);
        }
      free (volumes);
      virStoragePoolFree (pools[i]);
    }
  free (domains);
  free (pools);
}

/* The plan's subnet taken by another network before create makes its own:
 * create fails naming that network, and makes nothing. */
static void
test_plan_subnet_taken (void)
{
  g_autoptr(SlipwayConnection) connection = open_connection ();
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("late", image);
  g_autoptr(SlipwayPlan) plan = NULL;
  g_autoptr(SlipwayCluster) cluster = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(virNetwork) squatter = NULL;
  g_autoptr(virNetwork) own = NULL;
  g_autofree char *gateway = NULL;
  g_autofree char *xml = NULL;
  guint32 network;
  guint prefix;

  plan = plan_spec (connection, spec);
  g_assert_false (slipway_plan_has_errors (plan));
  g_assert_true (slipway_ipv4_parse_cidr (slipway_plan_get_spec (plan)->subnet, &network, &prefix, NULL));
  gateway = slipway_ipv4_to_string (network + 1);
  xml = g_strdup_printf ("<network><name>late-squatter</name>"
                         "<ip address='%s' prefix='%u'/></network>", gateway, prefix);
  squatter = virNetworkDefineXML (observer, xml);
  g_assert_nonnull (squatter);

  slipway_connection_create_cluster_async (connection, plan, NULL, store_result_cb, &result);
  cluster = slipway_connection_create_cluster_finish (connection, wait_result (&result), &error);
  g_assert_null (cluster);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_nonnull (strstr (error->message, "was taken after it was checked"));
  g_assert_nonnull (strstr (error->message, "the libvirt network “late-squatter”"));
  g_assert_null (slipway_connection_find_cluster (connection, "late"));

  own = virNetworkLookupByName (observer, "slipway-late");
  g_assert_null (own);
  virResetLastError ();
  /* The nodes' disks, seeds and definitions, made while the network was
   * being made, are gone too. */
  assert_nothing_named (observer, "late-");
  g_assert_cmpint (virNetworkUndefine (squatter), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  image = slipway_test_make_disk_image ();

  observer = virConnectOpen (TEST_URI);
  g_assert_nonnull (observer);

  meta_datas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  user_datas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  _slipway_virt_seed_hook = record_seed;

  g_test_add_func ("/slipway/plan/keeps-its-input", test_plan_keeps_its_input);
  g_test_add_func ("/slipway/plan/preview-is-created", test_plan_preview_is_created);
  g_test_add_func ("/slipway/plan/spec-create-validates-once", test_plan_spec_create_validates_once);
  g_test_add_func ("/slipway/plan/subnet-taken", test_plan_subnet_taken);

  ret = g_test_run ();

  _slipway_virt_seed_hook = NULL;
  g_hash_table_unref (meta_datas);
  g_hash_table_unref (user_datas);
  virConnectClose (observer);
  g_unlink (image);
  g_free (image);

  return ret;
}
