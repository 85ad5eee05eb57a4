/* test-xml-arch.c: nodes of another architecture than the host's
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "slipway-host-private.h"
#include "xml-test-utils.h"

/* What slipway-virt-guest.c decides for an emulated ARM node on an x86_64
 * host with QEMU and AAVMF (as `virsh domcapabilities --arch aarch64` says
 * on Debian 12). */
static const SlipwayDomainParams aarch64_params = {
  .virt_type = "qemu",
  .arch = "aarch64",
  .machine = "virt",
  .cpu_model = "cortex-a57",
  .efi = TRUE,
  .overlay_path = "/var/lib/libvirt/images/slipway-lab/lab-control0.qcow2",
  .seed_path = "/var/lib/libvirt/images/slipway-lab/lab-control0-seed.iso",
};

static const SlipwayDomainParams x86_params = {
  .virt_type = "qemu",
  .arch = "x86_64",
  .overlay_path = "/var/lib/libvirt/images/slipway-lab/lab-control0.qcow2",
  .seed_path = "/var/lib/libvirt/images/slipway-lab/lab-control0-seed.iso",
};

static void
test_domain_aarch64 (void)
{
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 1, 1, 1);

  for (guint id = 0; id < topology->nodes->len; id++)
    {
      g_autofree char *xml = domain_xml_for (topology, id, &aarch64_params);

      if (id == 0)
        g_test_message ("%s", xml);
      assert_valid (xml, "domain");
      assert_xpath_str (xml, "/domain/os/type/@arch", "aarch64");
      assert_xpath_str (xml, "/domain/os/type/@machine", "virt");
      /* libvirt picks the firmware and makes the node's own NVRAM. */
      assert_xpath_str (xml, "/domain/os/@firmware", "efi");
      /* Not the Secure Boot one: it would refuse unsigned boot loaders. */
      assert_xpath_str (xml, "/domain/os/firmware/feature[@name='secure-boot']/@enabled", "no");
      assert_xpath_str (xml, "/domain/os/firmware/feature[@name='enrolled-keys']/@enabled", "no");
      assert_xpath_count (xml, "/domain/os/loader", 0);
      assert_xpath_count (xml, "/domain/os/nvram", 0);
      assert_xpath_str (xml, "/domain/cpu/@mode", "custom");
      assert_xpath_str (xml, "/domain/cpu/model", "cortex-a57");
      /* ARM has no APIC. */
      assert_xpath_count (xml, "/domain/features/acpi", 1);
      assert_xpath_count (xml, "/domain/features/apic", 0);
      assert_xpath_str (xml, "/domain/features/tcg/tb-cache", "128");
      /* The console is the serial port, whatever device the machine has. */
      assert_xpath_count (xml, "/domain/devices/serial", 1);
      assert_xpath_str (xml, "/domain/devices/console/target/@type", "serial");
      assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vda']/target/@bus", "virtio");
      assert_xpath_str (xml, "/domain/devices/interface/model/@type", "virtio");
    }
}

static void
test_domain_x86_unchanged (void)
{
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 1, 1, 0);
  g_autofree char *xml = domain_xml_for (topology, 0, &x86_params);

  assert_valid (xml, "domain");
  assert_xpath_count (xml, "/domain/os/@firmware", 0);
  assert_xpath_count (xml, "/domain/cpu", 0);
  assert_xpath_count (xml, "/domain/features/apic", 1);
}

static ClusterPlan *
plan_new (SlipwayArch arch)
{
  g_autoptr(ClusterPlan) plan = g_new0 (ClusterPlan, 1);
  g_autoptr(GError) error = NULL;

  plan->spec = slipway_spec_new_default ("lab");
  plan->spec->subnet = g_strdup ("10.77.3.0/24");
  plan->spec->image = g_strdup ("/var/lib/slipway/images/base.qcow2");
  plan->spec->arch = arch;
  plan->topology = slipway_topology_new (plan->spec, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&plan);
}

