/* slipway-load-balancer.c — the Kubernetes API balancer on the gateway
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-load-balancer.h"

/*
 * Everything the balancer needs reaches the node through its cloud-init:
 * the balancer's configuration, a small script that sets the node up at
 * every boot (slipway-lb.service) and reports the balancer's state, and,
 * when the nodes reach the internet, the packages. Nothing is typed into a
 * guest. Only derived values (addresses, node names) go into the files; no
 * file holds a string from the cluster file.
 *
 * haproxy: HAProxy on every gateway, TCP mode, round robin over port 6443 of
 * every control node, a health check each second. "kubernetes" is gateway0.
 *
 * ipvs: the way of "Kubernetes the harder way": a virtual address of its own
 * on gateway0, where keepalived keeps an IPVS virtual server with direct
 * routing and health checks; every control node holds the address on its
 * loopback and does not answer ARP for it (arp_ignore=1, arp_announce=2).
 */

#define LB_SCRIPT   "/usr/local/sbin/slipway-lb"
#define LB_UNIT     "/etc/systemd/system/slipway-lb.service"
#define LB_SYSCTL   "/etc/sysctl.d/60-slipway-lb.conf"
#define HAPROXY_CFG "/etc/haproxy/haproxy.cfg"
#define KEEPALIVED_CONF "/etc/keepalived/keepalived.conf"
#define BACKEND     "kube-apiservers"

/* The body of slipway-lb, after its MODE/ROLE/VIP lines. A fixed text. */
static const char lb_script_body[] =
  "\n"
  "# The programs the balancer of this node needs and the node lacks.\n"
  "missing_programs () {\n"
  "  if [ \"$ROLE\" != gateway ]; then return; fi\n"
  "  if [ \"$MODE\" = haproxy ]; then set -- haproxy; else set -- keepalived ipvsadm; fi\n"
  "  missing=\n"
  "  for program in \"$@\"; do\n"
  "    command -v \"$program\" >/dev/null 2>&1 || missing=\"$missing $program\"\n"
  "  done\n"
  "  echo $missing\n"
  "}\n"
  "\n"
  "# How many backends the balancer sends connections to now.\n"
  "backends_up () {\n"
  "  if [ \"$MODE\" = ipvs ]; then\n"
  "    ipvsadm -Ln -t \"$VIP:$PORT\" 2>/dev/null | grep -c -- '-> [0-9]'\n"
  "    return\n"
  "  fi\n"
  "  python3 - <<'EOF'\n"
  "import socket\n"
  "s = socket.socket(socket.AF_UNIX)\n"
  "s.settimeout(5)\n"
  "s.connect('/run/haproxy/admin.sock')\n"
  "s.sendall(b'show stat\\n')\n"
  "data = b''\n"
  "while True:\n"
  "    chunk = s.recv(65536)\n"
  "    if not chunk:\n"
  "        break\n"
  "    data += chunk\n"
  "up = 0\n"
  "for line in data.decode(errors='replace').splitlines():\n"
  "    f = line.split(',')\n"
  "    if len(f) > 17 and f[0] == '" BACKEND "' and f[1] not in ('FRONTEND', 'BACKEND') and f[17].startswith('UP'):\n"
  "        up += 1\n"
  "print(up)\n"
  "EOF\n"
  "}\n"
  "\n"
  "# Enables and starts a service, doing nothing it need not: the seed wrote its\n"
  "# configuration before it first started, so it runs with it already; an\n"
  "# enable with a reload (and Debian's update-rc.d for the init script) costs a\n"
  "# booting guest seconds of CPU.\n"
  "enable_and_start () {\n"
  "  systemctl is-enabled --quiet \"$1\" || systemctl --no-reload enable \"$1\"\n"
  "  systemctl start \"$1\"\n"
  "}\n"
  "\n"
  "case \"${1:-}\" in\n"
  "  setup)\n"
  "    missing=$(missing_programs)\n"
  "    if [ -n \"$missing\" ]; then\n"
  "      echo \"slipway-lb: the load balancer is not installed: $missing missing\" >&2\n"
  "      exit 0\n"
  "    fi\n"
  "    case \"$MODE/$ROLE\" in\n"
  "      haproxy/gateway)\n"
  "        enable_and_start haproxy\n"
  "        ;;\n"
  "      ipvs/gateway)\n"
  "        modprobe ip_vs\n"
  "        dev=$(ip -o -4 addr show scope global | awk '{ print $2; exit }')\n"
  "        ip addr replace \"$VIP/32\" dev \"$dev\"\n"
  "        enable_and_start keepalived\n"
  "        ;;\n"
  "      ipvs/control)\n"
  "        sysctl -q -p " LB_SYSCTL "\n"
  "        ip addr replace \"$VIP/32\" dev lo\n"
  "        ;;\n"
  "    esac\n"
  "    ;;\n"
  "  status)\n"
  "    missing=$(missing_programs)\n"
  "    echo \"mode=$MODE\"\n"
  "    if [ -n \"$missing\" ]; then\n"
  "      echo state=missing\n"
  "      echo \"missing=$missing\"\n"
  "    elif ! systemctl is-active --quiet \"$SERVICE\"; then\n"
  "      echo state=stopped\n"
  "    else\n"
  "      echo state=running\n"
  "      echo \"up=$(backends_up)\"\n"
  "    fi\n"
  "    ;;\n"
  "  *)\n"
  "    echo \"usage: $0 setup|status\" >&2\n"
  "    exit 2\n"
  "    ;;\n"
  "esac\n";

