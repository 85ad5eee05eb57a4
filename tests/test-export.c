/* test-export.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "slipway.h"
#include "slipway-test-utils.h"

/* The exports are read by other programs: their text is checked whole.
 * G_TEST_OPTION_ISOLATE_DIRS makes the cluster's paths predictable. */

static void
test_hosts (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 1, 1, 2);
  g_autofree char *text = slipway_export_hosts (topology);

  g_assert_cmpstr (text, ==,
                   "# Slipway cluster lab (10.77.3.0/24)\n"
                   "10.77.3.10\tgateway.lab.test gateway\n"
                   "10.77.3.11\tcontrol0.lab.test control0\n"
                   "10.77.3.12\tworker0.lab.test worker0\n"
                   "10.77.3.13\tworker1.lab.test worker1\n"
                   "10.77.3.10\tkubernetes.lab.test kubernetes\n");
}

static void
test_hosts_no_gateway (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 0, 1, 2);
  g_autofree char *text = slipway_export_hosts (topology);

  /* The API name goes to the first control-plane node. */
  g_assert_true (g_str_has_suffix (text, "10.77.3.10\tkubernetes.lab.test kubernetes\n"));
  g_assert_nonnull (strstr (text, "10.77.3.10\tcontrol0.lab.test control0\n"));
}

static void
test_ansible (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 1, 1, 2);
  g_autofree char *identity = slipway_cluster_identity_file ("lab");
  g_autofree char *known = slipway_cluster_known_hosts ("lab");
  g_autofree char *text = slipway_export_ansible (topology, "ubuntu");
  g_autofree char *expected = NULL;

  expected = g_strdup_printf ("# Ansible inventory of Slipway cluster lab.\n"
                              "# Host keys are checked against the keys Slipway pinned.\n"
                              "\n[gateway]\n"
                              "gateway ansible_host=10.77.3.10\n"
                              "\n[control]\n"
                              "control0 ansible_host=10.77.3.11\n"
                              "\n[worker]\n"
                              "worker0 ansible_host=10.77.3.12\n"
                              "worker1 ansible_host=10.77.3.13\n"
                              "\n[nodes:children]\ncontrol\nworker\n"
                              "\n[all:vars]\n"
                              "ansible_user=ubuntu\n"
                              "ansible_ssh_private_key_file=%s\n"
                              "ansible_ssh_common_args=-o IdentitiesOnly=yes "
                              "-o StrictHostKeyChecking=yes -o UserKnownHostsFile='%s' "
                              "-o GlobalKnownHostsFile=/dev/null -o HostKeyAlgorithms=ssh-ed25519\n",
                              identity, known);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_ssh_config (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 1, 1, 2);
  g_autofree char *identity = slipway_cluster_identity_file ("lab");
  g_autofree char *known = slipway_cluster_known_hosts ("lab");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = slipway_export_ssh_config (topology, "debian", &error);
  g_autofree char *rendered = NULL;

  g_assert_no_error (error);
  /* The very file Slipway writes next to the key and known_hosts. */
  rendered = slipway_keys_render_ssh_config (topology, "debian", identity, known, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, rendered);
  g_assert_nonnull (strstr (text, "Host worker1 worker1.lab.test 10.77.3.13\n"));
  g_assert_nonnull (strstr (text, "/slipway/clusters/lab/id_ed25519"));
  g_assert_nonnull (strstr (text, "  User debian\n"));
}

