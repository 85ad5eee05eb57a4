/* slipwayctl-output.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "slipwayctl-private.h"

#define MIB (G_GUINT64_CONSTANT (1) << 20)
#define GIB (G_GUINT64_CONSTANT (1) << 30)

/* JSON -------------------------------------------------------------------- *
 *
 * Key names are an interface: docs/slipwayctl.md documents them. Add keys,
 * never rename or remove one.
 */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* The node of @cluster that @info describes. */
static SlipwayNode *
find_node (SlipwayCluster        *cluster,
           const SlipwayNodeInfo *info)
{
  return slipway_cluster_find_node (cluster, info->name);
}

static SlipwayNodeState
node_state (SlipwayCluster        *cluster,
            const SlipwayNodeInfo *info)
{
  SlipwayNode *node = find_node (cluster, info);

  return node != NULL ? slipway_node_get_state (node) : SLIPWAY_NODE_STATE_MISSING;
}

static guint
count_running (SlipwayCluster *cluster)
{
  GListModel *nodes = slipway_cluster_get_nodes (cluster);
  guint n = g_list_model_get_n_items (nodes);
  guint running = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

      if (slipway_node_get_state (node) == SLIPWAY_NODE_STATE_RUNNING)
        running++;
    }

  return running;
}

/* @readiness: whether the nodes' readiness was looked at (status --json
 * probes; list --json does not, and says null). */
JsonNode *
slipwayctl_cluster_to_json (SlipwayCluster *cluster,
                            gboolean        readiness)
{
  const SlipwaySpec *spec = slipway_cluster_get_spec (cluster);
  const SlipwayTopology *topology = slipway_cluster_get_topology (cluster);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);

  add_string (builder, "name", slipway_cluster_get_name (cluster));
  add_string (builder, "domain",
              topology != NULL ? topology->domain : (spec != NULL ? spec->domain : NULL));
  add_string (builder, "subnet",
              topology != NULL ? topology->subnet : (spec != NULL ? spec->subnet : NULL));
  add_string (builder, "network_name", topology != NULL ? topology->network_name : NULL);
  add_string (builder, "network_mode",
              spec != NULL ? slipway_network_mode_to_string (spec->network) : NULL);
  add_bool (builder, "network_active", slipway_cluster_get_network_active (cluster));
  add_string (builder, "host_ipv4", topology != NULL ? topology->host_ipv4 : NULL);
  add_string (builder, "api_ipv4", topology != NULL ? topology->api_ipv4 : NULL);
  add_string (builder, "virt_type", slipway_cluster_get_virt_type (cluster));
  add_string (builder, "accelerator",
              spec != NULL ? slipway_accelerator_to_string (spec->accelerator) : NULL);
  add_string (builder, "image", spec != NULL ? spec->image : NULL);
  add_string (builder, "user", spec != NULL ? spec->user : NULL);

  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);

  for (guint i = 0; topology != NULL && i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      SlipwayNode *model = find_node (cluster, node);

      json_builder_begin_object (builder);
      add_int (builder, "id", node->id);
      add_string (builder, "name", node->name);
      add_string (builder, "role", slipway_role_to_string (node->role));
      add_int (builder, "role_index", node->role_index);
      add_string (builder, "fqdn", node->fqdn);
      add_string (builder, "domain", node->domain_name);
      add_string (builder, "state", slipway_node_state_to_string (node_state (cluster, node)));
      add_string (builder, "readiness",
                  readiness
                  ? slipway_readiness_to_string (model != NULL ? slipway_node_get_readiness (model)
                                                               : SLIPWAY_READINESS_MISSING)
                  : NULL);
      json_builder_set_member_name (builder, "cloud_init_errors");
      json_builder_begin_array (builder);
      {
        const char * const *errors = readiness && model != NULL
                                     ? slipway_node_get_cloud_init_errors (model)
                                     : NULL;

        for (guint j = 0; errors != NULL && errors[j] != NULL; j++)
          json_builder_add_string_value (builder, errors[j]);
      }
      json_builder_end_array (builder);
      /* null: the host's own */
      add_string (builder, "arch",
                  node->arch != SLIPWAY_ARCH_DEFAULT ? slipway_arch_to_string (node->arch) : NULL);
      add_string (builder, "image", spec != NULL ? slipway_spec_get_role_image (spec, node->role) : NULL);
      add_string (builder, "mac", node->mac);
      add_string (builder, "ipv4", node->ipv4);
      add_int (builder, "vcpus", node->vcpus);
      add_int (builder, "memory_mib", (gint64)(node->memory_bytes / MIB));
      add_int (builder, "disk_gib", (gint64)((node->disk_bytes + GIB - 1) / GIB));
      add_int (builder, "memory_bytes", (gint64)node->memory_bytes);
      add_int (builder, "disk_bytes", (gint64)node->disk_bytes);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
slipwayctl_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);

  /* UTF-8 whatever the locale: no g_print () charset conversion. */
  fwrite (text, 1, length, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* Tables ------------------------------------------------------------------ */

/* @rows: GStrv each, all of the same length. Columns are padded to their
 * widest cell, the last one is not. */
void
slipwayctl_print_table (GPtrArray  *rows,
                        const char *indent)
{
  g_autofree guint *widths = NULL;
  guint n_columns;

  if (rows->len == 0)
    return;

  n_columns = g_strv_length (g_ptr_array_index (rows, 0));
  widths = g_new0 (guint, n_columns);

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns && row[c] != NULL; c++)
        widths[c] = MAX (widths[c], slipwayctl_text_width (row[c]));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      g_autoptr(GString) line = g_string_new (indent);

      for (guint c = 0; c < n_columns && row[c] != NULL; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < n_columns)
            {
              guint pad = widths[c] - slipwayctl_text_width (row[c]) + 2;

              for (guint i = 0; i < pad; i++)
                g_string_append_c (line, ' ');
            }
        }

      g_print ("%s\n", line->str);
    }
}