static const char lb_unit[] =
  "# The Kubernetes API load balancer of this node, from Slipway.\n"
  "[Unit]\n"
  "Description=Slipway: Kubernetes API load balancer setup\n"
  "Wants=network-online.target\n"
  "After=network-online.target\n"
  "\n"
  "[Service]\n"
  "Type=oneshot\n"
  "RemainAfterExit=yes\n"
  "ExecStart=" LB_SCRIPT " setup\n"
  "\n"
  "[Install]\n"
  "WantedBy=multi-user.target\n";

/* Only this node's balancer answers ARP for the virtual address. */
static const char lb_sysctl[] =
  "# Slipway, IPVS direct routing: the Kubernetes API address is on lo, and\n"
  "# only the gateway may answer ARP for it.\n"
  "net.ipv4.conf.all.arp_ignore = 1\n"
  "net.ipv4.conf.all.arp_announce = 2\n";

/**
 * slipway_lb_get_node:
 * @topology: a topology
 *
 * Returns: (nullable): the node whose balancer "kubernetes" names: the
 *   first gateway, or %NULL when the cluster has no balancer
 */
const SlipwayNodeInfo *
slipway_lb_get_node (const SlipwayTopology *topology)
{
  g_return_val_if_fail (topology != NULL, NULL);

  if (topology->load_balancer == SLIPWAY_LOAD_BALANCER_NONE || topology->nodes->len == 0)
    return NULL;

  return slipway_topology_get_node (topology, 0);
}

/**
 * slipway_lb_dup_endpoint:
 * @topology: a topology
 *
 * Returns: (transfer full) (nullable): "kubernetes.DOMAIN:6443", or %NULL
 *   when the cluster has no balancer
 */
char *
slipway_lb_dup_endpoint (const SlipwayTopology *topology)
{
  g_return_val_if_fail (topology != NULL, NULL);

  if (slipway_lb_get_node (topology) == NULL)
    return NULL;

  return g_strdup_printf ("kubernetes.%s:%u", topology->domain, SLIPWAY_API_PORT);
}

/**
 * slipway_lb_count_backends:
 * @topology: a topology
 *
 * Returns: how many nodes the balancer sends the API's connections to:
 *   every control node
 */
guint
slipway_lb_count_backends (const SlipwayTopology *topology)
{
  guint n = 0;

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      if (slipway_topology_get_node (topology, i)->role == SLIPWAY_ROLE_CONTROL)
        n++;
    }

  return n;
}

/**
 * slipway_lb_haproxy_cfg:
 * @topology: a topology
 *
 * HAProxy's configuration for the gateways: TCP on port 6443, round robin
 * over every control node, a check each second, down after 2 failures.
 *
 * Returns: (transfer full): the text of haproxy.cfg
 */
