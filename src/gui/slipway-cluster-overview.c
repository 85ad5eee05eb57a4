/* slipway-cluster-overview.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-cluster-overview.h"

/* What the window shows of a cluster before a terminal is chosen: the
 * wizard's picture of it, live (each node's state, a click or Enter on a
 * node opens its terminals), and what it takes of this computer: its
 * vCPUs and memory, the disk in use on the pool, the memory still free,
 * and the Kubernetes API endpoint on the gateway with how many backends its
 * load balancer sends connections to, read over SSH every few seconds
 * while the overview is on screen. */

/* How often the balancer is asked while shown. */
#define LB_REFRESH_SECONDS 5
struct _SlipwayClusterOverview
{
  AdwBin               parent_instance;

  /* Template widgets */
  SlipwayTopologyView *topology_view;
  AdwActionRow        *cpus_row;
  AdwActionRow        *disk_row;
  AdwActionRow        *host_memory_row;
  GtkLabel            *cpus_label;
  GtkLabel            *memory_label;
  GtkLabel            *disk_label;
  GtkLabel            *host_memory_label;
  AdwActionRow        *api_row;
  GtkLabel            *api_label;

  /* Owned references */
  SlipwayConnection   *connection;
  SlipwayCluster      *cluster;
  GCancellable        *cancellable;    /* of the host query */
  GCancellable        *lb_cancellable; /* of the balancer query in flight */
  guint                lb_source;

  guint                host_known : 1;
};

G_DEFINE_FINAL_TYPE (SlipwayClusterOverview, slipway_cluster_overview, ADW_TYPE_BIN)

static void
set_host_unknown (SlipwayClusterOverview *self)
{
  /* Translators: a value the host did not tell */
  const char *unknown = C_("value", "Unknown");

  gtk_label_set_label (self->disk_label, unknown);
  gtk_label_set_label (self->host_memory_label, unknown);
  adw_action_row_set_subtitle (self->disk_row, "");
  adw_action_row_set_subtitle (self->host_memory_row, "");
}

static void
query_host_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SlipwayClusterOverview) self = user_data;
  g_autoptr(SlipwayHostInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = slipway_connection_query_host_finish (SLIPWAY_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->host_known = TRUE;
  if (info == NULL)
    {
      g_debug ("Could not read the host's memory and pool: %s", error->message);
      set_host_unknown (self);
      return;
    }

  set_host_unknown (self);

  if (info->n_cpus > 0)
    {
      g_autofree char *cpus = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "This computer has %u CPU",
                                                            "This computer has %u CPUs",
                                                            info->n_cpus),
                                               info->n_cpus);

      adw_action_row_set_subtitle (self->cpus_row, cpus);
    }

  if (info->pool_name != NULL)
    {
      g_autofree char *used = slipway_format_size (info->pool_allocation_bytes);
      g_autofree char *capacity = slipway_format_size (info->pool_capacity_bytes);
      g_autofree char *pool = NULL;

      /* Translators: a storage pool name, then its size: "Pool “slipway” of 500 GB" */
      pool = g_strdup_printf (_("Pool “%s” of %s, for every cluster"), info->pool_name, capacity);
      gtk_label_set_label (self->disk_label, used);
      adw_action_row_set_subtitle (self->disk_row, pool);
    }

  if (info->memory_free_bytes > 0)
    {
      g_autofree char *free_memory = slipway_format_size (info->memory_free_bytes);

      gtk_label_set_label (self->host_memory_label, free_memory);
      if (info->memory_bytes > 0)
        {
          g_autofree char *total = slipway_format_size (info->memory_bytes);
          /* Translators: %s is the memory of this computer, "16 GB" */
          g_autofree char *of = g_strdup_printf (_("Of %s"), total);

          adw_action_row_set_subtitle (self->host_memory_row, of);
        }
    }
}

/* Free memory and the pool change as nodes start and stop: read them
 * again then, in the core's thread. */
static void
query_host (SlipwayClusterOverview *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->connection == NULL || self->cluster == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  slipway_connection_query_host_async (self->connection, self->cancellable, query_host_cb,
                                       g_object_ref (self));
}

