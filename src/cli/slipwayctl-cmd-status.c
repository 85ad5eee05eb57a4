/* slipwayctl-cmd-status.c — slipwayctl list, status
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipwayctl-private.h"

/* One look at every node of @cluster, for status --json. FALSE when its
 * readiness stays unknown. */
static gboolean
probe_readiness (Slipwayctl     *ctl,
                 SlipwayCluster *cluster)
{
  const SlipwaySpec *spec = slipway_cluster_get_spec (cluster);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!slipwayctl_ensure_trust_files (ctl, slipway_cluster_get_name (cluster),
                                      slipway_cluster_get_topology (cluster),
                                      spec != NULL ? spec->user : NULL, &error))
    {
      g_debug ("No trust files for %s: %s", slipway_cluster_get_name (cluster), error->message);
      return FALSE;
    }

  slipway_cluster_probe_async (cluster, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  if (!slipway_cluster_probe_finish (cluster, result, &error))
    {
      g_debug ("Could not probe %s: %s", slipway_cluster_get_name (cluster), error->message);
      return FALSE;
    }

  return TRUE;
}

/* What the balancer on the gateway says of itself, over SSH; NULL with
 * @message saying why it cannot tell (no balancer, gateway off…). */
static SlipwayLbStatus *
query_load_balancer (Slipwayctl      *ctl,
                     SlipwayCluster  *cluster,
                     char           **message)
{
  const SlipwaySpec *spec = slipway_cluster_get_spec (cluster);
  const SlipwayTopology *topology = slipway_cluster_get_topology (cluster);
  const SlipwayNodeInfo *gateway = topology != NULL ? slipway_lb_get_node (topology) : NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ssh_config = NULL;
  SlipwayLbStatus *status;
  SlipwayNode *node;

  *message = NULL;
  if (gateway == NULL)
    return NULL;

  node = slipway_cluster_find_node (cluster, gateway->name);
  if (node == NULL || slipway_node_get_state (node) != SLIPWAY_NODE_STATE_RUNNING)
    {
      /* Translators: %s is a node name */
      *message = g_strdup_printf (_("%s is not running"), gateway->name);
      return NULL;
    }

  if (!slipwayctl_ensure_trust_files (ctl, slipway_cluster_get_name (cluster), topology,
                                      spec != NULL ? spec->user : NULL, &error))
    {
      *message = g_strdup (error->message);
      return NULL;
    }

  ssh_config = slipway_cluster_ssh_config (slipway_cluster_get_name (cluster));
  slipway_lb_query_async (ssh_config, topology, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  status = slipway_lb_query_finish (result, &error);
  if (status == NULL)
    *message = g_strdup (error->message);

  return status;
}

int
slipwayctl_cmd_list (Slipwayctl  *ctl,
                     int          argc,
                     char       **argv)
{
  SlipwayConnection *connection = slipwayctl_get_connection (ctl);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *clusters;
  guint n;

  slipway_connection_sync_async (connection, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  if (!slipway_connection_sync_finish (connection, result, &error))
    return slipwayctl_report_error (ctl, error);

  clusters = slipway_connection_get_clusters (connection);
  n = g_list_model_get_n_items (clusters);

  if (ctl->options.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uri");
      json_builder_add_string_value (builder, ctl->uri);
      json_builder_set_member_name (builder, "clusters");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (clusters, i);

          json_builder_add_value (builder, slipwayctl_cluster_to_json (cluster, FALSE));
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      slipwayctl_print_json (root);
    }
  else if (n == 0)
    {
      /* Translators: %s is a libvirt URI */
      g_print (_("No clusters on %s."), ctl->uri);
      g_print ("\n");
    }
  else
    {
      slipwayctl_print_list (clusters);
    }

  return SLIPWAYCTL_EXIT_OK;
}

int
slipwayctl_cmd_status (Slipwayctl  *ctl,
                       int          argc,
                       char       **argv)
{
  g_autoptr(SlipwayCluster) cluster = NULL;
  g_autoptr(SlipwayLbStatus) lb = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lb_message = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "status", argv[0], &exit_code))
    return exit_code;

  cluster = slipwayctl_get_cluster (ctl, argv[0], &error);
  if (cluster == NULL)
    return slipwayctl_report_error (ctl, error);

  lb = query_load_balancer (ctl, cluster, &lb_message);
  if (g_cancellable_is_cancelled (ctl->cancellable))
    return ctl->interrupt_exit != 0 ? ctl->interrupt_exit : SLIPWAYCTL_EXIT_CANCELLED;

  if (ctl->options.json)
    {
      gboolean probed = probe_readiness (ctl, cluster);
      g_autoptr(JsonNode) root = NULL;

      /* Interrupted while probing: print no half-known readiness. */
      if (g_cancellable_is_cancelled (ctl->cancellable))
        return ctl->interrupt_exit != 0 ? ctl->interrupt_exit : SLIPWAYCTL_EXIT_CANCELLED;

      root = slipwayctl_cluster_to_json (cluster, probed);
      json_object_set_member (json_node_get_object (root), "load_balancer",
                              slipwayctl_lb_to_json (cluster, lb, lb_message));
      slipwayctl_print_json (root);
    }
  else
    {
      g_autofree char *endpoint = slipwayctl_lb_describe (cluster, lb, lb_message);

      slipwayctl_print_status (cluster, endpoint);
    }

  return SLIPWAYCTL_EXIT_OK;
}