char *
slipway_lb_haproxy_cfg (const SlipwayTopology *topology)
{
  GString *out;

  g_return_val_if_fail (topology != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "# The Kubernetes API of the cluster %s, balanced by HAProxy.\n"
                          "# Written by Slipway through cloud-init.\n"
                          "global\n"
                          "  log /dev/log local0\n"
                          "  stats socket /run/haproxy/admin.sock mode 660 level admin\n"
                          "  user haproxy\n"
                          "  group haproxy\n"
                          "\n"
                          "defaults\n"
                          "  log global\n"
                          "  mode tcp\n"
                          "  option tcplog\n"
                          "  timeout connect 5s\n"
                          "  timeout client 1h\n"
                          "  timeout server 1h\n"
                          "\n"
                          "frontend kubernetes\n"
                          "  bind :%u\n"
                          "  default_backend " BACKEND "\n"
                          "\n"
                          "backend " BACKEND "\n"
                          "  balance roundrobin\n"
                          "  default-server check inter 1s fall 2 rise 2\n",
                          topology->cluster, SLIPWAY_API_PORT);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = slipway_topology_get_node (topology, i);

      if (node->role == SLIPWAY_ROLE_CONTROL)
        g_string_append_printf (out, "  server %s %s:%u\n",
                                node->name, node->ipv4, SLIPWAY_API_PORT);
    }

  return g_string_free (out, FALSE);
}

/**
 * slipway_lb_keepalived_conf:
 * @topology: a topology in IPVS mode
 *
 * keepalived's configuration for gateway0: an IPVS virtual server on the
 * cluster's API address, direct routing, round robin, a TCP check of every
 * control node each second.
 *
 * Returns: (transfer full): the text of keepalived.conf
 */
char *
slipway_lb_keepalived_conf (const SlipwayTopology *topology)
{
  GString *out;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (topology->api_ipv4 != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "# The Kubernetes API of the cluster %s, balanced by IPVS (direct\n"
                          "# routing). Written by Slipway through cloud-init.\n"
                          "global_defs {\n"
                          "  router_id %s\n"
                          "}\n"
                          "\n"
                          "virtual_server %s %u {\n"
                          "  delay_loop 1\n"
                          "  lb_algo rr\n"
                          "  lb_kind DR\n"
                          "  protocol TCP\n",
                          topology->cluster, topology->cluster,
                          topology->api_ipv4, SLIPWAY_API_PORT);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = slipway_topology_get_node (topology, i);

      if (node->role != SLIPWAY_ROLE_CONTROL)
        continue;

      g_string_append_printf (out,
                              "\n"
                              "  # %s\n"
                              "  real_server %s %u {\n"
                              "    weight 1\n"
                              "    TCP_CHECK {\n"
                              "      connect_timeout 1\n"
                              "      retry 1\n"
                              "      delay_before_retry 1\n"
                              "    }\n"
                              "  }\n",
                              node->name, node->ipv4, SLIPWAY_API_PORT);
    }

  g_string_append (out, "}\n");

  return g_string_free (out, FALSE);
}

static void
seed_add_file (SlipwayLbSeed *seed,
               const char    *path,
               const char    *permissions,
               char          *content)
{
  SlipwayCloudFile file = { path, permissions, content };

  g_ptr_array_add (seed->strings, content);
  g_array_append_val (seed->files, file);
}

static void
seed_add_command (SlipwayLbSeed *seed,
                  const char    *first,
                  ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *word = first; word != NULL; word = va_arg (args, const char *))
    g_strv_builder_add (builder, word);
  va_end (args);

  g_ptr_array_add (seed->commands, g_strv_builder_end (builder));
}

/**
 * slipway_lb_seed_new:
 * @topology: the cluster's topology
 * @network: the cluster's network mode: packages only come with the internet
 * @node: a node of @topology
 *
 * The packages, files and commands @node's cloud-init needs for the
 * cluster's load balancer. Empty for workers, for control nodes with
 * HAProxy, and for a cluster without a balancer.
 *
 * Returns: (transfer full): the parts
 */
