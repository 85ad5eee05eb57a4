/* test-load-balancer.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "slipway.h"
#include "slipway-test-utils.h"

/*
 * The API load balancer: the cluster file's choice, the plan's address for
 * "kubernetes", and what the nodes' cloud-init gets, checked by the real
 * consumers: `cloud-init schema`, `haproxy -c`, `keepalived -t`, `sh -n`.
 */

/* Reads the rendered user-data back with PyYAML and prints, per line, the
 * paths of write_files, the packages and the runcmd commands. */
static const char summary_script[] =
  "import sys, yaml\n"
  "data = yaml.safe_load(open(sys.argv[1]))\n"
  "for f in data.get('write_files', []):\n"
  "    print('file', f['path'], f['permissions'])\n"
  "for p in data.get('packages', []):\n"
  "    print('package', p)\n"
  "for c in data.get('runcmd', []):\n"
  "    print('run', ' '.join(c))\n";

/* haproxy and keepalived live in /usr/sbin, not always in PATH. */
static char *
require_sbin (const char *program)
{
  g_autofree char *sbin = g_build_filename ("/usr/sbin", program, NULL);

  if (g_file_test (sbin, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&sbin);

  return slipway_test_require_program (program, program);
}

static SlipwaySpec *
make_spec (SlipwayLoadBalancer lb,
           guint               controls,
           SlipwayNetworkMode  network)
{
  SlipwaySpec *spec = slipway_spec_new_default ("lab");

  g_free (spec->subnet);
  spec->subnet = g_strdup ("10.77.3.0/24");
  spec->image = g_strdup ("/var/lib/slipway/images/debian.qcow2");
  spec->network = network;
  spec->load_balancer = lb;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = controls;
  return spec;
}

static char *
summarize (const char *user_data)
{
  g_autofree char *python = slipway_test_require_program ("python3", "python3-yaml");
  g_autofree char *path = slipway_test_write_temp ("user-data", user_data);
  const char *argv[] = { python, "-c", summary_script, path, NULL };
  SlipwayTestRun result;
  char *out;

  if (!slipway_test_run (argv, &result))
    g_test_fail_printf ("user-data does not read back: %s", result.err);
  out = g_steal_pointer (&result.out);
  slipway_test_run_clear (&result);
  g_unlink (path);
  return out;
}

static void
assert_contains (const char *text,
                 const char *needle,
                 gboolean    want)
{
  if ((strstr (text, needle) != NULL) != want)
    g_test_fail_printf ("“%s” %s in:\n%s", needle, want ? "missing" : "unexpected", text);
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Every kind of node (gateway, control0, the first worker; the others
 * differ only in names) of every choice × 1 and 3 control nodes, and the
 * gateway also on an isolated network: cloud-init's schema accepts the
 * user-data, and the right node gets the right files. */
static void
test_user_data_schema (void)
{
  for (SlipwayLoadBalancer lb = SLIPWAY_LOAD_BALANCER_HAPROXY; lb <= SLIPWAY_LOAD_BALANCER_NONE; lb++)
    for (guint controls = 1; controls <= 3; controls += 2)
      for (SlipwayNetworkMode net = SLIPWAY_NETWORK_NAT; net <= SLIPWAY_NETWORK_ISOLATED; net++)
        {
          g_autoptr(SlipwaySpec) spec = make_spec (lb, controls, net);
          g_autoptr(SlipwayPlan) plan = slipway_plan_new (spec, NULL);
          const SlipwayTopology *topology = slipway_plan_get_topology (plan);

          g_assert_nonnull (topology);
          g_test_message ("%s, %u control, %s", slipway_load_balancer_to_string (lb), controls,
                          slipway_network_mode_to_string (net));

          for (guint i = 0; i < topology->nodes->len; i++)
            {
              const SlipwayNodeInfo *node = slipway_topology_get_node (topology, i);
              g_autofree char *text = slipway_plan_dup_user_data (plan, node->name, NULL);
              g_autofree char *output = NULL;
              g_autofree char *summary = NULL;
              gboolean gateway = node->role == SLIPWAY_ROLE_GATEWAY;
              gboolean control = node->role == SLIPWAY_ROLE_CONTROL;
              gboolean nat = net == SLIPWAY_NETWORK_NAT;

              /* cloud-init takes a second a file: one node of each kind. */
              if (node->role_index > 0 || (!nat && !gateway))
                continue;
              g_assert_nonnull (text);
              if (!slipway_test_cloud_init_schema_accepts (text, &output))
                g_test_fail_printf ("cloud-init schema rejected %s:\n%s\n--- file:\n%s",
                                    node->name, output, text);

              summary = summarize (text);
              switch (lb)
                {
                case SLIPWAY_LOAD_BALANCER_HAPROXY:
                  assert_contains (summary, "file /etc/haproxy/haproxy.cfg 0644", gateway);
                  assert_contains (summary, "package haproxy", gateway && nat);
                  assert_contains (summary, "file /usr/local/sbin/slipway-lb 0755", gateway);
                  break;

                case SLIPWAY_LOAD_BALANCER_IPVS:
                  assert_contains (summary, "file /etc/keepalived/keepalived.conf 0644", gateway);
                  assert_contains (summary, "package ipvsadm", gateway && nat);
                  assert_contains (summary, "file /etc/sysctl.d/60-slipway-lb.conf 0644", control);
                  assert_contains (summary, "file /usr/local/sbin/slipway-lb 0755", gateway || control);
                  break;

                case SLIPWAY_LOAD_BALANCER_NONE:
                default:
                  assert_contains (summary, "slipway-lb", FALSE);
                  assert_contains (summary, "package", FALSE);
                  break;
                }
              assert_contains (summary, "run systemctl --no-reload enable --now slipway-lb.service",
                               strstr (summary, "slipway-lb 0755") != NULL);
            }
        }
}

/* The balancer's own checkers accept what Slipway writes. */
static void
test_configs_check (void)
{
  g_autofree char *haproxy = require_sbin ("haproxy");
  g_autofree char *keepalived = require_sbin ("keepalived");

  for (guint controls = 1; controls <= 3; controls += 2)
    {
      g_autoptr(SlipwaySpec) spec = make_spec (SLIPWAY_LOAD_BALANCER_IPVS, controls,
                                               SLIPWAY_NETWORK_NAT);
      g_autoptr(SlipwayPlan) plan = slipway_plan_new (spec, NULL);
      const SlipwayTopology *topology = slipway_plan_get_topology (plan);
      g_autofree char *cfg = slipway_lb_haproxy_cfg (topology);
      g_autofree char *conf = slipway_lb_keepalived_conf (topology);
      g_autofree char *cfg_path = slipway_test_write_temp ("haproxy.cfg", cfg);
      g_autofree char *conf_path = slipway_test_write_temp ("keepalived.conf", conf);
      g_autofree char *server = g_strdup_printf ("server control%u 10.77.3.%u:6443",
                                                 controls - 1, 10 + controls);
      const char *haproxy_argv[] = { haproxy, "-c", "-f", cfg_path, NULL };
      const char *keepalived_argv[] = { keepalived, "-t", "-f", conf_path, NULL };
      SlipwayTestRun result;

      if (haproxy != NULL && !slipway_test_run (haproxy_argv, &result))
        g_test_fail_printf ("haproxy -c refused:\n%s%s\n--- file:\n%s", result.out, result.err, cfg);
      if (haproxy != NULL)
        slipway_test_run_clear (&result);

      if (keepalived != NULL && !slipway_test_run (keepalived_argv, &result))
        g_test_fail_printf ("keepalived -t refused (exit %d):\n%s%s\n--- file:\n%s",
                            result.status, result.out, result.err, conf);
      if (keepalived != NULL)
        slipway_test_run_clear (&result);

      /* Every control node is a backend, and only they are. */
      g_assert_nonnull (strstr (cfg, server));
      g_assert_null (strstr (cfg, "gateway"));
      g_assert_nonnull (strstr (conf, "virtual_server 10.77.3.9 6443"));
      g_assert_nonnull (strstr (conf, "lb_kind DR"));
      g_assert_cmpuint (count (conf, "real_server "), ==, controls);
      g_assert_cmpuint (count (cfg, "  server "), ==, controls);
      g_unlink (cfg_path);
      g_unlink (conf_path);
    }
}

/* The node's script is valid sh, and says where it is. */
static void
test_script_syntax (void)
{
  g_autoptr(SlipwaySpec) spec = make_spec (SLIPWAY_LOAD_BALANCER_IPVS, 3, SLIPWAY_NETWORK_ISOLATED);
  g_autoptr(SlipwayPlan) plan = slipway_plan_new (spec, NULL);
  const SlipwayTopology *topology = slipway_plan_get_topology (plan);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SlipwayLbSeed) seed = slipway_lb_seed_new (topology, SLIPWAY_NETWORK_ISOLATED,
                                                           slipway_topology_get_node (topology, i));
      gboolean found = FALSE;

      for (guint f = 0; f < seed->files->len; f++)
        {
          const SlipwayCloudFile *file = &g_array_index (seed->files, SlipwayCloudFile, f);
          g_autofree char *path = NULL;
          SlipwayTestRun result;

          if (!g_str_equal (file->path, "/usr/local/sbin/slipway-lb"))
            continue;
          found = TRUE;
          g_assert_nonnull (strstr (file->content, "VIP=10.77.3.9\n"));
          g_assert_nonnull (strstr (file->content, i == 0 ? "ROLE=gateway\n" : "ROLE=control\n"));
          path = slipway_test_write_temp ("slipway-lb", file->content);
          {
            const char *argv[] = { "sh", "-n", path, NULL };

            if (!slipway_test_run (argv, &result))
              g_test_fail_printf ("sh -n refused the script: %s", result.err);
          }
          slipway_test_run_clear (&result);
          g_unlink (path);
        }
      g_assert_true (found);
      g_assert_null (seed->packages[0]);   /* isolated: nothing to install */
    }
}

