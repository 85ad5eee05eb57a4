/* test-topology.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "slipway.h"
#include "slipway-test-utils.h"

#define GiB(n) ((guint64)(n) << 30)

static char *
expected_mac (const char *cluster,
              guint       id)
{
  guint8 bytes[2];

  slipway_topology_mac_prefix (cluster, bytes);

  return g_strdup_printf ("52:54:00:%02x:%02x:%02x", bytes[0], bytes[1], id);
}

/* The node names of @topology, in id order, joined by spaces. */
static char *
node_names (GPtrArray *nodes)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, node->name);
    }

  return g_string_free (out, FALSE);
}

static void
test_default_topology (void)
{
  static const struct {
    const char  *name;
    SlipwayRole  role;
    guint        role_index;
    const char  *ipv4;
    guint        vcpus;
    guint64      memory;
  } expected[] = {
    { "gateway", SLIPWAY_ROLE_GATEWAY, 0, "10.77.3.10", 2, GiB (2) },
    { "control0", SLIPWAY_ROLE_CONTROL, 0, "10.77.3.11", 2, GiB (2) },
    { "control1", SLIPWAY_ROLE_CONTROL, 1, "10.77.3.12", 2, GiB (2) },
    { "control2", SLIPWAY_ROLE_CONTROL, 2, "10.77.3.13", 2, GiB (2) },
    { "worker0", SLIPWAY_ROLE_WORKER, 0, "10.77.3.14", 4, GiB (8) },
    { "worker1", SLIPWAY_ROLE_WORKER, 1, "10.77.3.15", 4, GiB (8) },
    { "worker2", SLIPWAY_ROLE_WORKER, 2, "10.77.3.16", 4, GiB (8) },
  };
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default ("lab");
  g_autoptr(SlipwayTopology) topology = NULL;
  g_autoptr(GError) error = NULL;

  spec->subnet = g_strdup ("10.77.3.0/24");
  spec->image = g_strdup ("/images/debian.qcow2");
  topology = slipway_topology_new (spec, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (topology->cluster, ==, "lab");
  g_assert_cmpstr (topology->domain, ==, "lab.test");
  g_assert_cmpstr (topology->network_name, ==, "slipway-lab");
  g_assert_cmpstr (topology->subnet, ==, "10.77.3.0/24");
  g_assert_cmphex (topology->network_address, ==, 0x0a4d0300);
  g_assert_cmpuint (topology->prefix, ==, 24);
  g_assert_cmpstr (topology->host_ipv4, ==, "10.77.3.1");
  g_assert_cmpstr (topology->netmask, ==, "255.255.255.0");
  /* max (.10 + 7, .128) to .254 */
  g_assert_cmpstr (topology->dhcp_start, ==, "10.77.3.128");
  g_assert_cmpstr (topology->dhcp_end, ==, "10.77.3.254");
  g_assert_cmpstr (topology->api_ipv4, ==, "10.77.3.10");
  g_assert_cmpuint (slipway_topology_get_n_nodes (topology), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const SlipwayNodeInfo *node = slipway_topology_get_node (topology, i);
      g_autofree char *fqdn = g_strconcat (expected[i].name, ".lab.test", NULL);
      g_autofree char *domain_name = g_strconcat ("lab-", expected[i].name, NULL);
      g_autofree char *mac = expected_mac ("lab", i);

      g_assert_nonnull (node);
      g_assert_cmpuint (node->id, ==, i);
      g_assert_cmpstr (node->name, ==, expected[i].name);
      g_assert_cmpint (node->role, ==, expected[i].role);
      g_assert_cmpuint (node->role_index, ==, expected[i].role_index);
      g_assert_cmpstr (node->fqdn, ==, fqdn);
      g_assert_cmpstr (node->domain_name, ==, domain_name);
      g_assert_cmpstr (node->mac, ==, mac);
      g_assert_cmpstr (node->ipv4, ==, expected[i].ipv4);
      g_assert_cmpuint (node->vcpus, ==, expected[i].vcpus);
      g_assert_cmpuint (node->memory_bytes, ==, expected[i].memory);
      g_assert_cmpuint (node->disk_bytes, ==, GiB (20));
      g_assert_true (slipway_topology_find_node (topology, expected[i].name) == node);
    }

  g_assert_null (slipway_topology_get_node (topology, G_N_ELEMENTS (expected)));
  g_assert_null (slipway_topology_find_node (topology, "worker3"));
  g_assert_null (slipway_topology_find_node (topology, "gateway0"));
}

static void
test_mac_prefix (void)
{
  guint8 a[2];
  guint8 b[2];
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 1, 3, 3);

  /* The first two bytes of SHA-256 ("lab") */
  slipway_topology_mac_prefix ("lab", a);
  {
    g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "lab", -1);
    g_autofree char *prefix = g_strdup_printf ("%02x%02x", a[0], a[1]);

    g_assert_true (g_str_has_prefix (digest, prefix));
  }

  /* Stable, and different for another name */
  slipway_topology_mac_prefix ("lab", b);
  g_assert_cmpmem (a, 2, b, 2);
  slipway_topology_mac_prefix ("lab2", b);
  g_assert_true (a[0] != b[0] || a[1] != b[1]);

  /* Every MAC of the cluster: unique, same prefix, the id last */
  for (guint i = 0; i < slipway_topology_get_n_nodes (topology); i++)
    {
      const SlipwayNodeInfo *node = slipway_topology_get_node (topology, i);
      g_autofree char *last = g_strdup_printf (":%02x", i);

      g_assert_cmpuint (strlen (node->mac), ==, 17);
      g_assert_true (g_str_has_prefix (node->mac, "52:54:00:"));
      g_assert_true (g_str_has_suffix (node->mac, last));
    }
}