/* The test driver runs only i686 guests: an ARM (or x86_64) cluster is
 * refused before anything is made, saying what to install. */
static void
test_host_without_aarch64 (void)
{
  g_autoptr(virConnect) conn = open_test_driver ();
  g_autoptr(ClusterPlan) arm = plan_new (SLIPWAY_ARCH_AARCH64);
  g_autoptr(ClusterPlan) host = plan_new (SLIPWAY_ARCH_DEFAULT);
  g_autoptr(ClusterPlan) x86 = plan_new (SLIPWAY_ARCH_X86_64);
  g_autoptr(GError) error = NULL;
  const GuestKind *kind;

  g_assert_false (_slipway_virt_plan_guests (conn, arm, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "aarch64"));
  g_assert_nonnull (strstr (error->message, "qemu-system-arm"));
  g_clear_error (&error);

  g_assert_false (_slipway_virt_plan_guests (conn, x86, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR);
  g_assert_nonnull (strstr (error->message, "x86_64"));
  g_clear_error (&error);

  /* Empty: the host's own. */
  g_assert_true (_slipway_virt_plan_guests (conn, host, &error));
  g_assert_no_error (error);
  g_assert_cmpint (host->host_arch, ==, SLIPWAY_ARCH_I686);
  kind = _slipway_virt_plan_guest (host, topology_node (host->topology, 0));
  g_assert_cmpstr (kind->arch, ==, "i686");
  g_assert_cmpstr (kind->virt_type, ==, "test");
  g_assert_false (kind->efi);
  g_assert_null (host->guests[SLIPWAY_ARCH_AARCH64]);
}

static const SlipwayProblem *
find_problem (GPtrArray  *problems,
              const char *key)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const SlipwayProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->key, key) == 0)
        {
          g_test_message ("%s%s: %s", problem->key, problem->is_warning ? " (warning)" : "",
                          problem->message);
          return problem;
        }
    }

  return NULL;
}

static GPtrArray *
check (const SlipwayHostInfo *info,
       SlipwayArch            arch,
       const char            *image)
{
  g_autoptr(SlipwaySpec) spec = slipway_spec_new_default ("lab");
  GPtrArray *problems = slipway_problems_new ();

  spec->arch = arch;
  spec->image = g_strdup (image);
  _slipway_host_info_check_arch (info, spec, problems);

  return problems;
}

/* What the wizard and `create --check` say, from the host's capabilities
 * and the image's name. */