static void
test_format_names (void)
{
  static const char * const names[] = { "ssh-config", "ansible", "hosts" };
  SlipwayExportFormat format;

  /* The command line's names; the enum's nicks are the same. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (SLIPWAY_TYPE_EXPORT_FORMAT);

      g_assert_true (slipway_export_format_from_string (names[i], &format));
      g_assert_cmpint (format, ==, i);
      g_assert_cmpstr (slipway_export_format_to_string (format), ==, names[i]);
      g_assert_cmpstr (g_enum_get_value (klass, format)->value_nick, ==, names[i]);
    }
  g_assert_false (slipway_export_format_from_string ("yaml", &format));
  g_assert_false (slipway_export_format_from_string ("ssh_config", NULL));
}

static void
test_render (void)
{
  g_autoptr(SlipwayTopology) topology = slipway_test_make_topology ("lab", "10.77.3.0/24", 1, 1, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *hosts = slipway_export_hosts (topology);
  g_autofree char *ansible = slipway_export_ansible (topology, "debian");
  g_autofree char *ssh_config = slipway_export_ssh_config (topology, "debian", &error);
  g_autofree char *r_hosts = slipway_export_render (topology, "debian", SLIPWAY_EXPORT_FORMAT_HOSTS, &error);
  g_autofree char *r_ansible = slipway_export_render (topology, "debian", SLIPWAY_EXPORT_FORMAT_ANSIBLE, &error);
  g_autofree char *r_ssh_config = slipway_export_render (topology, "debian", SLIPWAY_EXPORT_FORMAT_SSH_CONFIG, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (r_hosts, ==, hosts);
  g_assert_cmpstr (r_ansible, ==, ansible);
  g_assert_cmpstr (r_ssh_config, ==, ssh_config);
}

static char *
export_cluster (SlipwayCluster      *cluster,
                SlipwayExportFormat  format,
                GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  slipway_cluster_export_async (cluster, format, NULL, slipway_test_store_result_cb, &result);
  return slipway_cluster_export_finish (cluster, slipway_test_wait_result (&result), error);
}

/* The entry point of slipwayctl export and of the window's Export: the
 * text of the cluster's topology, and the trust files it names exist. */
static void
test_cluster_export (void)
{
  g_autofree char *image = slipway_test_make_disk_image ();
  g_autoptr(SlipwaySpec) spec = slipway_test_small_spec ("exported", image);
  SlipwayConnection *connection = slipway_test_open_connection (SLIPWAY_TEST_URI);
  SlipwayCluster *cluster = slipway_test_create_cluster (connection, spec);
  const SlipwayTopology *topology = slipway_cluster_get_topology (cluster);
  g_autofree char *config = slipway_cluster_ssh_config ("exported");
  g_autofree char *known = slipway_cluster_known_hosts ("exported");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (topology);
  g_assert_cmpint (g_unlink (config), ==, 0);
  g_assert_cmpint (g_unlink (known), ==, 0);

  /* /etc/hosts lines name no file: none is written for them. */
  {
    g_autofree char *text = export_cluster (cluster, SLIPWAY_EXPORT_FORMAT_HOSTS, &error);
    g_autofree char *expected = slipway_export_hosts (topology);

    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, expected);
    g_assert_false (g_file_test (config, G_FILE_TEST_EXISTS));
  }

  for (SlipwayExportFormat format = SLIPWAY_EXPORT_FORMAT_SSH_CONFIG;
       format <= SLIPWAY_EXPORT_FORMAT_ANSIBLE;
       format++)
    {
      g_autofree char *text = export_cluster (cluster, format, &error);
      g_autofree char *expected = slipway_export_render (topology, spec->user, format, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, expected);
      g_assert_true (g_file_test (config, G_FILE_TEST_EXISTS));
      g_assert_true (g_file_test (known, G_FILE_TEST_EXISTS));
    }

  /* The exported ssh_config is the one written next to the key. */
  {
    g_autofree char *text = export_cluster (cluster, SLIPWAY_EXPORT_FORMAT_SSH_CONFIG, &error);
    g_autofree char *written = NULL;

    g_assert_true (g_file_get_contents (config, &written, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, written);
  }

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_KEYS);
  slipway_test_close_connection (connection);
  g_unlink (image);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  slipway_test_keep_alive ();

  g_test_add_func ("/slipway/export/hosts", test_hosts);
  g_test_add_func ("/slipway/export/hosts-no-gateway", test_hosts_no_gateway);
  g_test_add_func ("/slipway/export/ansible", test_ansible);
  g_test_add_func ("/slipway/export/ssh-config", test_ssh_config);
  g_test_add_func ("/slipway/export/format-names", test_format_names);
  g_test_add_func ("/slipway/export/render", test_render);
  g_test_add_func ("/slipway/export/cluster-export", test_cluster_export);

  ret = g_test_run ();
  slipway_test_keep_alive_close ();

  return ret;
}