static void
test_no_gateway (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 0, 3, 2);
  g_autoptr(GPtrArray) all = slipway_topology_select (topology, NULL, NULL);
  g_autofree char *names = node_names (all);
  const SlipwayNodeInfo *control0 = slipway_topology_find_node (topology, "control0");

  g_assert_cmpstr (names, ==, "control0 control1 control2 worker0 worker1");
  g_assert_cmpuint (control0->id, ==, 0);
  g_assert_cmpstr (control0->ipv4, ==, "10.77.3.10");
  g_assert_cmpstr (topology->api_ipv4, ==, "10.77.3.10");
}

static void
test_one_control_no_worker (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("solo", "192.168.50.0/24", 0,
                                                                    1, 0);
  const SlipwayNodeInfo *node = slipway_topology_get_node (topology, 0);
  g_autofree char *mac = expected_mac ("solo", 0);

  g_assert_cmpuint (slipway_topology_get_n_nodes (topology), ==, 1);
  g_assert_cmpstr (node->name, ==, "control0");
  g_assert_cmpstr (node->fqdn, ==, "control0.solo.test");
  g_assert_cmpstr (node->domain_name, ==, "solo-control0");
  g_assert_cmpstr (node->mac, ==, mac);
  g_assert_cmpstr (node->ipv4, ==, "192.168.50.10");
  g_assert_cmpstr (topology->network_name, ==, "slipway-solo");
  g_assert_cmpstr (topology->api_ipv4, ==, "192.168.50.10");
  g_assert_cmpstr (topology->dhcp_start, ==, "192.168.50.128");
}

static void
test_workers_only (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("w", "10.1.2.0/24", 0, 0, 2);

  g_assert_cmpuint (slipway_topology_get_n_nodes (topology), ==, 2);
  g_assert_cmpstr (slipway_topology_get_node (topology, 0)->name, ==, "worker0");
  g_assert_null (topology->api_ipv4);
}

static void
test_two_gateways (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 2, 3, 3);
  g_autoptr(GPtrArray) all = slipway_topology_select (topology, NULL, NULL);
  g_autofree char *names = node_names (all);

  g_assert_cmpstr (names, ==,
                   "gateway0 gateway1 control0 control1 control2 worker0 worker1 worker2");
  g_assert_cmpuint (slipway_topology_find_node (topology, "gateway1")->role_index, ==, 1);
  g_assert_cmpstr (slipway_topology_find_node (topology, "gateway1")->ipv4, ==, "10.77.3.11");
  g_assert_cmpstr (slipway_topology_find_node (topology, "control0")->ipv4, ==, "10.77.3.12");
  g_assert_null (slipway_topology_find_node (topology, "gateway"));
  g_assert_cmpstr (topology->api_ipv4, ==, "10.77.3.10");
}

