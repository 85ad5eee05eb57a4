/* slipway-cluster-row.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-cluster-row.h"

struct _SlipwayClusterRow
{
  AdwActionRow  parent_instance;

  /* Template widgets */
  GtkLabel     *state_label;

  /* Owned references */
  SlipwayCluster *cluster;   /* the model's, once bound */

  int           state;   /* ClusterState */
  guint         stale : 1;
};

G_DEFINE_FINAL_TYPE (SlipwayClusterRow, slipway_cluster_row, ADW_TYPE_ACTION_ROW)

static void update_from_model (SlipwayClusterRow *self);

typedef enum
{
  CLUSTER_STATE_EMPTY,
  CLUSTER_STATE_STOPPED,
  CLUSTER_STATE_PARTLY_RUNNING,
  CLUSTER_STATE_RUNNING,
  CLUSTER_STATE_INCOMPLETE,
  CLUSTER_STATE_CRASHED,
} ClusterState;

/* @counts: how many nodes are in each SlipwayNodeState */
static ClusterState
state_from_counts (guint        n_nodes,
                   const guint *counts)
{
  if (n_nodes == 0)
    return CLUSTER_STATE_EMPTY;
  if (counts[SLIPWAY_NODE_STATE_CRASHED] > 0)
    return CLUSTER_STATE_CRASHED;
  if (counts[SLIPWAY_NODE_STATE_MISSING] > 0)
    return CLUSTER_STATE_INCOMPLETE;
  if (counts[SLIPWAY_NODE_STATE_RUNNING] == n_nodes)
    return CLUSTER_STATE_RUNNING;
  if (counts[SLIPWAY_NODE_STATE_STOPPED] == n_nodes)
    return CLUSTER_STATE_STOPPED;

  return CLUSTER_STATE_PARTLY_RUNNING;
}

static const char * const css_classes[] = { "empty", "stopped", "partly-running",
                                            "running", "incomplete", "crashed" };

G_STATIC_ASSERT (G_N_ELEMENTS (css_classes) == CLUSTER_STATE_CRASHED + 1);

/* One state class at a time: the pill's colour is the state's. */
static void
clear_state_classes (SlipwayClusterRow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (css_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), css_classes[i]);
}

static void
set_state (SlipwayClusterRow *self,
           ClusterState       state)
{
  const char *label = NULL;

  switch (state)
    {
    case CLUSTER_STATE_EMPTY:
      /* Translators: state of a cluster that has no nodes */
      label = C_("cluster state", "Empty");
      break;

    case CLUSTER_STATE_STOPPED:
      label = C_("cluster state", "Stopped");
      break;

    case CLUSTER_STATE_PARTLY_RUNNING:
      /* Translators: state of a cluster where some nodes run and some do not */
      label = C_("cluster state", "Partly Running");
      break;

    case CLUSTER_STATE_RUNNING:
      label = C_("cluster state", "Running");
      break;

    case CLUSTER_STATE_INCOMPLETE:
      /* Translators: state of a cluster where some virtual machines are missing */
      label = C_("cluster state", "Incomplete");
      break;

    case CLUSTER_STATE_CRASHED:
      label = C_("cluster state", "Crashed");
      break;

    default:
      g_assert_not_reached ();
    }

  self->state = state;
  if (self->stale)
    return;
  gtk_label_set_label (self->state_label, label);
  clear_state_classes (self);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css_classes[state]);
}

/**
 * slipway_cluster_row_set_stale:
 * @stale: %TRUE while the cluster's state cannot be read (the connection
 *   to libvirt is lost)
 */
void
slipway_cluster_row_set_stale (SlipwayClusterRow *self,
                               gboolean           stale)
{
  g_return_if_fail (SLIPWAY_IS_CLUSTER_ROW (self));

  stale = !!stale;
  if (self->stale == stale)
    return;

  self->stale = stale;
  if (self->cluster != NULL)
    update_from_model (self);

  if (stale)
    {
      /* Translators: state of a cluster while the connection to libvirt is lost */
      gtk_label_set_label (self->state_label, C_("cluster state", "Unknown"));
      /* Not the last state's colour: a green "Unknown" says "fine". */
      clear_state_classes (self);
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "unknown");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "unknown");
      set_state (self, self->state);
    }
}

static char *format_summary (guint                  n_nodes,
                             int                    n_running,
                             const SlipwayTopology *topology);

