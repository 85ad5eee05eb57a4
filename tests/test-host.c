/* test-host.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "slipway.h"
#include "slipway-test-utils.h"

#define GiB(n) ((guint64)(n) << 30)

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "spec", "host", name, NULL);
}

static SlipwayHostInfo *
host_with_routes (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autofree char *path = fixture_path ("proc-net-route");
  g_autoptr(GError) error = NULL;

  g_assert_true (slipway_host_info_add_routes (info, path, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&info);
}

static char *mbr_image;

static char *
write_mbr_image (const char *path)
{
  g_autofree char *contents = g_malloc0 (1024);
  g_autoptr(GError) error = NULL;

  contents[510] = 0x55;
  contents[511] = (char)0xaa;
  g_file_set_contents (path, contents, 1024, &error);
  g_assert_no_error (error);

  return g_strdup (path);
}

static SlipwaySpec *
make_spec (const char *name,
           const char *subnet)
{
  SlipwaySpec *spec = slipway_spec_new_default (name);

  spec->subnet = g_strdup (subnet);
  /* A raw disk with an empty MBR passes the image check */
  spec->image = g_strdup (mbr_image);

  return spec;
}

static char *
check (const SlipwayHostInfo *info,
       const SlipwaySpec     *spec)
{
  g_autoptr(GPtrArray) problems = slipway_problems_new ();

  slipway_host_info_check_spec (info, spec, problems);

  return slipway_test_problems_to_lines (problems);
}

static void
test_routes (void)
{
  static const struct {
    const char *subnet;
    const char *owner;
  } expected[] = {
    { "192.168.1.0/24", "the host route on eth0" },
    { "172.17.0.0/16", "the host route on docker0" },
    { "192.168.122.0/24", "the host route on virbr0" },
    { "10.8.0.0/24", "the host route on wg0" },
    { "10.77.3.0/24", "the host route on virbr3" },
    { "10.50.0.7/32", "the host route on tun0" },
  };
  g_autoptr(SlipwayHostInfo) info = NULL;

  /* The kernel prints network-order words as the machine reads them. */
  if (G_BYTE_ORDER != G_LITTLE_ENDIAN)
    {
      g_test_skip ("the fixture is a little-endian /proc/net/route");
      return;
    }

  info = host_with_routes ();

  /* Not the default route, not the route that is down, not the one with a
   * mask that is no prefix, not the line that is no route */
  g_assert_cmpuint (info->subnets->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const SlipwaySubnetUse *use = g_ptr_array_index (info->subnets, i);
      g_autofree char *address = slipway_ipv4_to_string (use->network);
      g_autofree char *subnet = g_strdup_printf ("%s/%u", address, use->prefix);

      g_assert_cmpstr (subnet, ==, expected[i].subnet);
      g_assert_cmpstr (use->owner, ==, expected[i].owner);
      g_assert_null (use->cluster);
    }

  g_assert_cmpuint (info->mac_prefixes->len, ==, 0);
  g_assert_cmpuint (info->memory_bytes, ==, 0);
}

