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
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "status", argv[0], &exit_code))
    return exit_code;

  cluster = slipwayctl_get_cluster (ctl, argv[0], &error);
  if (cluster == NULL)
    return slipwayctl_report_error (ctl, error);

  if (ctl->options.json)
    {
      gboolean probed = probe_readiness (ctl, cluster);
      g_autoptr(JsonNode) root = NULL;

      /* Interrupted while probing: print no half-known readiness. */
      if (g_cancellable_is_cancelled (ctl->cancellable))
        return ctl->interrupt_exit != 0 ? ctl->interrupt_exit : SLIPWAYCTL_EXIT_CANCELLED;

      root = slipwayctl_cluster_to_json (cluster, probed);
      slipwayctl_print_json (root);
    }
  else
    {
      slipwayctl_print_status (cluster);
    }

  return SLIPWAYCTL_EXIT_OK;
}
