/* slipway-topology.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-ipv4.h"
#include "slipway-spec.h"
#include "slipway-topology-private.h"

/* Everything here is derived from the cluster name, the subnet and the
 * counts alone, so a reset gives every node the same MAC, address and names
 * again: DHCP reservations, DNS and SSH known_hosts never churn. */

#define MAC_OUI             "52:54:00"
#define MAX_LISTED_NODES    12

/* Names */

char *
slipway_topology_network_name (const char *cluster)
{
  g_return_val_if_fail (cluster != NULL, NULL);

  return g_strconcat ("slipway-", cluster, NULL);
}

char *
slipway_topology_domain_name (const char *cluster,
                              const char *node)
{
  g_return_val_if_fail (cluster != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  return g_strconcat (cluster, "-", node, NULL);
}

/**
 * slipway_topology_mac_prefix:
 * @cluster: a cluster name
 * @bytes: (out caller-allocates) (array fixed-size=2): the 4th and 5th
 *   bytes of the MAC addresses of the cluster
 *
 * The first two bytes of the SHA-256 digest of @cluster (its UTF-8 bytes,
 * without a terminating nul). A cluster's MACs are 52:54:00, these two
 * bytes, then the node id.
 */
void
slipway_topology_mac_prefix (const char *cluster,
                             guint8      bytes[2])
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_return_if_fail (cluster != NULL);
  g_return_if_fail (bytes != NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)cluster, strlen (cluster));
  g_checksum_get_digest (checksum, digest, &digest_len);

  bytes[0] = digest[0];
  bytes[1] = digest[1];
}

/* Topology */

static void
node_info_free (SlipwayNodeInfo *node)
{
  if (node == NULL)
    return;

  g_free (node->name);
  g_free (node->fqdn);
  g_free (node->domain_name);
  g_free (node->mac);
  g_free (node->ipv4);
  g_free (node);
}

void
slipway_topology_free (SlipwayTopology *topology)
{
  if (topology == NULL)
    return;

  g_free (topology->cluster);
  g_free (topology->domain);
  g_free (topology->network_name);
  g_free (topology->subnet);
  g_free (topology->host_ipv4);
  g_free (topology->netmask);
  g_free (topology->dhcp_start);
  g_free (topology->dhcp_end);
  g_free (topology->api_ipv4);
  g_clear_pointer (&topology->nodes, g_ptr_array_unref);
  g_free (topology);
}

static gpointer
node_info_copy (gconstpointer data,
                gpointer      user_data)
{
  const SlipwayNodeInfo *node = data;
  SlipwayNodeInfo *copy = g_memdup2 (node, sizeof *node);

  copy->name = g_strdup (node->name);
  copy->fqdn = g_strdup (node->fqdn);
  copy->domain_name = g_strdup (node->domain_name);
  copy->mac = g_strdup (node->mac);
  copy->ipv4 = g_strdup (node->ipv4);

  return copy;
}

/**
 * slipway_topology_copy:
 * @topology: a topology
 *
 * A deep copy, for instance to hand to a worker thread.
 *
 * Returns: (transfer full): a copy of @topology
 */
SlipwayTopology *
slipway_topology_copy (const SlipwayTopology *topology)
{
  SlipwayTopology *copy;

  g_return_val_if_fail (topology != NULL, NULL);

  copy = g_memdup2 (topology, sizeof *topology);
  copy->cluster = g_strdup (topology->cluster);
  copy->domain = g_strdup (topology->domain);
  copy->network_name = g_strdup (topology->network_name);
  copy->subnet = g_strdup (topology->subnet);
  copy->host_ipv4 = g_strdup (topology->host_ipv4);
  copy->netmask = g_strdup (topology->netmask);
  copy->dhcp_start = g_strdup (topology->dhcp_start);
  copy->dhcp_end = g_strdup (topology->dhcp_end);
  copy->api_ipv4 = g_strdup (topology->api_ipv4);
  copy->nodes = g_ptr_array_copy (topology->nodes, node_info_copy, NULL);
  g_ptr_array_set_free_func (copy->nodes, (GDestroyNotify)node_info_free);

  return copy;
}