/* The file's key: read, written back, refused when wrong, and "none"
 * without a gateway. */
static void
test_spec_key (void)
{
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwaySpec) again = NULL;
  g_autoptr(SlipwaySpec) bad = NULL;
  g_autoptr(SlipwaySpec) defaults = slipway_spec_new_default ("lab");
  g_autofree char *data = NULL;

  g_assert_cmpint (slipway_spec_get_load_balancer (defaults), ==, SLIPWAY_LOAD_BALANCER_HAPROXY);

  spec = slipway_spec_new_from_data ("[cluster]\nname=lab\nimage=/x.qcow2\nload-balancer=IPVS\n",
                                     -1, problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (slipway_spec_get_load_balancer (spec), ==, SLIPWAY_LOAD_BALANCER_IPVS);
  data = slipway_spec_to_data (spec, TRUE);
  g_assert_nonnull (strstr (data, "\nload-balancer=ipvs\n"));
  again = slipway_spec_new_from_data (data, -1, problems);
  g_assert_true (slipway_spec_equal (spec, again));

  bad = slipway_spec_new_from_data ("[cluster]\nname=lab\nload-balancer=nginx\n", -1, problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (((SlipwayProblem *)g_ptr_array_index (problems, 0))->message, "haproxy"));

  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 0;
  g_assert_cmpint (slipway_spec_get_load_balancer (spec), ==, SLIPWAY_LOAD_BALANCER_NONE);
  g_clear_pointer (&data, g_free);
  data = slipway_spec_to_data (spec, FALSE);
  g_assert_nonnull (strstr (data, "\nload-balancer=none\n"));
}