static void
lb_query_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlipwayClusterOverview) self = user_data;
  g_autoptr(SlipwayLbStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const SlipwayTopology *topology;
  const SlipwaySpec *spec;

  status = slipway_lb_query_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->lb_cancellable);
  topology = self->cluster != NULL ? slipway_cluster_get_topology (self->cluster) : NULL;
  spec = self->cluster != NULL ? slipway_cluster_get_spec (self->cluster) : NULL;
  if (topology == NULL || spec == NULL)
    return;

  if (status != NULL)
    text = slipway_lb_status_describe (status, topology->load_balancer, spec->network);
  gtk_label_set_label (self->api_label, text != NULL ? text : error->message);
}

/* Asks the gateway's balancer, unless it cannot answer or is being asked. */
static void
query_lb (SlipwayClusterOverview *self)
{
  const SlipwayTopology *topology = self->cluster != NULL ? slipway_cluster_get_topology (self->cluster) : NULL;
  const SlipwayNodeInfo *gateway = topology != NULL ? slipway_lb_get_node (topology) : NULL;
  g_autofree char *endpoint = topology != NULL ? slipway_lb_dup_endpoint (topology) : NULL;
  g_autofree char *ssh_config = NULL;
  SlipwayNode *node;

  adw_action_row_set_subtitle (self->api_row, endpoint != NULL ? endpoint : "");
  if (gateway == NULL)
    {
      gtk_label_set_label (self->api_label, _("No load balancer"));
      return;
    }

  node = slipway_cluster_find_node (self->cluster, gateway->name);
  if (node == NULL || slipway_node_get_state (node) != SLIPWAY_NODE_STATE_RUNNING)
    {
      /* Translators: %s is a node name */
      g_autofree char *off = g_strdup_printf (_("%s is not running"), gateway->name);

      g_cancellable_cancel (self->lb_cancellable);
      g_clear_object (&self->lb_cancellable);
      gtk_label_set_label (self->api_label, off);
      return;
    }

  if (self->lb_cancellable != NULL)
    return;

  self->lb_cancellable = g_cancellable_new ();
  ssh_config = slipway_cluster_ssh_config (slipway_cluster_get_name (self->cluster));
  slipway_lb_query_async (ssh_config, topology, self->lb_cancellable, lb_query_cb,
                          g_object_ref (self));
}

static gboolean
lb_tick_cb (gpointer user_data)
{
  query_lb (user_data);
  return G_SOURCE_CONTINUE;
}

/* Asked only while on screen. */
static void
lb_refresh_start (SlipwayClusterOverview *self)
{
  if (self->lb_source == 0)
    self->lb_source = g_timeout_add_seconds (LB_REFRESH_SECONDS, lb_tick_cb, self);
  gtk_label_set_label (self->api_label, "—");
  query_lb (self);
}

static void
lb_refresh_stop (SlipwayClusterOverview *self)
{
  g_clear_handle_id (&self->lb_source, g_source_remove);
  g_cancellable_cancel (self->lb_cancellable);
  g_clear_object (&self->lb_cancellable);
}

static void
update_totals (SlipwayClusterOverview *self)
{
  const SlipwayTopology *topology = self->cluster != NULL ? slipway_cluster_get_topology (self->cluster) : NULL;
  g_autofree char *cpus = NULL;
  g_autofree char *memory = NULL;
  guint64 memory_bytes = 0;
  guint n_cpus = 0;

  adw_action_row_set_subtitle (self->cpus_row, "");
  if (topology == NULL)
    {
      gtk_label_set_label (self->cpus_label, "—");
      gtk_label_set_label (self->memory_label, "—");
      return;
    }

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      n_cpus += node->vcpus;
      memory_bytes += node->memory_bytes;
    }

  cpus = g_strdup_printf ("%u", n_cpus);
  memory = slipway_format_size (memory_bytes);
  gtk_label_set_label (self->cpus_label, cpus);
  gtk_label_set_label (self->memory_label, memory);
}

static void
disconnect_cluster (SlipwayClusterOverview *self)
{
  if (self->cluster == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->cluster, self);
  g_signal_handlers_disconnect_by_data (slipway_cluster_get_nodes (self->cluster), self);
}

/**
 * slipway_cluster_overview_set_cluster:
 * @connection: (nullable): the model @cluster belongs to, asked about the host
 * @cluster: (nullable): the cluster to show
 */