static char *
node_name (SlipwayRole role,
           guint       role_index,
           guint       role_count)
{
  /* A lone gateway is "gateway": it is what people call it, and what the
   * guides' scripts expect. Control and worker nodes are always numbered. */
  if (role == SLIPWAY_ROLE_GATEWAY && role_count == 1)
    return g_strdup (slipway_role_to_string (role));

  return g_strdup_printf ("%s%u", slipway_role_to_string (role), role_index);
}

/**
 * slipway_topology_new:
 * @spec: a valid spec whose subnet is set
 * @error: return location for a %SLIPWAY_ERROR_INVALID_SPEC error
 *
 * @spec must pass slipway_spec_validate() without errors, except that the
 * image may be unset: nothing derived here depends on it.
 *
 * Derives ids, names, MACs and addresses. Ids go to gateways first, then
 * control, then worker nodes. Node N gets the MAC 52:54:00:XX:YY:NN where
 * XX:YY is slipway_topology_mac_prefix(), and the address network + 10 + N.
 * The host is the first address; the DHCP range runs from the larger of
 * network + 10 + the node count and the middle of the subnet, to the
 * address before broadcast.
 *
 * Returns: (transfer full) (nullable): the topology
 */
SlipwayTopology *
slipway_topology_new (const SlipwaySpec  *spec,
                      GError            **error)
{
  g_autoptr(GPtrArray) problems = NULL;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  problems = slipway_problems_new ();
  slipway_spec_validate (spec, problems);

  /* Nothing here depends on the image, and a topology is worth showing
   * before one is chosen. */
  for (guint i = problems->len; i > 0; i--)
    {
      const SlipwayProblem *problem = g_ptr_array_index (problems, i - 1);

      if (g_strcmp0 (problem->group, "cluster") == 0 && g_strcmp0 (problem->key, "image") == 0)
        g_ptr_array_remove_index (problems, i - 1);
    }

  if (spec->subnet == NULL || spec->subnet[0] == '\0')
    g_ptr_array_add (problems,
                     slipway_problem_new ("cluster", "subnet", FALSE,
                                          _("No subnet is chosen yet: write one, or let "
                                            "Slipway pick a free one when it creates the "
                                            "cluster.")));

  if (slipway_problems_has_errors (problems))
    {
      g_autofree char *source = NULL;

      if (slipway_is_valid_name (spec->name))
        /* Translators: %s is a cluster name */
        source = g_strdup_printf (_("The cluster “%s” is not valid"), spec->name);
      else
        source = g_strdup (_("The cluster is not valid"));

      slipway_problems_to_error (problems, source, error);
      return NULL;
    }

  return _slipway_topology_new_valid (spec);
}

/* For SlipwayPlan, which validated @spec already: derives without
 * validating again. Only cheap guards here. */