static void
test_routes_errors (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autofree char *bad = fixture_path ("not-a-route-table");
  g_autofree char *missing = fixture_path ("no-such-file");
  g_autoptr(GError) error = NULL;

  g_assert_false (slipway_host_info_add_routes (info, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_false (slipway_host_info_add_routes (info, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpuint (info->subnets->len, ==, 0);
}

static void
test_real_routes (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(GError) error = NULL;

  if (!g_file_test ("/proc/net/route", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /proc/net/route");
      return;
    }

  /* Whatever the machine has, it reads, and the default route is skipped */
  g_assert_true (slipway_host_info_add_routes (info, "/proc/net/route", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < info->subnets->len; i++)
    g_assert_cmpuint (((SlipwaySubnetUse *)g_ptr_array_index (info->subnets, i))->prefix, >, 0);
}

static void
test_meminfo (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autofree char *path = fixture_path ("proc-meminfo");
  g_autofree char *bad = fixture_path ("not-a-route-table");
  g_autoptr(GError) error = NULL;

  g_assert_true (slipway_host_info_add_meminfo (info, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info->memory_bytes, ==, G_GUINT64_CONSTANT (16324568) * 1024);

  g_assert_false (slipway_host_info_add_meminfo (info, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_subnet_clash_names_owner (void)
{
  g_autoptr(SlipwayHostInfo) info = host_with_routes ();
  g_autoptr(SlipwaySpec) spec = make_spec ("lab", "192.168.1.0/24");
  g_autofree char *free_subnet = slipway_host_info_pick_subnet (info, "lab");
  g_autofree char *expected = NULL;
  g_autofree char *actual = check (info, spec);

  g_assert_nonnull (free_subnet);
  expected = g_strdup_printf ("error: [cluster] subnet: “192.168.1.0/24” overlaps 192.168.1.0/24, "
                              "used by the host route on eth0: write a free subnet such as "
                              "“%s”, or leave “subnet” empty to pick one.\n",
                              free_subnet);
  g_assert_cmpstr (actual, ==, expected);
}

static void
test_subnet_clash_partial (void)
{
  g_autoptr(SlipwayHostInfo) info = host_with_routes ();
  g_autoptr(SlipwaySpec) inside = make_spec ("lab", "10.8.0.128/25");
  g_autoptr(SlipwaySpec) around = make_spec ("lab", "10.50.0.0/24");
  g_autoptr(SlipwaySpec) next_to = make_spec ("lab", "10.8.1.0/24");
  g_autoptr(SlipwaySpec) wide = make_spec ("lab", "192.168.0.0/16");
  g_autofree char *actual = NULL;

  actual = check (info, inside);
  g_assert_true (g_str_has_prefix (actual, "error: [cluster] subnet: “10.8.0.128/25” overlaps "
                                           "10.8.0.0/24, used by the host route on wg0: "));
  g_clear_pointer (&actual, g_free);

  /* A host route (a VPN server, say) is an address in use too */
  actual = check (info, around);
  g_assert_true (g_str_has_prefix (actual, "error: [cluster] subnet: “10.50.0.0/24” overlaps "
                                           "10.50.0.7/32, used by the host route on tun0: "));
  g_clear_pointer (&actual, g_free);

  actual = check (info, next_to);
  g_assert_cmpstr (actual, ==, "");
  g_clear_pointer (&actual, g_free);

  /* One problem for each owner */
  actual = check (info, wide);
  g_assert_nonnull (strstr (actual, "used by the host route on eth0"));
  g_assert_nonnull (strstr (actual, "used by the host route on virbr0"));
  g_assert_null (strstr (actual, "docker0"));
}

static void
test_subnet_own_cluster (void)
{
  g_autoptr(SlipwayHostInfo) info = host_with_routes ();
  g_autoptr(SlipwaySpec) lab = make_spec ("lab", "10.77.3.0/24");
  g_autoptr(SlipwaySpec) other = make_spec ("other", "10.77.3.0/24");
  g_autofree char *actual = NULL;

  /* As the provisioner reports the cluster's own network */
  slipway_host_info_add_subnet (info, 0x0a4d0300, 24, "the libvirt network “slipway-lab”", "lab");

  /* Neither the network nor the route to its bridge clash with itself */
  actual = check (info, lab);
  g_assert_cmpstr (actual, ==, "");
  g_clear_pointer (&actual, g_free);

  actual = check (info, other);
  g_assert_true (g_str_has_prefix (actual,
                                   "error: [cluster] subnet: “10.77.3.0/24” overlaps "
                                   "10.77.3.0/24, used by the host route on virbr3: write a "
                                   "free subnet such as "));
  g_assert_nonnull (strstr (actual, "\nerror: [cluster] subnet: “10.77.3.0/24” overlaps "
                                    "10.77.3.0/24, used by the libvirt network “slipway-lab”: "));
}

static void
test_no_free_subnet (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(SlipwaySpec) spec = make_spec ("lab", NULL);
  g_autofree char *actual = NULL;

  slipway_host_info_add_subnet (info, 0x0a000000, 8, "the host route on tun0", NULL);
  slipway_host_info_add_subnet (info, 0xac100000, 12, "the host route on tun1", NULL);
  slipway_host_info_add_subnet (info, 0xc0a80000, 16, "the host route on tun2", NULL);

  g_assert_null (slipway_host_info_pick_subnet (info, "lab"));
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==,
                   "error: [cluster] subnet: No free /24 subnet was found for the cluster: "
                   "write a free private subnet by hand.\n");
}

/* Another name whose MACs would start like those of @name. */
static char *
find_clashing_name (const char *name)
{
  guint8 wanted[2];

  slipway_topology_mac_prefix (name, wanted);

  for (guint i = 0; i < 10 * 65536; i++)
    {
      g_autofree char *candidate = g_strdup_printf ("clash%u", i);
      guint8 bytes[2];

      slipway_topology_mac_prefix (candidate, bytes);
      if (bytes[0] == wanted[0] && bytes[1] == wanted[1])
        return g_steal_pointer (&candidate);
    }

  g_assert_not_reached ();
}

static void
test_mac_prefix_clash (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(SlipwaySpec) spec = make_spec ("lab", "10.77.3.0/24");
  g_autofree char *other = find_clashing_name ("lab");
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  guint8 bytes[2];

  g_test_message ("“%s” clashes with “lab”", other);
  slipway_topology_mac_prefix (other, bytes);

  /* Its own prefix is no clash */
  slipway_host_info_add_mac_prefix (info, bytes, "lab");
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==, "");
  g_clear_pointer (&actual, g_free);

  slipway_host_info_add_mac_prefix (info, bytes, other);
  actual = check (info, spec);
  expected = g_strdup_printf ("error: [cluster] name: The MAC addresses of the nodes of “lab” "
                              "would start with 52:54:00:%02x:%02x, like those of the cluster "
                              "“%s”: these two bytes come from the name, so choose another "
                              "name.\n",
                              bytes[0], bytes[1], other);
  g_assert_cmpstr (actual, ==, expected);
}

static void
test_image (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(SlipwaySpec) spec = make_spec ("lab", "10.77.3.0/24");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("slipway-host-XXXXXX", &error);
  g_autofree char *file = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  file = g_build_filename (dir, "debian.qcow2", NULL);

  /* Missing */
  g_free (spec->image);
  spec->image = g_strdup (file);
  actual = check (info, spec);
  expected = g_strdup_printf ("error: [cluster] image: “%s” does not exist: download a cloud "
                              "image, such as Debian 12’s “genericcloud” qcow2, and write its "
                              "path.\n",
                              file);
  g_assert_cmpstr (actual, ==, expected);
  g_clear_pointer (&actual, g_free);
  g_clear_pointer (&expected, g_free);

  /* Below something that is not a directory */
  g_free (spec->image);
  spec->image = g_test_build_filename (G_TEST_DIST, "data", "spec", "host", "proc-meminfo",
                                       "x.qcow2", NULL);
  actual = check (info, spec);
  g_assert_true (g_str_has_suffix (actual, "x.qcow2” does not exist: download a cloud image, "
                                           "such as Debian 12’s “genericcloud” qcow2, and write "
                                           "its path.\n"));
  g_clear_pointer (&actual, g_free);

  /* A directory */
  g_free (spec->image);
  spec->image = g_strdup (dir);
  actual = check (info, spec);
  expected = g_strdup_printf ("error: [cluster] image: “%s” is not a regular file: write the "
                              "path of the image file itself.\n",
                              dir);
  g_assert_cmpstr (actual, ==, expected);
  g_clear_pointer (&actual, g_free);
  g_clear_pointer (&expected, g_free);

  /* A disk image */
  g_free (write_mbr_image (file));
  g_free (spec->image);
  spec->image = g_strdup (file);
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==, "");
  g_clear_pointer (&actual, g_free);

  /* A file nobody may read; root reads everything, so only as a user */
  g_assert_cmpint (g_chmod (file, 0), ==, 0);
  if (g_access (file, R_OK) != 0)
    {
      actual = check (info, spec);
      expected = g_strdup_printf ("error: [cluster] image: “%s” cannot be read: %s.\n",
                                  file, g_strerror (EACCES));
      g_assert_cmpstr (actual, ==, expected);
    }

  /* Unset: slipway_spec_validate() says so, not this */
  g_clear_pointer (&spec->image, g_free);
  g_clear_pointer (&actual, g_free);
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==, "");

  g_assert_cmpint (g_unlink (file), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_memory_warning (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(SlipwaySpec) spec = make_spec ("lab", "10.77.3.0/24");
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autofree char *path = fixture_path ("proc-meminfo");
  g_autofree char *lines = NULL;
  g_autoptr(GError) error = NULL;
  const SlipwayProblem *problem;

  /* Unknown memory: nothing to say */
  slipway_host_info_check_spec (info, spec, problems);
  g_assert_cmpuint (problems->len, ==, 0);

  /* 1×2GiB + 3×2GiB + 3×8GiB = 32GiB on a 15.6GiB host */
  g_assert_true (slipway_host_info_add_meminfo (info, path, &error));
  slipway_host_info_check_spec (info, spec, problems);
  lines = slipway_test_problems_to_lines (problems);
  g_assert_cmpstr (lines, ==,
                   "warning: The nodes have 32GiB of memory in all, more than the 15.6GiB of "
                   "this computer: they may swap or fail to start. Lower “memory” or “count” "
                   "of some roles.\n");
  problem = g_ptr_array_index (problems, 0);
  g_assert_true (problem->is_warning);
  g_assert_null (problem->group);
  g_assert_false (slipway_problems_has_errors (problems));
  g_assert_true (slipway_problems_to_error (problems, "lab.conf", &error));
  g_assert_no_error (error);

  /* Exactly as much as the host has is fine */
  g_ptr_array_set_size (problems, 0);
  info->memory_bytes = GiB (32);
  slipway_host_info_check_spec (info, spec, problems);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* What the host can never give a node is an error that says why. */
static void
test_bounds (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(SlipwaySpec) spec = make_spec ("lab", "10.77.3.0/24");
  g_autofree char *actual = NULL;

  info->memory_bytes = GiB (16);
  info->pool_capacity_bytes = GiB (100);
  info->pool_name = g_strdup ("slipway");
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 0;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = 0;
  spec->roles[SLIPWAY_ROLE_WORKER].count = 1;

  /* At the limits: 4 × the memory, all of the pool */
  spec->roles[SLIPWAY_ROLE_WORKER].memory_bytes = GiB (64);
  spec->roles[SLIPWAY_ROLE_WORKER].disk_bytes = GiB (100);
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==,
                   "warning: The nodes have 64GiB of memory in all, more than the 16GiB of this "
                   "computer: they may swap or fail to start. Lower “memory” or “count” of some "
                   "roles.\n");
  g_clear_pointer (&actual, g_free);

  /* Over them */
  spec->roles[SLIPWAY_ROLE_WORKER].memory_bytes = GiB (65);
  spec->roles[SLIPWAY_ROLE_WORKER].disk_bytes = GiB (101);
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==,
                   "error: [worker] memory: “65GiB” is more than a node may have on this "
                   "computer: it has 16GiB, and Slipway lets a node have at most 4 times that "
                   "(64GiB). Lower “memory”.\n"
                   "error: [worker] disk: “101GiB” is larger than the storage pool “slipway” can "
                   "ever hold: its file system has 100GiB in all. Lower “disk”.\n"
                   "warning: The nodes have 65GiB of memory in all, more than the 16GiB of this "
                   "computer: they may swap or fail to start. Lower “memory” or “count” of some "
                   "roles.\n");
  g_clear_pointer (&actual, g_free);

  /* Unknown facts bound nothing; roles without nodes do not count */
  info->memory_bytes = 0;
  info->pool_capacity_bytes = 0;
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==, "");
  g_clear_pointer (&actual, g_free);
  info->memory_bytes = GiB (16);
  info->pool_capacity_bytes = GiB (100);
  spec->roles[SLIPWAY_ROLE_WORKER].count = 0;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = 1;
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==, "");
}

/* A pool the file names must be there: the host says which is missing. */
static void
test_pool_missing (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(SlipwaySpec) spec = make_spec ("lab", "10.77.3.0/24");
  g_autofree char *actual = NULL;

  spec->pool = g_strdup ("fast");
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==, "");
  g_clear_pointer (&actual, g_free);

  info->pool_missing = g_strdup ("fast");
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==,
                   "error: [cluster] pool: There is no started libvirt storage pool “fast”: "
                   "define, build and start it (virsh pool-define-as, pool-build, pool-start), "
                   "or leave “pool” out to use Slipway’s own.\n");
  g_clear_pointer (&actual, g_free);

  /* Another spec's pool is not this one's problem. */
  g_clear_pointer (&spec->pool, g_free);
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==, "");
}

static void
test_vcpus_warning (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(SlipwaySpec) spec = make_spec ("lab", "10.77.3.0/24");
  g_autofree char *actual = NULL;

  info->n_cpus = 2;
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==,
                   "warning: [worker] vcpus: Each node has 4 virtual CPUs but this computer has "
                   "only 2 CPUs: the nodes will be slow.\n");
  g_clear_pointer (&actual, g_free);

  /* Roles without nodes do not count */
  spec->roles[SLIPWAY_ROLE_WORKER].count = 0;
  actual = check (info, spec);
  g_assert_cmpstr (actual, ==, "");
}

static void
assert_good_pick (const char *subnet)
{
  g_autoptr(SlipwaySpec) spec = make_spec ("lab", subnet);
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  guint32 network;
  guint prefix;

  g_assert_nonnull (subnet);
  g_assert_true (slipway_ipv4_parse_cidr (subnet, &network, &prefix, NULL));
  g_assert_cmpuint (prefix, ==, 24);
  g_assert_true (slipway_ipv4_is_private (network, prefix));
  g_assert_null (slipway_ipv4_find_reserved (network, prefix, NULL, NULL));
  g_assert_false (slipway_ipv4_overlaps (network, prefix, 0xc0a80000, 24));
  g_assert_false (slipway_ipv4_overlaps (network, prefix, 0xc0a80100, 24));
  g_assert_false (slipway_ipv4_overlaps (network, prefix, 0xc0a87a00, 24));
  g_assert_false (slipway_ipv4_overlaps (network, prefix, 0x0a000000, 16));
  g_assert_false (slipway_ipv4_overlaps (network, prefix, 0xac110000, 16));

  /* A picked subnet passes validation without even a warning */
  slipway_spec_validate (spec, problems);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_pick_subnet_stable (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(SlipwayHostInfo) routes = host_with_routes ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *a = slipway_host_info_pick_subnet (info, "lab");
  g_autofree char *b = slipway_host_info_pick_subnet (info, "lab");
  g_autofree char *c = slipway_host_info_pick_subnet (routes, "lab");

  /* Same name, same subnet; the routes do not get in its way here */
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, ==, c);
  g_assert_true (g_str_has_prefix (a, "10."));
  assert_good_pick (a);

  /* Names spread over many subnets */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("lab%u", i);
      char *subnet = slipway_host_info_pick_subnet (info, name);

      assert_good_pick (subnet);
      g_hash_table_add (seen, subnet);
    }
  g_assert_cmpuint (g_hash_table_size (seen), >, 190);
}