SlipwayLbSeed *
slipway_lb_seed_new (const SlipwayTopology *topology,
                     SlipwayNetworkMode     network,
                     const SlipwayNodeInfo *node)
{
  g_autoptr(SlipwayLbSeed) seed = g_new0 (SlipwayLbSeed, 1);
  g_autoptr(GStrvBuilder) packages = g_strv_builder_new ();
  SlipwayLoadBalancer lb;
  gboolean gateway;
  const char *role;
  const char *service;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  seed->files = g_array_new (FALSE, FALSE, sizeof (SlipwayCloudFile));
  seed->commands = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  seed->strings = g_ptr_array_new_with_free_func (g_free);

  lb = topology->load_balancer;
  /* IPVS runs on gateway0 alone: the address can be on one node only. */
  gateway = node->role == SLIPWAY_ROLE_GATEWAY &&
            (lb == SLIPWAY_LOAD_BALANCER_HAPROXY || node->role_index == 0);

  if (lb == SLIPWAY_LOAD_BALANCER_NONE || slipway_lb_count_backends (topology) == 0 ||
      !(gateway || (lb == SLIPWAY_LOAD_BALANCER_IPVS && node->role == SLIPWAY_ROLE_CONTROL)))
    {
      g_ptr_array_add (seed->commands, NULL);
      seed->packages = g_strv_builder_end (packages);
      return g_steal_pointer (&seed);
    }

  role = gateway ? "gateway" : "control";
  service = lb == SLIPWAY_LOAD_BALANCER_HAPROXY ? "haproxy" : "keepalived";

  /* On an isolated network apt cannot reach a mirror: the image has the
   * packages, or the node says they are missing (slipway-lb status). */
  if (gateway && network == SLIPWAY_NETWORK_NAT)
    {
      if (lb == SLIPWAY_LOAD_BALANCER_HAPROXY)
        g_strv_builder_add (packages, "haproxy");
      else
        g_strv_builder_add_many (packages, "keepalived", "ipvsadm", NULL);
    }

  if (gateway && lb == SLIPWAY_LOAD_BALANCER_HAPROXY)
    {
      seed_add_file (seed, HAPROXY_CFG, "0644", slipway_lb_haproxy_cfg (topology));
    }
  else if (gateway)
    {
      seed_add_file (seed, KEEPALIVED_CONF, "0644", slipway_lb_keepalived_conf (topology));
    }
  else
    {
      seed_add_file (seed, LB_SYSCTL, "0644", g_strdup (lb_sysctl));
    }

  seed_add_file (seed, LB_SCRIPT, "0755",
                 g_strdup_printf ("#!/bin/sh\n"
                                  "# The Kubernetes API load balancer of this node, from Slipway.\n"
                                  "# \"slipway-lb setup\" runs at every boot (slipway-lb.service);\n"
                                  "# \"slipway-lb status\" is what Slipway reads.\n"
                                  "MODE=%s\n"
                                  "ROLE=%s\n"
                                  "SERVICE=%s\n"
                                  "VIP=%s\n"
                                  "PORT=%u\n"
                                  "%s",
                                  slipway_load_balancer_to_string (lb), role, service,
                                  topology->api_ipv4, SLIPWAY_API_PORT, lb_script_body));
  seed_add_file (seed, LB_UNIT, "0644", g_strdup (lb_unit));
  /* runcmd reloads systemd first (slipway_cloud_init_user_data()), so
   * enabling needs no second reload. */
  seed_add_command (seed, "systemctl", "--no-reload", "enable", "--now", "slipway-lb.service", NULL);
  g_ptr_array_add (seed->commands, NULL);
  seed->packages = g_strv_builder_end (packages);

  return g_steal_pointer (&seed);
}

void
slipway_lb_seed_free (SlipwayLbSeed *seed)
{
  if (seed == NULL)
    return;

  g_strfreev (seed->packages);
  g_clear_pointer (&seed->files, g_array_unref);
  g_clear_pointer (&seed->commands, g_ptr_array_unref);
  g_clear_pointer (&seed->strings, g_ptr_array_unref);
  g_free (seed);
}

/**
 * slipway_lb_seed_apply:
 * @seed: the parts
 * @config: a config to point at them; @seed must outlive it
 */
void
slipway_lb_seed_apply (const SlipwayLbSeed *seed,
                       SlipwayCloudConfig  *config)
{
  g_return_if_fail (seed != NULL);
  g_return_if_fail (config != NULL);

  config->packages = (const char * const *)seed->packages;
  config->files = (const SlipwayCloudFile *)(gpointer)seed->files->data;
  config->n_files = seed->files->len;
  config->commands = (const char * const * const *)seed->commands->pdata;
}