SlipwayTopology *
_slipway_topology_new_valid (const SlipwaySpec *spec)
{
  g_autoptr(SlipwayTopology) topology = NULL;
  guint8 mac_prefix[2];
  guint32 network;
  guint32 broadcast;
  guint32 dhcp_start;
  guint prefix;
  guint n_nodes;
  guint id = 0;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (slipway_is_valid_name (spec->name), NULL);
  g_return_val_if_fail (spec->subnet != NULL, NULL);

  if (!slipway_ipv4_parse_cidr (spec->subnet, &network, &prefix, NULL))
    g_return_val_if_reached (NULL);   /* validation checked it */

  n_nodes = slipway_spec_get_n_nodes (spec);
  broadcast = network | ~slipway_ipv4_prefix_to_mask (prefix);
  dhcp_start = MAX (network + SLIPWAY_FIRST_NODE_HOST + n_nodes,
                    network + (guint32)(slipway_ipv4_subnet_size (prefix) / 2));
  g_assert (dhcp_start <= broadcast - 1);

  topology = g_new0 (SlipwayTopology, 1);
  topology->cluster = g_strdup (spec->name);
  topology->domain = g_strdup (spec->domain);
  topology->network_name = slipway_topology_network_name (spec->name);
  topology->network_address = network;
  topology->prefix = prefix;
  {
    g_autofree char *address = slipway_ipv4_to_string (network);

    topology->subnet = g_strdup_printf ("%s/%u", address, prefix);
  }
  topology->host_ipv4 = slipway_ipv4_to_string (network + 1);
  topology->netmask = slipway_ipv4_to_string (slipway_ipv4_prefix_to_mask (prefix));
  topology->dhcp_start = slipway_ipv4_to_string (dhcp_start);
  topology->dhcp_end = slipway_ipv4_to_string (broadcast - 1);
  topology->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)node_info_free);

  slipway_topology_mac_prefix (spec->name, mac_prefix);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &spec->roles[r];

      for (guint i = 0; i < rs->count; i++, id++)
        {
          SlipwayNodeInfo *node = g_new0 (SlipwayNodeInfo, 1);

          node->id = id;
          node->role = (SlipwayRole)r;
          node->role_index = i;
          node->name = node_name (node->role, i, rs->count);
          node->fqdn = g_strconcat (node->name, ".", spec->domain, NULL);
          node->domain_name = slipway_topology_domain_name (spec->name, node->name);
          node->mac = g_strdup_printf (MAC_OUI ":%02x:%02x:%02x",
                                       mac_prefix[0], mac_prefix[1], id);
          node->ipv4 = slipway_ipv4_to_string (network + SLIPWAY_FIRST_NODE_HOST + id);
          node->vcpus = rs->vcpus;
          node->memory_bytes = rs->memory_bytes;
          node->disk_bytes = rs->disk_bytes;
          node->arch = slipway_spec_get_role_arch (spec, node->role);

          g_ptr_array_add (topology->nodes, node);
        }
    }

  topology->load_balancer = slipway_spec_get_load_balancer (spec);
  /* IPVS direct routing needs an address of its own, held by the gateway
   * and, ARP off, by every control node: the last one before the nodes'. */
  if (topology->load_balancer == SLIPWAY_LOAD_BALANCER_IPVS)
    topology->api_ipv4 = slipway_ipv4_to_string (network + SLIPWAY_FIRST_NODE_HOST - 1);
  else if (spec->roles[SLIPWAY_ROLE_GATEWAY].count > 0)
    topology->api_ipv4 = g_strdup (slipway_topology_get_node (topology, 0)->ipv4);
  else if (spec->roles[SLIPWAY_ROLE_CONTROL].count > 0)
    topology->api_ipv4 = g_strdup (slipway_topology_get_node (topology, 0)->ipv4);

  return g_steal_pointer (&topology);
}

guint
slipway_topology_get_n_nodes (const SlipwayTopology *topology)
{
  g_return_val_if_fail (topology != NULL, 0);

  return topology->nodes->len;
}

/**
 * slipway_topology_get_node:
 * @topology: a topology
 * @id: a node id
 *
 * Returns: (transfer none) (nullable): the node with this id, or %NULL
 */
SlipwayNodeInfo *
slipway_topology_get_node (const SlipwayTopology *topology,
                           guint                  id)
{
  g_return_val_if_fail (topology != NULL, NULL);

  if (id >= topology->nodes->len)
    return NULL;

  return g_ptr_array_index (topology->nodes, id);
}

/**
 * slipway_topology_find_node:
 * @topology: a topology
 * @name: a node name, "control0"
 *
 * Returns: (transfer none) (nullable): the node with this name, or %NULL
 */