/* Every node's state counts: follow each, the new ones too. */
static void
bind_nodes (SlipwayClusterRow *self)
{
  GListModel *nodes = slipway_cluster_get_nodes (self->cluster);

  for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

      g_signal_handlers_disconnect_by_func (node, update_from_model, self);
      g_signal_connect_object (node, "notify::state", G_CALLBACK (update_from_model),
                               self, G_CONNECT_SWAPPED);
    }

  update_from_model (self);
}

/* The model's cluster changed (libvirt's events): the row follows. */
static void
update_from_model (SlipwayClusterRow *self)
{
  GListModel *nodes = slipway_cluster_get_nodes (self->cluster);
  guint n_nodes = g_list_model_get_n_items (nodes);
  guint counts[SLIPWAY_NODE_STATE_CRASHED + 1] = { 0, };
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n_nodes; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);
      SlipwayNodeState state = slipway_node_get_state (node);

      if (state < G_N_ELEMENTS (counts))
        counts[state]++;
    }

  /* While the connection is lost, how many run is not known: no count. */
  summary = format_summary (n_nodes, self->stale ? -1 : (int)counts[SLIPWAY_NODE_STATE_RUNNING],
                            slipway_cluster_get_topology (self->cluster));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), summary);
  set_state (self, state_from_counts (n_nodes, counts));
}

static char *
format_summary (guint                  n_nodes,
                int                    n_running,
                const SlipwayTopology *topology)
{
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (facts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node", "%u nodes",
                                                        n_nodes),
                                           n_nodes));
  if (n_running >= 0)
    g_ptr_array_add (facts,
                     /* Translators: how many nodes of a cluster are running */
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u running", "%u running",
                                                   n_running),
                                      (guint)n_running));

  if (topology != NULL && topology->subnet != NULL)
    g_ptr_array_add (facts, g_strdup (topology->subnet));
  if (topology != NULL && topology->domain != NULL && topology->domain[0] != '\0')
    g_ptr_array_add (facts, g_strdup (topology->domain));

  g_ptr_array_add (facts, NULL);

  /* Translators: separates facts, as in “7 nodes · 3 running · 10.77.3.0/24 · lab.test” */
  return g_strjoinv (_(" · "), (char **)facts->pdata);
}

/**
 * slipway_cluster_row_new:
 * @cluster: a cluster of the connection's model
 *
 * Returns: (transfer floating): a row that follows @cluster and its nodes:
 *   their states, as libvirt's events bring them
 */
GtkWidget *
slipway_cluster_row_new (SlipwayCluster *cluster)
{
  SlipwayClusterRow *self;
  GListModel *nodes;

  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (cluster), NULL);

  self = g_object_new (SLIPWAY_TYPE_CLUSTER_ROW,
                       "title", slipway_cluster_get_name (cluster),
                       NULL);
  self->cluster = g_object_ref (cluster);

  nodes = slipway_cluster_get_nodes (cluster);
  g_signal_connect_object (cluster, "notify::state", G_CALLBACK (update_from_model),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (nodes, "items-changed", G_CALLBACK (bind_nodes),
                           self, G_CONNECT_SWAPPED);
  bind_nodes (self);

  return GTK_WIDGET (self);
}

const char *
slipway_cluster_row_get_name (SlipwayClusterRow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER_ROW (self), NULL);

  return slipway_cluster_get_name (self->cluster);
}

/**
 * slipway_cluster_row_get_cluster:
 *
 * Returns: (transfer none): the model's cluster the row follows
 */
SlipwayCluster *
slipway_cluster_row_get_cluster (SlipwayClusterRow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER_ROW (self), NULL);

  return self->cluster;
}

static void
slipway_cluster_row_dispose (GObject *object)
{
  SlipwayClusterRow *self = (SlipwayClusterRow *)object;

  if (self->cluster != NULL)
    {
      GListModel *nodes = slipway_cluster_get_nodes (self->cluster);

      for (guint i = 0; i < g_list_model_get_n_items (nodes); i++)
        {
          g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

          g_signal_handlers_disconnect_by_data (node, self);
        }
      g_signal_handlers_disconnect_by_data (nodes, self);
      g_signal_handlers_disconnect_by_data (self->cluster, self);
      g_clear_object (&self->cluster);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_CLUSTER_ROW);

  G_OBJECT_CLASS (slipway_cluster_row_parent_class)->dispose (object);
}

static void
slipway_cluster_row_class_init (SlipwayClusterRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slipway_cluster_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-cluster-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterRow, state_label);
}

static void
slipway_cluster_row_init (SlipwayClusterRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