static void
test_pick_subnet_avoids_used (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autofree char *first = slipway_host_info_pick_subnet (info, "lab");
  g_autofree char *second = NULL;
  g_autofree char *own = NULL;
  guint32 network;
  guint32 network2;
  guint prefix;

  g_assert_true (slipway_ipv4_parse_cidr (first, &network, &prefix, NULL));

  /* Someone else took it: another one, which overlaps nothing in use */
  slipway_host_info_add_subnet (info, network & 0xfffff000, 20, "the host route on wg0", NULL);
  second = slipway_host_info_pick_subnet (info, "lab");
  assert_good_pick (second);
  g_assert_cmpstr (second, !=, first);
  g_assert_true (slipway_ipv4_parse_cidr (second, &network2, &prefix, NULL));
  g_assert_false (slipway_ipv4_overlaps (network2, 24, network & 0xfffff000, 20));

  /* The cluster's own subnet is free for it */
  g_ptr_array_set_size (info->subnets, 0);
  slipway_host_info_add_subnet (info, network, 24, "the libvirt network “slipway-lab”", "lab");
  own = slipway_host_info_pick_subnet (info, "lab");
  g_assert_cmpstr (own, ==, first);
}

static void
test_pick_subnet_fallbacks (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();

  /* A VPN that routes all of 10/8 is common: then 172.16/12, then
   * 192.168/16, but never the home routers' /24s or libvirt's default */
  slipway_host_info_add_subnet (info, 0x0a000000, 8, "the host route on tun0", NULL);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("lab%u", i);
      g_autofree char *subnet = slipway_host_info_pick_subnet (info, name);

      g_assert_true (g_str_has_prefix (subnet, "172."));
      assert_good_pick (subnet);
    }

  slipway_host_info_add_subnet (info, 0xac100000, 12, "the host route on tun1", NULL);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("lab%u", i);
      g_autofree char *subnet = slipway_host_info_pick_subnet (info, name);

      g_assert_true (g_str_has_prefix (subnet, "192.168."));
      assert_good_pick (subnet);
    }
}