static void
test_host_check (void)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(GPtrArray) problems = NULL;
  const SlipwayProblem *problem;

  /* Capabilities not read: nothing is claimed. */
  problems = check (info, SLIPWAY_ARCH_AARCH64, "/i/debian-12-genericcloud-amd64.qcow2");
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  info->host_arch = SLIPWAY_ARCH_X86_64;
  info->arches[SLIPWAY_ARCH_X86_64] = TRUE;

  problems = check (info, SLIPWAY_ARCH_AARCH64, "/i/debian-12-genericcloud-arm64.qcow2");
  problem = find_problem (problems, "arch");
  g_assert_nonnull (problem);
  g_assert_false (problem->is_warning);
  g_assert_nonnull (strstr (problem->message, "qemu-efi-aarch64"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* With QEMU for ARM: allowed, and said to be slow. */
  info->arches[SLIPWAY_ARCH_AARCH64] = TRUE;
  problems = check (info, SLIPWAY_ARCH_AARCH64, "/i/debian-12-genericcloud-arm64.qcow2");
  g_assert_cmpuint (problems->len, ==, 1);
  problem = find_problem (problems, "arch");
  g_assert_true (problem->is_warning);
  g_assert_nonnull (strstr (problem->message, "emulated"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* An image for x86 under ARM nodes never boots. */
  problems = check (info, SLIPWAY_ARCH_AARCH64, "/i/debian-12-genericcloud-amd64.qcow2");
  problem = find_problem (problems, "image");
  g_assert_nonnull (problem);
  g_assert_false (problem->is_warning);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* And the other way round, with the host's own nodes. */
  problems = check (info, SLIPWAY_ARCH_DEFAULT, "/i/Fedora-Cloud-Base-39-1.5.aarch64.qcow2");
  problem = find_problem (problems, "image");
  g_assert_nonnull (problem);
  g_assert_false (problem->is_warning);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A name that says nothing: not checked, and said so for emulated nodes. */
  problems = check (info, SLIPWAY_ARCH_AARCH64, "/i/base.qcow2");
  problem = find_problem (problems, "image");
  g_assert_nonnull (problem);
  g_assert_true (problem->is_warning);
  g_clear_pointer (&problems, g_ptr_array_unref);

  problems = check (info, SLIPWAY_ARCH_DEFAULT, "/i/base.qcow2");
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_image_guess_arch (void)
{
  static const struct { const char *name; SlipwayArch arch; } cases[] = {
    { "/home/ada/debian-12-genericcloud-arm64.qcow2", SLIPWAY_ARCH_AARCH64 },
    { "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2", SLIPWAY_ARCH_X86_64 },
    { "jammy-server-cloudimg-arm64.img", SLIPWAY_ARCH_AARCH64 },
    { "Fedora-Cloud-Base-39-1.5.x86_64.qcow2", SLIPWAY_ARCH_X86_64 },
    { "Fedora-Cloud-Base-39-1.5.aarch64.qcow2", SLIPWAY_ARCH_AARCH64 },
    { "/arm64/base.qcow2", SLIPWAY_ARCH_DEFAULT },      /* only the file's own name */
    { "base.qcow2", SLIPWAY_ARCH_DEFAULT },
    { "amd64-to-arm64.qcow2", SLIPWAY_ARCH_DEFAULT },   /* two: not sure */
    { "farm64.qcow2", SLIPWAY_ARCH_DEFAULT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (slipway_image_guess_arch (cases[i].name), ==, cases[i].arch);
    }
}

static void
test_spec_arch (void)
{
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwaySpec) again = NULL;
  g_autofree char *data = NULL;

  spec = slipway_spec_new_from_data ("[cluster]\nname=arm\narch=arm64\n", -1, problems);
  g_assert_nonnull (spec);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (spec->arch, ==, SLIPWAY_ARCH_AARCH64);

  /* Written in libvirt's words, and read back the same. */
  data = slipway_spec_to_data (spec, TRUE);
  g_assert_nonnull (strstr (data, "\narch=aarch64\n"));
  again = slipway_spec_new_from_data (data, -1, problems);
  g_assert_true (slipway_spec_equal (spec, again));
  g_clear_pointer (&data, g_free);

  /* The host's own is not written at all: old files stay as they were. */
  spec->arch = SLIPWAY_ARCH_DEFAULT;
  data = slipway_spec_to_data (spec, TRUE);
  g_assert_null (strstr (data, "\narch="));
  g_assert_false (slipway_spec_equal (spec, again));
  g_clear_pointer (&spec, slipway_spec_free);

  spec = slipway_spec_new_from_data ("[cluster]\nname=arm\narch=sparc\n", -1, problems);
  g_assert_nonnull (spec);
  g_assert_cmpint (spec->arch, ==, SLIPWAY_ARCH_DEFAULT);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (find_problem (problems, "arch"));
}

/* An architecture and an image per role: a mixed lab. */
static void
test_spec_per_role (void)
{
  static const char data[] =
    "[cluster]\nname=mixed\nimage=/i/debian-12-genericcloud-amd64.qcow2\n"
    "[worker]\ncount=2\narch=arm64\nimage=/i/debian-12-genericcloud-arm64.qcow2\n";
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwaySpec) again = NULL;
  g_autoptr(SlipwaySpec) copy = NULL;
  g_autoptr(SlipwayTopology) topology = NULL;
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  const SlipwayProblem *problem;

  spec = slipway_spec_new_from_data (data, -1, problems);
  g_assert_nonnull (spec);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (spec->arch, ==, SLIPWAY_ARCH_DEFAULT);
  g_assert_cmpint (spec->roles[SLIPWAY_ROLE_WORKER].arch, ==, SLIPWAY_ARCH_AARCH64);
  g_assert_cmpint (slipway_spec_get_role_arch (spec, SLIPWAY_ROLE_WORKER), ==, SLIPWAY_ARCH_AARCH64);
  g_assert_cmpint (slipway_spec_get_role_arch (spec, SLIPWAY_ROLE_CONTROL), ==, SLIPWAY_ARCH_DEFAULT);
  g_assert_cmpstr (slipway_spec_get_role_image (spec, SLIPWAY_ROLE_WORKER), ==,
                   "/i/debian-12-genericcloud-arm64.qcow2");
  g_assert_cmpstr (slipway_spec_get_role_image (spec, SLIPWAY_ROLE_GATEWAY), ==,
                   "/i/debian-12-genericcloud-amd64.qcow2");

  /* Written only for the role that sets them, read back the same; a copy
   * owns its own strings. */
  text = slipway_spec_to_data (spec, TRUE);
  g_assert_nonnull (strstr (text, "[worker]\n"));
  g_assert_nonnull (strstr (strstr (text, "[worker]\n"), "\narch=aarch64\n"));
  g_assert_nonnull (strstr (strstr (text, "[worker]\n"), "\nimage=/i/debian-12-genericcloud-arm64.qcow2\n"));
  g_assert_null (g_strstr_len (text, strstr (text, "[worker]\n") - text, "\narch="));
  again = slipway_spec_new_from_data (text, -1, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (slipway_spec_equal (spec, again));
  copy = slipway_spec_copy (spec);
  g_assert_true (copy->roles[SLIPWAY_ROLE_WORKER].image != spec->roles[SLIPWAY_ROLE_WORKER].image);
  g_assert_true (slipway_spec_equal (spec, copy));
  g_clear_pointer (&copy->roles[SLIPWAY_ROLE_WORKER].image, g_free);
  g_assert_false (slipway_spec_equal (spec, copy));
  copy->roles[SLIPWAY_ROLE_WORKER].image = g_strdup (spec->roles[SLIPWAY_ROLE_WORKER].image);
  copy->roles[SLIPWAY_ROLE_WORKER].arch = SLIPWAY_ARCH_DEFAULT;
  g_assert_false (slipway_spec_equal (spec, copy));

  /* Each node has its role's architecture. */
  spec->subnet = g_strdup ("10.77.3.0/24");
  topology = slipway_topology_new (spec, &error);
  g_assert_no_error (error);
  for (guint id = 0; id < topology->nodes->len; id++)
    {
      const SlipwayNodeInfo *node = topology_node (topology, id);

      g_assert_cmpint (node->arch, ==,
                       node->role == SLIPWAY_ROLE_WORKER ? SLIPWAY_ARCH_AARCH64 : SLIPWAY_ARCH_DEFAULT);
    }

  /* The host is checked for the role's architecture, the role's image
   * against it, and a problem is told in the group that set the value. */
  info->host_arch = SLIPWAY_ARCH_X86_64;
  info->arches[SLIPWAY_ARCH_X86_64] = TRUE;
  _slipway_host_info_check_arch (info, spec, problems);
  problem = find_problem (problems, "arch");
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->group, ==, "worker");
  g_assert_false (problem->is_warning);
  g_assert_cmpuint (problems->len, ==, 1);
  g_ptr_array_set_size (problems, 0);

  info->arches[SLIPWAY_ARCH_AARCH64] = TRUE;
  _slipway_host_info_check_arch (info, spec, problems);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = find_problem (problems, "arch");
  g_assert_cmpstr (problem->group, ==, "worker");
  g_assert_true (problem->is_warning);
  g_ptr_array_set_size (problems, 0);

  /* The x86 image under the ARM workers: refused, in [worker]. */
  g_clear_pointer (&spec->roles[SLIPWAY_ROLE_WORKER].image, g_free);
  _slipway_host_info_check_arch (info, spec, problems);
  problem = find_problem (problems, "image");
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->group, ==, "worker");
  g_assert_false (problem->is_warning);
  g_ptr_array_set_size (problems, 0);

  /* The cluster's arch is checked for the roles that take it, and a role's
   * own for that role: each problem in its own group. */
  info->arches[SLIPWAY_ARCH_AARCH64] = FALSE;
  spec->arch = SLIPWAY_ARCH_AARCH64;
  spec->roles[SLIPWAY_ROLE_GATEWAY].arch = SLIPWAY_ARCH_AARCH64;
  _slipway_host_info_check_arch (info, spec, problems);
  {
    guint in_cluster = 0, in_gateway = 0, in_worker = 0;

    for (guint i = 0; i < problems->len; i++)
      {
        const SlipwayProblem *p = g_ptr_array_index (problems, i);

        if (g_strcmp0 (p->key, "arch") != 0)
          continue;
        g_assert_false (p->is_warning);
        in_cluster += g_strcmp0 (p->group, "cluster") == 0;
        in_gateway += g_strcmp0 (p->group, "gateway") == 0;
        in_worker += g_strcmp0 (p->group, "worker") == 0;
      }
    g_assert_cmpuint (in_cluster, ==, 1);
    g_assert_cmpuint (in_gateway, ==, 1);
    g_assert_cmpuint (in_worker, ==, 1);
  }
  g_ptr_array_set_size (problems, 0);
  info->arches[SLIPWAY_ARCH_AARCH64] = TRUE;
  spec->arch = SLIPWAY_ARCH_DEFAULT;
  spec->roles[SLIPWAY_ROLE_GATEWAY].arch = SLIPWAY_ARCH_DEFAULT;

  /* Every role with an image of its own: the cluster needs none. */
  g_clear_pointer (&spec->image, g_free);
  slipway_spec_validate (spec, problems);
  g_assert_nonnull (find_problem (problems, "image"));
  g_ptr_array_set_size (problems, 0);
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    spec->roles[r].image = g_strdup ("/i/base.qcow2");
  slipway_spec_validate (spec, problems);
  g_assert_null (find_problem (problems, "image"));
  g_ptr_array_set_size (problems, 0);

  /* A relative path in a role is the file's folder's, as the cluster's. */
  dir = g_dir_make_tmp (NULL, &error);
  g_assert_no_error (error);

  /* An unused cluster image is not looked at: every role has its own. */
  {
    g_autofree char *own = g_build_filename (dir, "own.img", NULL);
    g_autofree char *contents = g_malloc0 (1024);

    contents[510] = 0x55;
    contents[511] = (char)0xaa;
    g_assert_true (g_file_set_contents (own, contents, 1024, NULL));
    spec->image = g_strdup ("/nonexistent/unused.qcow2");
    for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
      {
        g_free (spec->roles[r].image);
        spec->roles[r].image = g_strdup (own);
      }
    g_assert_false (slipway_spec_uses_cluster_image (spec));
    slipway_host_info_check_spec (info, spec, problems);
    for (guint i = 0; i < problems->len; i++)
      {
        const SlipwayProblem *p = g_ptr_array_index (problems, i);

        g_test_message ("%s %s: %s", p->group, p->key, p->message);
        g_assert_false (g_strcmp0 (p->group, "cluster") == 0 && g_strcmp0 (p->key, "image") == 0);
        g_assert_null (strstr (p->message, "unused.qcow2"));
      }
    g_ptr_array_set_size (problems, 0);
    /* Once a role takes it, it is checked, in [cluster]. */
    g_clear_pointer (&spec->roles[SLIPWAY_ROLE_CONTROL].image, g_free);
    g_assert_true (slipway_spec_uses_cluster_image (spec));
    slipway_host_info_check_spec (info, spec, problems);
    problem = find_problem (problems, "image");
    g_assert_nonnull (problem);
    g_assert_cmpstr (problem->group, ==, "cluster");
    g_assert_nonnull (strstr (problem->message, "unused.qcow2"));
    g_ptr_array_set_size (problems, 0);
    g_unlink (own);
  }
  file = g_build_filename (dir, "mixed.ini", NULL);
  g_assert_true (g_file_set_contents (file, "[cluster]\nname=mixed\nimage=x86.qcow2\n"
                                            "[worker]\nimage=arm/arm64.qcow2\n", -1, NULL));
  g_clear_pointer (&again, slipway_spec_free);
  again = slipway_spec_new_from_file (file, problems, &error);
  g_assert_no_error (error);
  {
    g_autofree char *x86 = g_build_filename (dir, "x86.qcow2", NULL);
    g_autofree char *arm = g_build_filename (dir, "arm", "arm64.qcow2", NULL);

    g_assert_cmpstr (again->image, ==, x86);
    g_assert_cmpstr (again->roles[SLIPWAY_ROLE_WORKER].image, ==, arm);
    g_assert_null (again->roles[SLIPWAY_ROLE_CONTROL].image);
  }
  g_unlink (file);
  g_rmdir (dir);

  /* A role's own image of another distribution: its login user is not the
   * cluster's, which every node has; a warning, from the name alone. */
  g_clear_pointer (&again, slipway_spec_free);
  again = slipway_spec_new_default ("mixed");
  again->image = g_strdup ("/i/debian-12-genericcloud-amd64.qcow2");
  again->roles[SLIPWAY_ROLE_GATEWAY].image = g_strdup ("/i/ubuntu-22.04-server-cloudimg-amd64.img");
  again->roles[SLIPWAY_ROLE_WORKER].image = g_strdup ("/i/debian-12-genericcloud-arm64.qcow2");
  g_ptr_array_set_size (problems, 0);
  _slipway_host_info_check_spec_full (info, again, FALSE, problems);
  {
    guint n_users = 0;

    for (guint i = 0; i < problems->len; i++)
      {
        const SlipwayProblem *p = g_ptr_array_index (problems, i);

        if (strstr (p->message, "login user") == NULL)
          continue;
        g_test_message ("%s: %s", p->group, p->message);
        g_assert_cmpstr (p->group, ==, "gateway");
        g_assert_true (p->is_warning);
        g_assert_nonnull (strstr (p->message, "“ubuntu”"));
        n_users++;
      }
    g_assert_cmpuint (n_users, ==, 1);
  }
  g_ptr_array_set_size (problems, 0);

  /* A role's architecture is read as the cluster's. */
  g_clear_pointer (&again, slipway_spec_free);
  again = slipway_spec_new_from_data ("[cluster]\nname=m\n[control]\narch=sparc\n", -1, problems);
  g_assert_nonnull (again);
  problem = find_problem (problems, "arch");
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->group, ==, "control");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slipway/xml/arch/domain-aarch64", test_domain_aarch64);
  g_test_add_func ("/slipway/xml/arch/domain-x86-unchanged", test_domain_x86_unchanged);
  g_test_add_func ("/slipway/xml/arch/host-without-aarch64", test_host_without_aarch64);
  g_test_add_func ("/slipway/xml/arch/host-check", test_host_check);
  g_test_add_func ("/slipway/xml/arch/image-guess", test_image_guess_arch);
  g_test_add_func ("/slipway/xml/arch/spec", test_spec_arch);
  g_test_add_func ("/slipway/xml/arch/spec-per-role", test_spec_per_role);

  return g_test_run ();
}