/* "kubernetes" names the gateway, or in IPVS mode an address of its own. */
static void
test_api_address (void)
{
  const struct { SlipwayLoadBalancer lb; guint gateways; const char *api; const char *endpoint; } cases[] = {
    { SLIPWAY_LOAD_BALANCER_HAPROXY, 1, "10.77.3.10", "kubernetes.lab.test:6443" },
    { SLIPWAY_LOAD_BALANCER_IPVS, 1, "10.77.3.9", "kubernetes.lab.test:6443" },
    { SLIPWAY_LOAD_BALANCER_NONE, 1, "10.77.3.10", NULL },
    { SLIPWAY_LOAD_BALANCER_IPVS, 0, "10.77.3.10", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SlipwaySpec) spec = make_spec (cases[i].lb, 3, SLIPWAY_NETWORK_NAT);
      g_autoptr(SlipwayTopology) topology = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *endpoint = NULL;
      g_autofree char *xml = NULL;

      spec->roles[SLIPWAY_ROLE_GATEWAY].count = cases[i].gateways;
      topology = slipway_topology_new (spec, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (topology->api_ipv4, ==, cases[i].api);
      endpoint = slipway_lb_dup_endpoint (topology);
      g_assert_cmpstr (endpoint, ==, cases[i].endpoint);
    }
}

/* What the gateway says, and what people read of it. */
static void
test_status_parse (void)
{
  SlipwayLbStatus status;
  g_autoptr(GError) error = NULL;
  g_autofree char *running = NULL;
  g_autofree char *missing = NULL;

  g_assert_true (slipway_lb_status_parse ("mode=haproxy\nstate=running\nup=2\n", 3, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.state, ==, SLIPWAY_LB_STATE_RUNNING);
  g_assert_cmpuint (status.backends_up, ==, 2);
  running = slipway_lb_status_describe (&status, SLIPWAY_LOAD_BALANCER_HAPROXY, SLIPWAY_NETWORK_NAT);
  g_assert_cmpstr (running, ==, "haproxy: 2 of 3 backends up");
  slipway_lb_status_clear (&status);

  g_assert_true (slipway_lb_status_parse ("mode=haproxy\nstate=missing\nmissing=haproxy\n", 3,
                                          &status, &error));
  missing = slipway_lb_status_describe (&status, SLIPWAY_LOAD_BALANCER_HAPROXY,
                                        SLIPWAY_NETWORK_ISOLATED);
  g_assert_true (g_str_has_prefix (missing, "load balancer not installed: haproxy missing from "
                                            "the image and no internet on an isolated network"));
  slipway_lb_status_clear (&status);

  g_assert_false (slipway_lb_status_parse ("state=absent\n", 3, &status, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND);
  slipway_lb_status_clear (&status);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/load-balancer/user-data-schema", test_user_data_schema);
  g_test_add_func ("/load-balancer/configs-check", test_configs_check);
  g_test_add_func ("/load-balancer/script-syntax", test_script_syntax);
  g_test_add_func ("/load-balancer/spec-key", test_spec_key);
  g_test_add_func ("/load-balancer/api-address", test_api_address);
  g_test_add_func ("/load-balancer/status-parse", test_status_parse);

  return g_test_run ();
}