static void
test_large_on_slash16 (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("big", "10.42.0.0/16", 0, 3,
                                                                    197);
  const SlipwayNodeInfo *last;
  g_autofree char *mac = expected_mac ("big", 199);

  g_assert_cmpuint (slipway_topology_get_n_nodes (topology), ==, 200);
  last = slipway_topology_get_node (topology, 199);
  g_assert_cmpstr (last->name, ==, "worker196");
  g_assert_cmpstr (last->ipv4, ==, "10.42.0.209");
  g_assert_cmpstr (last->mac, ==, mac);
  g_assert_cmpstr (last->domain_name, ==, "big-worker196");
  g_assert_cmpstr (topology->netmask, ==, "255.255.0.0");
  g_assert_cmpstr (topology->host_ipv4, ==, "10.42.0.1");
  g_assert_cmpstr (topology->dhcp_start, ==, "10.42.128.0");
  g_assert_cmpstr (topology->dhcp_end, ==, "10.42.255.254");

  /* Ids are unique and in order */
  for (guint i = 0; i < 200; i++)
    g_assert_cmpuint (slipway_topology_get_node (topology, i)->id, ==, i);
}

static void
test_most_nodes_on_slash24 (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("max", "10.9.8.0/24", 4, 40,
                                                                    200);
  const SlipwayNodeInfo *last = slipway_topology_get_node (topology, 243);

  g_assert_cmpuint (slipway_topology_get_n_nodes (topology), ==, SLIPWAY_MAX_NODES);
  g_assert_cmpstr (last->ipv4, ==, "10.9.8.253");
  g_assert_true (g_str_has_suffix (last->mac, ":f3"));
  /* The DHCP range is the one address left */
  g_assert_cmpstr (topology->dhcp_start, ==, "10.9.8.254");
  g_assert_cmpstr (topology->dhcp_end, ==, "10.9.8.254");
}

static void
test_slash28_fits (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("tiny", "192.168.77.16/28", 0,
                                                                    1, 3);

  g_assert_cmpuint (slipway_ipv4_max_nodes (28), ==, 4);
  g_assert_cmpstr (topology->subnet, ==, "192.168.77.16/28");
  g_assert_cmpstr (topology->netmask, ==, "255.255.255.240");
  g_assert_cmpstr (topology->host_ipv4, ==, "192.168.77.17");
  g_assert_cmpstr (slipway_topology_get_node (topology, 0)->ipv4, ==, "192.168.77.26");
  g_assert_cmpstr (slipway_topology_get_node (topology, 3)->ipv4, ==, "192.168.77.29");
  /* nodes .26-.29, DHCP .30, broadcast .31 */
  g_assert_cmpstr (topology->dhcp_start, ==, "192.168.77.30");
  g_assert_cmpstr (topology->dhcp_end, ==, "192.168.77.30");
}

static void
test_slash28_does_not_fit (void)
{
  g_autoptr(SlipwaySpec) spec = slipway_test_make_spec ("tiny", "192.168.77.16/28", 1, 1, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwayTopology) topology = slipway_topology_new (spec, &error);

  g_assert_null (topology);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_cmpstr (error->message, ==,
                   "The cluster “tiny” is not valid:\n"
                   "[cluster] subnet: “192.168.77.16/28” has room for 4 nodes besides the host "
                   "and DHCP addresses, and the cluster has 5 nodes: use a larger subnet such "
                   "as “192.168.77.0/27”, or fewer nodes.");
}

static void
test_needs_subnet (void)
{
  g_autoptr(SlipwaySpec) spec = slipway_test_make_spec ("lab", NULL, 1, 3, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwayTopology) topology = slipway_topology_new (spec, &error);

  g_assert_null (topology);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_cmpstr (error->message, ==,
                   "The cluster “lab” is not valid:\n"
                   "[cluster] subnet: No subnet is chosen yet: write one, or let Slipway pick a "
                   "free one when it creates the cluster.");
}

static void
test_needs_valid_spec (void)
{
  g_autoptr(SlipwaySpec) spec = slipway_test_make_spec ("Bad Name", "10.0.0.0/8", 1, 1, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwayTopology) topology = slipway_topology_new (spec, &error);

  g_assert_null (topology);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_true (g_str_has_prefix (error->message, "The cluster is not valid:\n[cluster] name: "));
  g_assert_nonnull (strstr (error->message, "\n[cluster] subnet: “10.0.0.0/8” is too large"));
}