static void
test_clean_check (void)
{
  g_autoptr(SlipwayHostInfo) info = host_with_routes ();
  g_autoptr(SlipwaySpec) spec = make_spec ("lab", NULL);
  g_autoptr(GPtrArray) problems = slipway_problems_new ();

  info->memory_bytes = GiB (64);
  info->n_cpus = 8;

  /* What the provisioner does: pick, validate, check */
  spec->subnet = slipway_host_info_pick_subnet (info, spec->name);
  slipway_spec_validate (spec, problems);
  slipway_host_info_check_spec (info, spec, problems);
  g_assert_cmpuint (problems->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The expected messages are the untranslated ones */
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  {
    g_autofree char *path = g_build_filename (g_get_tmp_dir (), "raw.img", NULL);

    mbr_image = write_mbr_image (path);
  }

  g_test_add_func ("/slipway/host/routes", test_routes);
  g_test_add_func ("/slipway/host/routes-errors", test_routes_errors);
  g_test_add_func ("/slipway/host/real-routes", test_real_routes);
  g_test_add_func ("/slipway/host/meminfo", test_meminfo);
  g_test_add_func ("/slipway/host/subnet-clash-names-owner", test_subnet_clash_names_owner);
  g_test_add_func ("/slipway/host/subnet-clash-partial", test_subnet_clash_partial);
  g_test_add_func ("/slipway/host/subnet-own-cluster", test_subnet_own_cluster);
  g_test_add_func ("/slipway/host/no-free-subnet", test_no_free_subnet);
  g_test_add_func ("/slipway/host/mac-prefix-clash", test_mac_prefix_clash);
  g_test_add_func ("/slipway/host/image", test_image);
  g_test_add_func ("/slipway/host/memory-warning", test_memory_warning);
  g_test_add_func ("/slipway/host/vcpus-warning", test_vcpus_warning);
  g_test_add_func ("/slipway/host/bounds", test_bounds);
  g_test_add_func ("/slipway/host/pool-missing", test_pool_missing);
  g_test_add_func ("/slipway/host/pick-subnet-stable", test_pick_subnet_stable);
  g_test_add_func ("/slipway/host/pick-subnet-avoids-used", test_pick_subnet_avoids_used);
  g_test_add_func ("/slipway/host/pick-subnet-fallbacks", test_pick_subnet_fallbacks);
  g_test_add_func ("/slipway/host/clean-check", test_clean_check);

  return g_test_run ();
}