void
slipway_cluster_overview_set_cluster (SlipwayClusterOverview *self,
                                      SlipwayConnection      *connection,
                                      SlipwayCluster         *cluster)
{
  g_return_if_fail (SLIPWAY_IS_CLUSTER_OVERVIEW (self));
  g_return_if_fail (connection == NULL || SLIPWAY_IS_CONNECTION (connection));
  g_return_if_fail (cluster == NULL || SLIPWAY_IS_CLUSTER (cluster));

  if (self->cluster == cluster && self->connection == connection)
    return;

  disconnect_cluster (self);
  g_set_object (&self->connection, connection);
  g_set_object (&self->cluster, cluster);

  slipway_topology_view_set_cluster (self->topology_view, cluster);
  update_totals (self);
  self->host_known = FALSE;
  gtk_label_set_label (self->disk_label, "—");
  gtk_label_set_label (self->host_memory_label, "—");

  if (cluster != NULL)
    {
      g_signal_connect_object (cluster, "notify::state", G_CALLBACK (query_host), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (cluster, "notify::spec", G_CALLBACK (update_totals), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (slipway_cluster_get_nodes (cluster), "items-changed",
                               G_CALLBACK (update_totals), self, G_CONNECT_SWAPPED);
    }
  query_host (self);

  lb_refresh_stop (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    lb_refresh_start (self);
}

SlipwayTopologyView *
slipway_cluster_overview_get_topology_view (SlipwayClusterOverview *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER_OVERVIEW (self), NULL);

  return self->topology_view;
}

/**
 * slipway_cluster_overview_get_total:
 * @which: "cpus", "memory", "disk" or "host-memory"
 *
 * Returns: the value shown, as shown ("7", "14 GB")
 */
const char *
slipway_cluster_overview_get_total (SlipwayClusterOverview *self,
                                    const char             *which)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER_OVERVIEW (self), NULL);

  if (g_strcmp0 (which, "cpus") == 0)
    return gtk_label_get_label (self->cpus_label);
  if (g_strcmp0 (which, "memory") == 0)
    return gtk_label_get_label (self->memory_label);
  if (g_strcmp0 (which, "disk") == 0)
    return gtk_label_get_label (self->disk_label);
  if (g_strcmp0 (which, "host-memory") == 0)
    return gtk_label_get_label (self->host_memory_label);

  g_return_val_if_reached (NULL);
}

/**
 * slipway_cluster_overview_get_host_known:
 *
 * Returns: %TRUE once the host's answer (or its failure) is shown
 */
gboolean
slipway_cluster_overview_get_host_known (SlipwayClusterOverview *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER_OVERVIEW (self), FALSE);

  return self->host_known;
}

GtkWidget *
slipway_cluster_overview_new (void)
{
  return g_object_new (SLIPWAY_TYPE_CLUSTER_OVERVIEW, NULL);
}

static void
slipway_cluster_overview_dispose (GObject *object)
{
  SlipwayClusterOverview *self = (SlipwayClusterOverview *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  lb_refresh_stop (self);
  disconnect_cluster (self);
  g_clear_object (&self->cluster);
  g_clear_object (&self->connection);
  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_CLUSTER_OVERVIEW);

  G_OBJECT_CLASS (slipway_cluster_overview_parent_class)->dispose (object);
}

static void
slipway_cluster_overview_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (slipway_cluster_overview_parent_class)->map (widget);
  lb_refresh_start (SLIPWAY_CLUSTER_OVERVIEW (widget));
}

static void
slipway_cluster_overview_unmap (GtkWidget *widget)
{
  lb_refresh_stop (SLIPWAY_CLUSTER_OVERVIEW (widget));
  GTK_WIDGET_CLASS (slipway_cluster_overview_parent_class)->unmap (widget);
}

static void
slipway_cluster_overview_class_init (SlipwayClusterOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slipway_cluster_overview_dispose;
  widget_class->map = slipway_cluster_overview_map;
  widget_class->unmap = slipway_cluster_overview_unmap;

  g_type_ensure (SLIPWAY_TYPE_TOPOLOGY_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-cluster-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterOverview, topology_view);
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterOverview, cpus_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterOverview, disk_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterOverview, host_memory_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterOverview, cpus_label);
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterOverview, memory_label);
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterOverview, disk_label);
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterOverview, host_memory_label);
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterOverview, api_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterOverview, api_label);
}

static void
slipway_cluster_overview_init (SlipwayClusterOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_totals (self);
  gtk_label_set_label (self->disk_label, "—");
  gtk_label_set_label (self->host_memory_label, "—");
}