static void
test_image_not_needed (void)
{
  g_autoptr(SlipwaySpec) spec = slipway_test_make_spec ("lab", "10.77.3.0/24", 1, 3, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwayTopology) topology = NULL;

  g_clear_pointer (&spec->image, g_free);
  topology = slipway_topology_new (spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slipway_topology_get_n_nodes (topology), ==, 7);
}

static void
assert_select (const SlipwayTopology *topology,
               const char * const    *targets,
               const char            *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) nodes = slipway_topology_select (topology, targets, &error);
  g_autofree char *names = NULL;

  g_assert_no_error (error);
  names = node_names (nodes);
  g_assert_cmpstr (names, ==, expected);
}

static void
test_select (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 1, 3, 3);
  const char *all = "gateway control0 control1 control2 worker0 worker1 worker2";
  const char *empty[] = { NULL };
  const char *t_all[] = { "all", NULL };
  const char *t_workers[] = { "workers", NULL };
  const char *t_worker[] = { "worker", NULL };
  const char *t_gateway[] = { "gateway", NULL };
  const char *t_mixed[] = { "worker1", "control", "control1", "gateway", "worker1", NULL };
  const char *t_order[] = { "worker2", "control0", NULL };
  const char *t_controls[] = { "controls", "gateways", NULL };

  assert_select (topology, NULL, all);
  assert_select (topology, empty, all);
  assert_select (topology, t_all, all);
  assert_select (topology, t_workers, "worker0 worker1 worker2");
  assert_select (topology, t_worker, "worker0 worker1 worker2");
  assert_select (topology, t_gateway, "gateway");
  /* A union, in id order, without duplicates */
  assert_select (topology, t_mixed, "gateway control0 control1 control2 worker1");
  assert_select (topology, t_order, "control0 worker2");
  assert_select (topology, t_controls, "gateway control0 control1 control2");
}