static void
add_row (GPtrArray  *rows,
         const char *first,
         ...)
{
  GPtrArray *row = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *cell = first; cell != NULL; cell = va_arg (args, const char *))
    g_ptr_array_add (row, g_strdup (cell));
  va_end (args);

  g_ptr_array_add (row, NULL);
  g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
}

static const char *
or_dash (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : "-";
}

/* "kubernetes.lab.test:6443, haproxy: 2 of 2 backends up": the endpoint,
 * then what the balancer said (@status) or why it said nothing (@message). */
char *
slipwayctl_lb_describe (SlipwayCluster        *cluster,
                        const SlipwayLbStatus *status,
                        const char            *message)
{
  const SlipwaySpec *spec = slipway_cluster_get_spec (cluster);
  const SlipwayTopology *topology = slipway_cluster_get_topology (cluster);
  g_autofree char *endpoint = topology != NULL ? slipway_lb_dup_endpoint (topology) : NULL;
  g_autofree char *state = NULL;

  if (endpoint == NULL)
    return g_strdup (_("none (no load balancer)"));

  if (status != NULL && spec != NULL)
    state = slipway_lb_status_describe (status, topology->load_balancer, spec->network);

  /* Translators: "kubernetes.lab.test:6443 (haproxy: 2 of 2 backends up)" */
  return g_strdup_printf (_("%s (%s)"), endpoint,
                          state != NULL ? state : message != NULL ? message : "-");
}

JsonNode *
slipwayctl_lb_to_json (SlipwayCluster        *cluster,
                       const SlipwayLbStatus *status,
                       const char            *message)
{
  const SlipwayTopology *topology = slipway_cluster_get_topology (cluster);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *endpoint = topology != NULL ? slipway_lb_dup_endpoint (topology) : NULL;
  g_autofree char *text = slipwayctl_lb_describe (cluster, status, message);
  static const char * const states[] = { "running", "stopped", "missing" };

  json_builder_begin_object (builder);
  add_string (builder, "kind", topology != NULL
              ? slipway_load_balancer_to_string (topology->load_balancer) : NULL);
  add_string (builder, "endpoint", endpoint);
  add_string (builder, "state", status != NULL ? states[status->state] : NULL);
  json_builder_set_member_name (builder, "backends_up");
  if (status != NULL && status->state == SLIPWAY_LB_STATE_RUNNING)
    json_builder_add_int_value (builder, status->backends_up);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "backends");
  if (status != NULL)
    json_builder_add_int_value (builder, status->backends);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "message", text);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