SlipwayNodeInfo *
slipway_topology_find_node (const SlipwayTopology *topology,
                            const char            *name)
{
  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      if (g_str_equal (node->name, name))
        return node;
    }

  return NULL;
}

/* "gateway", "gateways" → gateway; "all" → every role. */
static gboolean
parse_role_target (const char *target,
                   gboolean    roles[SLIPWAY_N_ROLES])
{
  if (g_str_equal (target, "all"))
    {
      for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
        roles[r] = TRUE;
      return TRUE;
    }

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const char *role = slipway_role_to_string ((SlipwayRole)r);
      gsize len = strlen (role);

      if (g_str_equal (target, role) ||
          (g_str_has_prefix (target, role) && g_str_equal (target + len, "s")))
        {
          roles[r] = TRUE;
          return TRUE;
        }
    }

  return FALSE;
}

static char *
list_node_names (const SlipwayTopology *topology)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < topology->nodes->len && i < MAX_LISTED_NODES; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, node->name);
    }

  if (topology->nodes->len > MAX_LISTED_NODES)
    g_string_append (list, ", …");

  return g_string_free (g_steal_pointer (&list), FALSE);
}

/**
 * slipway_topology_select:
 * @topology: a topology
 * @targets: (nullable) (array zero-terminated=1): node names ("control0")
 *   and role names ("gateway", "control", "worker", also with an "s", or
 *   "all"); %NULL or empty for every node
 * @error: return location for a %SLIPWAY_ERROR_NOT_FOUND error
 *
 * Returns: (transfer container) (element-type SlipwayNodeInfo): the nodes
 *   named by @targets, each once, in id order, owned by @topology; or
 *   %NULL when a target names nothing
 */
GPtrArray *
slipway_topology_select (const SlipwayTopology  *topology,
                         const char * const     *targets,
                         GError                **error)
{
  g_autoptr(GPtrArray) selected = NULL;
  g_autofree gboolean *wanted = NULL;
  guint n_nodes;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_nodes = topology->nodes->len;
  wanted = g_new0 (gboolean, MAX (n_nodes, 1));

  if (targets == NULL || targets[0] == NULL)
    {
      for (guint i = 0; i < n_nodes; i++)
        wanted[i] = TRUE;
    }

  for (guint t = 0; targets != NULL && targets[t] != NULL; t++)
    {
      const char *target = targets[t];
      gboolean roles[SLIPWAY_N_ROLES] = { FALSE, };
      SlipwayNodeInfo *node = slipway_topology_find_node (topology, target);

      if (node != NULL)
        {
          wanted[node->id] = TRUE;
          continue;
        }

      if (parse_role_target (target, roles))
        {
          gboolean found = FALSE;

          for (guint i = 0; i < n_nodes; i++)
            {
              node = g_ptr_array_index (topology->nodes, i);
              if (roles[node->role])
                {
                  wanted[i] = TRUE;
                  found = TRUE;
                }
            }

          if (!found)
            {
              g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                           /* Translators: the first %s is a cluster name, the second a role
                            * name as typed, "gateway" */
                           _("The cluster “%s” has no “%s” nodes."),
                           topology->cluster, target);
              return NULL;
            }
          continue;
        }

      {
        g_autofree char *names = list_node_names (topology);
        g_autofree char *quoted = g_utf8_make_valid (target, -1);

        g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                     /* Translators: the first %s is what the user typed, the second a
                      * cluster name, the third a list of node names; “gateway”,
                      * “control”, “worker” and “all” are keywords */
                     _("“%s” is neither a node nor a role of the cluster “%s”. The nodes are "
                       "%s; the roles are “gateway”, “control”, “worker” and “all”."),
                     quoted, topology->cluster, names);
        return NULL;
      }
    }

  selected = g_ptr_array_new ();
  for (guint i = 0; i < n_nodes; i++)
    {
      if (wanted[i])
        g_ptr_array_add (selected, g_ptr_array_index (topology->nodes, i));
    }

  return g_steal_pointer (&selected);
}