static void
test_select_unknown (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 1, 3, 3);
  g_autoptr(SlipwayTopology) no_gateway = slipway_test_make_topology ("lab", "10.77.3.0/24", 0, 1,
                                                                      1);
  g_autoptr(GError) error = NULL;
  const char *t_bad[] = { "worker0", "worker9", NULL };
  const char *t_gateway0[] = { "gateway0", NULL };
  const char *t_gateway[] = { "gateway", NULL };

  g_assert_null (slipway_topology_select (topology, t_bad, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "“worker9” is neither a node nor a role of the cluster “lab”. The nodes are "
                   "gateway, control0, control1, control2, worker0, worker1, worker2; the roles "
                   "are “gateway”, “control”, “worker” and “all”.");
  g_clear_error (&error);

  /* A lone gateway is "gateway", not "gateway0" */
  g_assert_null (slipway_topology_select (topology, t_gateway0, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A role without nodes names nothing */
  g_assert_null (slipway_topology_select (no_gateway, t_gateway, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "The cluster “lab” has no “gateway” nodes.");
}

static void
test_select_long_list (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("big", "10.42.0.0/16", 0, 3,
                                                                    30);
  g_autoptr(GError) error = NULL;
  const char *t_bad[] = { "nope", NULL };

  g_assert_null (slipway_topology_select (topology, t_bad, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "worker8, …; the roles"));
}

static void
test_names (void)
{
  g_autofree char *network = slipway_topology_network_name ("lab");
  g_autofree char *domain = slipway_topology_domain_name ("lab", "worker0");

  g_assert_cmpstr (network, ==, "slipway-lab");
  g_assert_cmpstr (domain, ==, "lab-worker0");
}

static void
test_ipv4_parse (void)
{
  static const struct {
    const char *cidr;
    guint32     network;
    guint       prefix;
  } good[] = {
    { "10.77.3.0/24", 0x0a4d0300, 24 },
    { " 10.77.3.0/24 ", 0x0a4d0300, 24 },
    { "0.0.0.0/0", 0, 0 },
    { "192.168.1.128/25", 0xc0a80180, 25 },
    { "255.255.255.255/32", 0xffffffff, 32 },
    { "172.16.0.0/12", 0xac100000, 12 },
  };
  static const char * const bad[] = {
    "", "10.77.3.0", "10.77.3/24", "10.77.3.0.0/24", "10.77.3.0/33", "10.77.3.0/", "/24",
    "10.77.3.256/24", "10.77.03.0/24", "10.77.3.0/024", "10.77.3.0/2a", "a.b.c.d/24",
    "10.77.3.1/24", "10.77.3.0/24/1", "-1.0.0.0/8", "10.77.3.0 /24", "::1/128",
  };
  guint32 network;
  guint prefix;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (slipway_ipv4_parse_cidr (good[i].cidr, &network, &prefix, &error));
      g_assert_no_error (error);
      g_assert_cmphex (network, ==, good[i].network);
      g_assert_cmpuint (prefix, ==, good[i].prefix);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("not a subnet: “%s”", bad[i]);
      g_assert_false (slipway_ipv4_parse_cidr (bad[i], &network, &prefix, &error));
      g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
    }

  g_assert_true (slipway_ipv4_parse_cidr ("10.0.0.0/8", NULL, NULL, NULL));
}

static void
test_ipv4_helpers (void)
{
  g_autofree char *a = slipway_ipv4_to_string (0xc0a80101);
  g_autofree char *b = slipway_ipv4_to_string (0);

  g_assert_cmpstr (a, ==, "192.168.1.1");
  g_assert_cmpstr (b, ==, "0.0.0.0");

  g_assert_true (slipway_ipv4_is_private (0x0a000000, 8));
  g_assert_true (slipway_ipv4_is_private (0x0aff0000, 16));
  g_assert_true (slipway_ipv4_is_private (0xac1f0000, 16));
  g_assert_true (slipway_ipv4_is_private (0xc0a8ff00, 24));
  g_assert_false (slipway_ipv4_is_private (0xac200000, 16));    /* 172.32/16 */
  g_assert_false (slipway_ipv4_is_private (0xc0a70000, 16));    /* 192.167/16 */
  g_assert_false (slipway_ipv4_is_private (0x08080800, 24));
  g_assert_false (slipway_ipv4_is_private (0x0a000000, 7));     /* wider than 10/8 */
  g_assert_false (slipway_ipv4_is_private (0xc0000000, 8));     /* 192/8 holds 192.168/16 */

  g_assert_true (slipway_ipv4_overlaps (0x0a4d0300, 24, 0x0a4d0300, 24));
  g_assert_true (slipway_ipv4_overlaps (0x0a4d0300, 24, 0x0a000000, 8));
  g_assert_true (slipway_ipv4_overlaps (0x0a000000, 8, 0x0a4d0380, 25));
  g_assert_true (slipway_ipv4_overlaps (0x0a4d0300, 24, 0x0a4d0305, 32));
  g_assert_false (slipway_ipv4_overlaps (0x0a4d0300, 24, 0x0a4d0400, 24));
  g_assert_false (slipway_ipv4_overlaps (0x0a4d0300, 25, 0x0a4d0380, 25));
  g_assert_true (slipway_ipv4_overlaps (0x0a4d0300, 24, 0, 0));

  g_assert_cmpuint (slipway_ipv4_max_nodes (16), ==, SLIPWAY_MAX_NODES);
  g_assert_cmpuint (slipway_ipv4_max_nodes (24), ==, 244);
  g_assert_cmpuint (slipway_ipv4_max_nodes (25), ==, 116);
  g_assert_cmpuint (slipway_ipv4_max_nodes (27), ==, 20);
  g_assert_cmpuint (slipway_ipv4_max_nodes (28), ==, 4);
  g_assert_cmpuint (slipway_ipv4_max_nodes (29), ==, 0);
  g_assert_cmpuint (slipway_ipv4_max_nodes (32), ==, 0);
}

static void
test_ipv4_reserved (void)
{
  guint32 network = 0;
  guint prefix = 0;

  g_assert_nonnull (slipway_ipv4_find_reserved (0x0a600000, 24, &network, &prefix));
  g_assert_cmphex (network, ==, 0x0a600000);
  g_assert_cmpuint (prefix, ==, 12);
  g_assert_nonnull (slipway_ipv4_find_reserved (0x0a6f0000, 24, NULL, NULL)); /* 10.111 */
  g_assert_nonnull (slipway_ipv4_find_reserved (0x0af40000, 24, NULL, NULL)); /* 10.244 */
  g_assert_nonnull (slipway_ipv4_find_reserved (0x0ac80000, 24, NULL, NULL)); /* 10.200 */
  g_assert_nonnull (slipway_ipv4_find_reserved (0x0a200000, 24, NULL, NULL)); /* 10.32.0 */
  g_assert_nonnull (slipway_ipv4_find_reserved (0x0a000000, 8, NULL, NULL));
  g_assert_null (slipway_ipv4_find_reserved (0x0a700000, 24, NULL, NULL));    /* 10.112 */
  g_assert_null (slipway_ipv4_find_reserved (0x0a200100, 24, NULL, NULL));    /* 10.32.1 */
  g_assert_null (slipway_ipv4_find_reserved (0x0a4d0300, 24, NULL, NULL));
}

static void
test_topology_copy (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("copy", "10.77.3.0/24", 1, 3,
                                                                    3);
  g_autoptr(SlipwayTopology) copy = slipway_topology_copy (topology);

  g_assert_true (copy != topology);
  g_assert_cmpstr (copy->cluster, ==, topology->cluster);
  g_assert_true (copy->cluster != topology->cluster);
  g_assert_cmpstr (copy->subnet, ==, "10.77.3.0/24");
  g_assert_cmpstr (copy->netmask, ==, topology->netmask);
  g_assert_cmpstr (copy->api_ipv4, ==, topology->api_ipv4);
  g_assert_cmpuint (copy->network_address, ==, topology->network_address);
  g_assert_cmpuint (copy->prefix, ==, 24);
  g_assert_cmpuint (copy->nodes->len, ==, 7);

  for (guint i = 0; i < copy->nodes->len; i++)
    {
      const SlipwayNodeInfo *a = g_ptr_array_index (topology->nodes, i);
      const SlipwayNodeInfo *b = g_ptr_array_index (copy->nodes, i);

      g_assert_true (a != b);
      g_assert_cmpuint (a->id, ==, b->id);
      g_assert_cmpint (a->role, ==, b->role);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->fqdn, ==, b->fqdn);
      g_assert_cmpstr (a->mac, ==, b->mac);
      g_assert_cmpstr (a->ipv4, ==, b->ipv4);
      g_assert_cmpuint (a->memory_bytes, ==, b->memory_bytes);
    }

  /* Independent: freeing the original leaves the copy whole. */
  g_clear_pointer (&topology, slipway_topology_free);
  g_assert_cmpstr (slipway_topology_get_node (copy, 6)->name, ==, "worker2");
}

int
main (int   argc,
      char *argv[])
{
  /* The expected messages are the untranslated ones */
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/topology/default", test_default_topology);
  g_test_add_func ("/slipway/topology/mac-prefix", test_mac_prefix);
  g_test_add_func ("/slipway/topology/no-gateway", test_no_gateway);
  g_test_add_func ("/slipway/topology/one-control-no-worker", test_one_control_no_worker);
  g_test_add_func ("/slipway/topology/workers-only", test_workers_only);
  g_test_add_func ("/slipway/topology/two-gateways", test_two_gateways);
  g_test_add_func ("/slipway/topology/large-on-slash16", test_large_on_slash16);
  g_test_add_func ("/slipway/topology/most-nodes-on-slash24", test_most_nodes_on_slash24);
  g_test_add_func ("/slipway/topology/slash28-fits", test_slash28_fits);
  g_test_add_func ("/slipway/topology/slash28-does-not-fit", test_slash28_does_not_fit);
  g_test_add_func ("/slipway/topology/needs-subnet", test_needs_subnet);
  g_test_add_func ("/slipway/topology/needs-valid-spec", test_needs_valid_spec);
  g_test_add_func ("/slipway/topology/image-not-needed", test_image_not_needed);
  g_test_add_func ("/slipway/topology/select", test_select);
  g_test_add_func ("/slipway/topology/select-unknown", test_select_unknown);
  g_test_add_func ("/slipway/topology/select-long-list", test_select_long_list);
  g_test_add_func ("/slipway/topology/names", test_names);
  g_test_add_func ("/slipway/topology/ipv4/parse-cidr", test_ipv4_parse);
  g_test_add_func ("/slipway/topology/ipv4/helpers", test_ipv4_helpers);
  g_test_add_func ("/slipway/topology/ipv4/reserved", test_ipv4_reserved);
  g_test_add_func ("/slipway/topology/copy", test_topology_copy);

  return g_test_run ();
}
