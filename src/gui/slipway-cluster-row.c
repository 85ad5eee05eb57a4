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
  char         *name;
};

G_DEFINE_FINAL_TYPE (SlipwayClusterRow, slipway_cluster_row, ADW_TYPE_ACTION_ROW)

typedef enum
{
  CLUSTER_STATE_EMPTY,
  CLUSTER_STATE_STOPPED,
  CLUSTER_STATE_PARTLY_RUNNING,
  CLUSTER_STATE_RUNNING,
  CLUSTER_STATE_INCOMPLETE,
  CLUSTER_STATE_CRASHED,
} ClusterState;

static guint
get_n_nodes (const SlipwayClusterStatus *status)
{
  return status->topology != NULL ? slipway_topology_get_n_nodes (status->topology) : 0;
}

static ClusterState
get_cluster_state (const SlipwayClusterStatus *status)
{
  guint n_nodes = get_n_nodes (status);
  guint n_running = slipway_cluster_status_count (status, SLIPWAY_NODE_STATE_RUNNING);
  guint n_stopped = slipway_cluster_status_count (status, SLIPWAY_NODE_STATE_STOPPED);

  if (n_nodes == 0)
    return CLUSTER_STATE_EMPTY;
  if (slipway_cluster_status_count (status, SLIPWAY_NODE_STATE_CRASHED) > 0)
    return CLUSTER_STATE_CRASHED;
  if (slipway_cluster_status_count (status, SLIPWAY_NODE_STATE_MISSING) > 0)
    return CLUSTER_STATE_INCOMPLETE;
  if (n_running == n_nodes)
    return CLUSTER_STATE_RUNNING;
  if (n_stopped == n_nodes)
    return CLUSTER_STATE_STOPPED;

  return CLUSTER_STATE_PARTLY_RUNNING;
}

static void
set_state (SlipwayClusterRow *self,
           ClusterState       state)
{
  static const char * const css_classes[] = { "empty", "stopped", "partly-running",
                                              "running", "incomplete", "crashed" };
  const char *label = NULL;

  G_STATIC_ASSERT (G_N_ELEMENTS (css_classes) == CLUSTER_STATE_CRASHED + 1);

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

  gtk_label_set_label (self->state_label, label);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css_classes[state]);
}

/**
 * slipway_cluster_row_format_summary:
 * @status: a cluster found on the connection
 *
 * Formats the facts about a cluster that fit on one line, such as
 * “7 nodes · 3 running · 10.77.3.0/24 · lab.test”.
 *
 * Returns: (transfer full): the summary
 */
char *
slipway_cluster_row_format_summary (const SlipwayClusterStatus *status)
{
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  guint n_nodes;
  guint n_running;

  g_return_val_if_fail (status != NULL, NULL);

  n_nodes = get_n_nodes (status);
  n_running = slipway_cluster_status_count (status, SLIPWAY_NODE_STATE_RUNNING);

  g_ptr_array_add (facts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node", "%u nodes",
                                                        n_nodes),
                                           n_nodes));
  g_ptr_array_add (facts,
                   /* Translators: how many nodes of a cluster are running */
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u running", "%u running",
                                                 n_running),
                                    n_running));

  if (status->topology != NULL && status->topology->subnet != NULL)
    g_ptr_array_add (facts, g_strdup (status->topology->subnet));
  if (status->topology != NULL && status->topology->domain != NULL &&
      status->topology->domain[0] != '\0')
    g_ptr_array_add (facts, g_strdup (status->topology->domain));

  g_ptr_array_add (facts, NULL);

  /* Translators: separates facts, as in “7 nodes · 3 running · 10.77.3.0/24 · lab.test” */
  return g_strjoinv (_(" · "), (char **)facts->pdata);
}

/**
 * slipway_cluster_row_new:
 * @status: a cluster found on the connection
 *
 * Returns: (transfer floating): a row showing @status
 */
GtkWidget *
slipway_cluster_row_new (const SlipwayClusterStatus *status)
{
  SlipwayClusterRow *self;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (status != NULL, NULL);
  g_return_val_if_fail (status->name != NULL, NULL);

  summary = slipway_cluster_row_format_summary (status);
  self = g_object_new (SLIPWAY_TYPE_CLUSTER_ROW,
                       "title", status->name,
                       "subtitle", summary,
                       NULL);
  self->name = g_strdup (status->name);
  set_state (self, get_cluster_state (status));

  return GTK_WIDGET (self);
}

const char *
slipway_cluster_row_get_name (SlipwayClusterRow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER_ROW (self), NULL);

  return self->name;
}

static void
slipway_cluster_row_dispose (GObject *object)
{
  SlipwayClusterRow *self = (SlipwayClusterRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_CLUSTER_ROW);

  G_OBJECT_CLASS (slipway_cluster_row_parent_class)->dispose (object);
}

static void
slipway_cluster_row_finalize (GObject *object)
{
  SlipwayClusterRow *self = (SlipwayClusterRow *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (slipway_cluster_row_parent_class)->finalize (object);
}

static void
slipway_cluster_row_class_init (SlipwayClusterRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slipway_cluster_row_dispose;
  object_class->finalize = slipway_cluster_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-cluster-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlipwayClusterRow, state_label);
}

static void
slipway_cluster_row_init (SlipwayClusterRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