/**
 * slipway_lb_status_command:
 *
 * Returns: the command line that asks a gateway about its balancer; its
 *   output is for slipway_lb_status_parse()
 */
const char *
slipway_lb_status_command (void)
{
  /* A node without the script (a cluster older than the balancer) says so. */
  return "if test -x " LB_SCRIPT "; then sudo -n " LB_SCRIPT " status; else echo state=absent; fi";
}

void
slipway_lb_status_clear (SlipwayLbStatus *status)
{
  g_return_if_fail (status != NULL);

  g_clear_pointer (&status->missing, g_free);
  memset (status, 0, sizeof *status);
}

/**
 * slipway_lb_status_parse:
 * @output: what slipway_lb_status_command() printed
 * @backends: how many control nodes the balancer has
 * @status: (out caller-allocates): the state; clear it with
 *   slipway_lb_status_clear()
 * @error: return location for a %SLIPWAY_ERROR_NOT_FOUND error: no balancer
 *   state in @output
 *
 * Returns: %TRUE if @output said what the balancer does
 */
gboolean
slipway_lb_status_parse (const char       *output,
                         guint             backends,
                         SlipwayLbStatus  *status,
                         GError          **error)
{
  g_auto(GStrv) lines = NULL;
  gboolean has_state = FALSE;

  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  memset (status, 0, sizeof *status);
  status->backends = backends;

  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);
      guint64 up;

      if (g_str_equal (line, "state=running"))
        status->state = SLIPWAY_LB_STATE_RUNNING, has_state = TRUE;
      else if (g_str_equal (line, "state=stopped"))
        status->state = SLIPWAY_LB_STATE_STOPPED, has_state = TRUE;
      else if (g_str_equal (line, "state=missing"))
        status->state = SLIPWAY_LB_STATE_MISSING, has_state = TRUE;
      else if (g_str_has_prefix (line, "missing="))
        {
          g_free (status->missing);
          status->missing = g_strdup (line + strlen ("missing="));
        }
      else if (g_str_has_prefix (line, "up=") &&
               g_ascii_string_to_unsigned (line + strlen ("up="), 10, 0, G_MAXUINT, &up, NULL))
        status->backends_up = (guint)up;
    }

  if (!has_state)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("The gateway did not say how its load balancer is: the node was made "
                     "before Slipway set up load balancers, or its setup failed. Reset the "
                     "gateway to set it up again."));
      return FALSE;
    }

  return TRUE;
}

/**
 * slipway_lb_status_describe:
 * @status: a parsed state
 * @lb: the cluster's balancer
 * @network: the cluster's network mode
 *
 * Returns: (transfer full): one line for people: "haproxy: 2 of 3
 *   backends up", or why there is no balancer
 */
char *
slipway_lb_status_describe (const SlipwayLbStatus *status,
                            SlipwayLoadBalancer    lb,
                            SlipwayNetworkMode     network)
{
  const char *name = slipway_load_balancer_to_string (lb);

  g_return_val_if_fail (status != NULL, NULL);

  switch (status->state)
    {
    case SLIPWAY_LB_STATE_RUNNING:
      /* Translators: "haproxy: 2 of 3 backends up"; the first %s is "haproxy" or "ipvs" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s: %u of %u backend up",
                                           "%s: %u of %u backends up",
                                           status->backends),
                              name, status->backends_up, status->backends);

    case SLIPWAY_LB_STATE_STOPPED:
      /* Translators: %s is "haproxy" or "ipvs" */
      return g_strdup_printf (_("%s: installed, but not running: see “journalctl -u "
                                "slipway-lb” on the gateway"), name);

    case SLIPWAY_LB_STATE_MISSING:
      if (network == SLIPWAY_NETWORK_ISOLATED)
        /* Translators: %s are the missing programs, "haproxy" */
        return g_strdup_printf (_("load balancer not installed: %s missing from the image "
                                  "and no internet on an isolated network. Use an image "
                                  "that has it, or a “nat” network."),
                                status->missing != NULL ? status->missing : name);
      /* Translators: %s are the missing programs, "haproxy" */
      return g_strdup_printf (_("load balancer not installed: %s missing; installing it "
                                "failed (see /var/log/cloud-init-output.log on the gateway)"),
                              status->missing != NULL ? status->missing : name);

    default:
      g_return_val_if_reached (NULL);
    }
}