slipwayctl_print_status (SlipwayCluster *cluster,
                         const char     *api_endpoint)
{
  const SlipwaySpec *spec = slipway_cluster_get_spec (cluster);
  const SlipwayTopology *topology = slipway_cluster_get_topology (cluster);
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  gboolean show_arch = FALSE;
  g_autofree char *network = NULL;

  network = g_strdup_printf ("%s (%s, %s, %s)",
                             topology != NULL ? or_dash (topology->network_name) : "-",
                             spec != NULL ? slipway_network_mode_to_string (spec->network) : "-",
                             topology != NULL ? or_dash (topology->subnet) : "-",
                             slipway_cluster_get_network_active (cluster) ? C_("network", "active")
                                                    : C_("network", "inactive"));

  add_row (facts, _("Cluster:"), or_dash (slipway_cluster_get_name (cluster)), NULL);
  add_row (facts, _("DNS domain:"), topology != NULL ? or_dash (topology->domain) : "-", NULL);
  add_row (facts, _("Network:"), network, NULL);
  add_row (facts, _("Host address:"), topology != NULL ? or_dash (topology->host_ipv4) : "-", NULL);
  add_row (facts, _("API address:"), topology != NULL ? or_dash (topology->api_ipv4) : "-", NULL);
  add_row (facts, _("API endpoint:"), or_dash (api_endpoint), NULL);
  add_row (facts, _("Hypervisor:"), or_dash (slipway_cluster_get_virt_type (cluster)), NULL);
  add_row (facts, _("Image:"), spec != NULL ? or_dash (spec->image) : "-", NULL);
  /* A mixed lab: the roles with an image of their own. */
  for (guint r = 0; spec != NULL && r < SLIPWAY_N_ROLES; r++)
    {
      g_autofree char *label = NULL;

      if (spec->roles[r].count == 0 || spec->roles[r].image == NULL || spec->roles[r].image[0] == '\0')
        continue;
      /* Translators: %s is a role, “worker” */
      label = g_strdup_printf (_("Image of [%s]:"), slipway_role_to_string ((SlipwayRole)r));
      add_row (facts, label, spec->roles[r].image, NULL);
    }
  add_row (facts, _("User:"), spec != NULL ? or_dash (spec->user) : "-", NULL);
  slipwayctl_print_table (facts, "");

  if (topology == NULL || topology->nodes->len == 0)
    return;

  g_print ("\n");

  /* The architecture is a last column, only when some node's is not the host's. */
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      show_arch |= node->arch != SLIPWAY_ARCH_DEFAULT;
    }

  /* Translators: column headings of the node table; keep them short */
  add_row (nodes, C_("column", "ID"), C_("column", "NAME"), C_("column", "ROLE"),
           C_("column", "STATE"), C_("column", "IPV4"), C_("column", "MAC"),
           C_("column", "CPUS"), C_("column", "MEMORY"), C_("column", "DISK"),
           C_("column", "DOMAIN"), show_arch ? C_("column", "ARCH") : NULL, NULL);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      g_autofree char *id = g_strdup_printf ("%u", node->id);
      g_autofree char *vcpus = g_strdup_printf ("%u", node->vcpus);
      g_autofree char *memory = slipway_format_size (node->memory_bytes);
      g_autofree char *disk = slipway_format_size (node->disk_bytes);

      add_row (nodes, id, node->name, slipway_role_to_string (node->role),
               slipway_node_state_get_title (node_state (cluster, node)),
               or_dash (node->ipv4), or_dash (node->mac), vcpus, or_dash (memory),
               or_dash (disk), or_dash (node->domain_name),
               !show_arch ? NULL
               : node->arch != SLIPWAY_ARCH_DEFAULT ? slipway_arch_to_string (node->arch)
               : C_("arch", "host’s"),
               NULL);
    }

  slipwayctl_print_table (nodes, "");
}

void
slipwayctl_print_list (GListModel *clusters)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  guint n = g_list_model_get_n_items (clusters);

  /* Translators: column headings of the cluster list; keep them short */
  add_row (rows, C_("column", "NAME"), C_("column", "NODES"), C_("column", "RUNNING"),
           C_("column", "SUBNET"), C_("column", "DNS DOMAIN"), C_("column", "NETWORK"), NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (clusters, i);
      const SlipwayTopology *topology = slipway_cluster_get_topology (cluster);
      guint n_nodes = topology != NULL ? topology->nodes->len : 0;
      g_autofree char *total = g_strdup_printf ("%u", n_nodes);
      g_autofree char *running = g_strdup_printf ("%u", count_running (cluster));

      add_row (rows, or_dash (slipway_cluster_get_name (cluster)), total, running,
               topology != NULL ? or_dash (topology->subnet) : "-",
               topology != NULL ? or_dash (topology->domain) : "-",
               slipway_cluster_get_network_active (cluster) ? C_("network", "active")
                                                            : C_("network", "inactive"),
               NULL);
    }

  slipwayctl_print_table (rows, "");
}
