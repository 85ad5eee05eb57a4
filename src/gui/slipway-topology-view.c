/* slipway-topology-view.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-node-row.h"
#include "slipway-topology-view-private.h"

/* The picture of a cluster: this computer, the network bar, and one card
 * per role with a box per node, each wired to the network. It is laid out
 * for the width it gets (height for width), so counts from 0 to dozens per
 * role stay readable; colours come from the style, so dark style works. */

G_DEFINE_FINAL_TYPE (SlipwayTopologyView, slipway_topology_view, GTK_TYPE_WIDGET)

static void
box_clear (Box *box)
{
  g_clear_pointer (&box->name, g_free);
  g_clear_pointer (&box->address, g_free);
  if (box->node != NULL)
    g_clear_signal_handler (&box->notify_id, box->node);
  g_clear_object (&box->node);
  g_clear_pointer (&box->button, gtk_widget_unparent);
}

/* A running cluster --------------------------------------------------- */

static void
update_live_box (SlipwayTopologyView *self,
                 Box                 *box)
{
  g_autofree char *label = NULL;

  box->state = slipway_node_describe_state (box->node, NULL, self->stale, &box->state_class);

  /* What a screen reader says of the box: all the picture shows of it. */
  if (box->is_api)
    /* Translators: accessible name of a node in the overview: its name,
     * address and state; it answers for the Kubernetes API */
    label = g_strdup_printf (_("%s, %s, %s, API endpoint"), box->name, box->address, box->state);
  else
    /* Translators: accessible name of a node in the overview: its name, address and state */
    label = g_strdup_printf (_("%s, %s, %s"), box->name, box->address, box->state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
node_notify_cb (SlipwayTopologyView *self,
                GParamSpec          *pspec,
                SlipwayNode         *node)
{
  for (guint i = 0; i < self->boxes->len; i++)
    {
      Box *box = &g_array_index (self->boxes, Box, i);

      if (box->node == node)
        update_live_box (self, box);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The node of box @index, with a button over the box that opens its
 * terminals (win.show-node, as the sidebar's rows do). */
static void
add_live_node (SlipwayTopologyView *self,
               guint                index)
{
  Box *box = &g_array_index (self->boxes, Box, index);
  g_autofree char *tooltip = NULL;

  box->node = slipway_cluster_find_node (self->cluster, box->name);
  if (box->node == NULL)
    return;

  g_object_ref (box->node);
  box->notify_id = g_signal_connect_object (box->node, "notify", G_CALLBACK (node_notify_cb), self,
                                            G_CONNECT_SWAPPED);

  box->button = gtk_button_new ();
  gtk_widget_add_css_class (box->button, "flat");
  gtk_widget_add_css_class (box->button, "topology-node");
  /* Translators: %s is a node name */
  tooltip = g_strdup_printf (_("Open the terminals of %s"), box->name);
  gtk_widget_set_tooltip_text (box->button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (box->button), "win.show-node");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (box->button), "s", box->name);
  gtk_widget_set_parent (box->button, GTK_WIDGET (self));
  update_live_box (self, box);
}

static void rebuild (SlipwayTopologyView *self);

/* Another spec (the cluster's may be replaced), or other nodes: made anew. */
static void
cluster_changed_cb (SlipwayTopologyView *self)
{
  self->spec = slipway_cluster_get_spec (self->cluster);
  rebuild (self);
}

static void
disconnect_cluster (SlipwayTopologyView *self)
{
  if (self->cluster == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->cluster, self);
  g_signal_handlers_disconnect_by_data (slipway_cluster_get_nodes (self->cluster), self);
}

/* The view draws a spec's name, subnet, network mode and roles, nothing
 * else of it: a spec that differs elsewhere changes nothing here. */
static gboolean
same_nodes (const SlipwaySpec *a,
            const SlipwaySpec *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  if (g_strcmp0 (a->name, b->name) != 0 || g_strcmp0 (a->subnet, b->subnet) != 0)
    return FALSE;

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    if (a->roles[r].count != b->roles[r].count)
      return FALSE;

  return TRUE;
}

static gboolean
same_drawing (const SlipwaySpec *a,
              const SlipwaySpec *b)
{
  if (!same_nodes (a, b))
    return FALSE;

  if (a == NULL)
    return TRUE;

  if (a->network != b->network || g_strcmp0 (a->domain, b->domain) != 0)
    return FALSE;

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    if (a->roles[r].vcpus != b->roles[r].vcpus ||
        a->roles[r].memory_bytes != b->roles[r].memory_bytes ||
        a->roles[r].disk_bytes != b->roles[r].disk_bytes)
      return FALSE;

  return TRUE;
}

/* While the plan has errors it has no topology: the boxes still get their
 * names, from the plan of a stand-in of the spec with a usable name and
 * subnet (and no host to check it against); the addresses wait. */
static SlipwayPlan *
new_names_plan (const SlipwaySpec *spec)
{
  g_autoptr(SlipwaySpec) stand_in = slipway_spec_copy (spec);

  if (!slipway_is_valid_name (stand_in->name))
    {
      g_free (stand_in->name);
      stand_in->name = g_strdup ("cluster");
    }
  g_free (stand_in->subnet);
  stand_in->subnet = g_strdup ("10.0.0.0/24");
  if (stand_in->image == NULL || stand_in->image[0] == '\0')
    {
      g_free (stand_in->image);
      stand_in->image = g_strdup ("image.qcow2");
    }

  return slipway_plan_new (stand_in, NULL);
}

static void
rebuild_nodes (SlipwayTopologyView *self)
{
  g_autoptr(SlipwayPlan) names_plan = NULL;
  const SlipwayTopology *topology = NULL;
  gboolean with_addresses;

  g_array_set_size (self->boxes, 0);
  g_array_set_size (self->groups, 0);
  g_clear_pointer (&self->subnet, g_free);
  g_clear_pointer (&self->host_address, g_free);
  g_clear_pointer (&self->network_name, g_free);
  g_clear_pointer (&self->domain, g_free);

  if (self->spec == NULL)
    return;

  /* Names and addresses come from the plan's (or the cluster's) topology,
   * never from a rule of our own. */
  self->n_rebuilds++;
  topology = self->cluster != NULL ? slipway_cluster_get_topology (self->cluster)
                                   : slipway_plan_get_topology (self->plan);
  with_addresses = topology != NULL;
  if (topology == NULL)
    {
      names_plan = new_names_plan (self->spec);
      topology = slipway_plan_get_topology (names_plan);
    }

  if (with_addresses)
    {
      self->subnet = g_strdup (topology->subnet);
      self->host_address = g_strdup (topology->host_ipv4);
      self->network_name = g_strdup (topology->network_name);
      self->domain = g_strdup (topology->domain);
    }
  else
    {
      self->network_name = slipway_topology_network_name (self->spec->name != NULL ? self->spec->name : "");
    }

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &self->spec->roles[r];
      Group group = { 0 };

      if (rs->count == 0)
        continue;

      group.role = r;
      group.count = MIN (rs->count, SLIPWAY_MAX_NODES);
      group.first_box = self->boxes->len;

      for (guint i = 0; i < group.count; i++)
        {
          Box box = { 0 };
          const SlipwayNodeInfo *node = NULL;

          /* Too many nodes for the core to name: boxes without names. */
          if (topology != NULL && self->boxes->len < topology->nodes->len)
            node = g_ptr_array_index (topology->nodes, self->boxes->len);

          box.role = r;
          box.name = g_strdup (node != NULL ? node->name : "—");
          box.address = g_strdup (node != NULL && with_addresses ? node->ipv4 : "—");
          box.is_api = node != NULL && with_addresses && g_strcmp0 (node->ipv4, topology->api_ipv4) == 0;
          g_array_append_val (self->boxes, box);
          if (self->cluster != NULL && node != NULL)
            add_live_node (self, self->boxes->len - 1);
        }

      g_array_append_val (self->groups, group);
    }
}

static float
card_width (guint columns)
{
  return MAX (CARD_MIN_W, columns * BOX_W + (columns - 1) * BOX_GAP + 2 * CARD_PAD);
}

/* Places everything for @width; returns the height it needs. */
float
_slipway_topology_view_layout (SlipwayTopologyView *self,
                               int                  width)
{
  float avail = MAX (width - 2 * MARGIN, CARD_MIN_W);
  float y = MARGIN + HOST_H + BAR_GAP + BAR_H + BAR_GAP;
  float total;
  guint n = self->groups->len;
  gboolean changed;

  self->laid_out_width = width;

  if (n == 0)
    {
      self->laid_out_height = y + MARGIN;
      return self->laid_out_height;
    }

  /* Side by side when one column per role fits, else one under the other. */
  total = (n - 1) * GROUP_GAP;
  for (guint g = 0; g < n; g++)
    {
      g_array_index (self->groups, Group, g).columns = 1;
      total += card_width (1);
    }
  self->stacked = total > avail;

  if (self->stacked)
    {
      float inner = avail - TRUNK_W - 2 * CARD_PAD;
      guint columns = MAX (1, (guint)((inner + BOX_GAP) / (BOX_W + BOX_GAP)));

      for (guint g = 0; g < n; g++)
        {
          Group *group = &g_array_index (self->groups, Group, g);
          guint rows;

          group->columns = MIN (columns, group->count);
          rows = (group->count + group->columns - 1) / group->columns;
          group->card = GRAPHENE_RECT_INIT (MARGIN + TRUNK_W, y, avail - TRUNK_W,
                                            2 * CARD_PAD + rows * self->box_h + (rows - 1) * BOX_GAP);
          y += group->card.size.height + CAPTION_H + GROUP_GAP;
        }
    }
  else
    {
      float x = MARGIN;

      /* Hand out the remaining width a column at a time, fairly. */
      do
        {
          changed = FALSE;
          for (guint g = 0; g < n; g++)
            {
              Group *group = &g_array_index (self->groups, Group, g);
              float extra;

              if (group->columns >= group->count)
                continue;
              extra = card_width (group->columns + 1) - card_width (group->columns);
              if (total + extra <= avail)
                {
                  group->columns++;
                  total += extra;
                  changed = TRUE;
                }
            }
        }
      while (changed);

      /* Centre the row of cards. */
      x += (avail - total) / 2;
      for (guint g = 0; g < n; g++)
        {
          Group *group = &g_array_index (self->groups, Group, g);
          guint rows = (group->count + group->columns - 1) / group->columns;

          group->card = GRAPHENE_RECT_INIT (x, y, card_width (group->columns),
                                            2 * CARD_PAD + rows * self->box_h + (rows - 1) * BOX_GAP);
          x += group->card.size.width + GROUP_GAP;
        }
    }

  total = 0;
  for (guint g = 0; g < n; g++)
    {
      Group *group = &g_array_index (self->groups, Group, g);
      float boxes_w = group->columns * BOX_W + (group->columns - 1) * BOX_GAP;
      float left = group->card.origin.x + (group->card.size.width - boxes_w) / 2;

      if (self->stacked)
        left = group->card.origin.x + CARD_PAD;

      group->bus_y = group->card.origin.y + CARD_PAD / 2;
      for (guint i = 0; i < group->count; i++)
        {
          Box *box = &g_array_index (self->boxes, Box, group->first_box + i);

          box->row = i / group->columns;
          box->column = i % group->columns;
          box->rect = GRAPHENE_RECT_INIT (left + box->column * (BOX_W + BOX_GAP),
                                          group->card.origin.y + CARD_PAD + box->row * (self->box_h + BOX_GAP),
                                          BOX_W, self->box_h);
        }

      total = MAX (total, group->card.origin.y + group->card.size.height + CAPTION_H);
    }

  self->laid_out_height = total + MARGIN;
  return self->laid_out_height;
}

static GtkSizeRequestMode
slipway_topology_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
slipway_topology_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  SlipwayTopologyView *self = SLIPWAY_TOPOLOGY_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int)(CARD_MIN_W + TRUNK_W + 2 * MARGIN);
      *natural = 720;
    }
  else
    {
      int width = for_size > 0 ? for_size : 720;

      *minimum = *natural = (int)(_slipway_topology_view_layout (self, width) + 0.999f);
    }
}

static void
slipway_topology_view_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  SlipwayTopologyView *self = SLIPWAY_TOPOLOGY_VIEW (widget);

  _slipway_topology_view_layout (self, width);

  for (guint i = 0; i < self->boxes->len; i++)
    {
      const Box *box = &g_array_index (self->boxes, Box, i);
      GtkAllocation allocation = {
        (int) box->rect.origin.x, (int) box->rect.origin.y,
        (int) box->rect.size.width, (int) box->rect.size.height,
      };

      if (box->button == NULL)
        continue;

      gtk_widget_measure (box->button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
      gtk_widget_size_allocate (box->button, &allocation, -1);
    }
}

static void
slipway_topology_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  SlipwayTopologyView *self = SLIPWAY_TOPOLOGY_VIEW (widget);

  _slipway_topology_view_draw (self, snapshot);

  /* The buttons over the boxes: hover and the focus ring. */
  for (guint i = 0; i < self->boxes->len; i++)
    {
      const Box *box = &g_array_index (self->boxes, Box, i);

      if (box->button != NULL)
        gtk_widget_snapshot_child (widget, box->button, snapshot);
    }
}

static void
slipway_topology_view_dispose (GObject *object)
{
  SlipwayTopologyView *self = (SlipwayTopologyView *)object;

  disconnect_cluster (self);
  g_clear_object (&self->cluster);
  if (self->boxes != NULL)
    g_array_set_size (self->boxes, 0);

  G_OBJECT_CLASS (slipway_topology_view_parent_class)->dispose (object);
}

static void
slipway_topology_view_css_changed (GtkWidget         *widget,
                                   GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (slipway_topology_view_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
slipway_topology_view_finalize (GObject *object)
{
  SlipwayTopologyView *self = (SlipwayTopologyView *)object;

  g_clear_object (&self->plan);
  g_clear_object (&self->cluster);
  self->spec = NULL;
  g_clear_pointer (&self->boxes, g_array_unref);
  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_pointer (&self->subnet, g_free);
  g_clear_pointer (&self->host_address, g_free);
  g_clear_pointer (&self->network_name, g_free);
  g_clear_pointer (&self->domain, g_free);

  G_OBJECT_CLASS (slipway_topology_view_parent_class)->finalize (object);
}

static void
slipway_topology_view_class_init (SlipwayTopologyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slipway_topology_view_dispose;
  object_class->finalize = slipway_topology_view_finalize;
  widget_class->snapshot = slipway_topology_view_snapshot;
  widget_class->measure = slipway_topology_view_measure;
  widget_class->get_request_mode = slipway_topology_view_get_request_mode;
  widget_class->size_allocate = slipway_topology_view_size_allocate;
  widget_class->css_changed = slipway_topology_view_css_changed;

  gtk_widget_class_set_css_name (widget_class, "topology");
  /* A group, not an image: a running cluster's nodes are buttons in it. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
slipway_topology_view_init (SlipwayTopologyView *self)
{
  self->boxes = g_array_new (FALSE, TRUE, sizeof (Box));
  g_array_set_clear_func (self->boxes, (GDestroyNotify)box_clear);
  self->groups = g_array_new (FALSE, TRUE, sizeof (Group));
  self->laid_out_width = -1;
  self->box_h = BOX_H;
}

GtkWidget *
slipway_topology_view_new (void)
{
  return g_object_new (SLIPWAY_TYPE_TOPOLOGY_VIEW, NULL);
}

static void
rebuild (SlipwayTopologyView *self)
{
  g_autofree char *summary = NULL;

  rebuild_nodes (self);
  self->laid_out_width = -1;
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    _slipway_topology_view_layout (self, gtk_widget_get_width (GTK_WIDGET (self)));

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "A picture of the cluster network with %u node",
                                          "A picture of the cluster network with %u nodes",
                                          self->boxes->len),
                             self->boxes->len);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);

  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * slipway_topology_view_set_cluster:
 * @cluster: (nullable): a cluster that exists, to draw live: each node's
 *   state in words and colour, its box a button that opens its terminals
 *
 * The same drawing as a plan's. A view shows a plan or a cluster, not
 * both: set the one to %NULL before the other.
 */
void
slipway_topology_view_set_cluster (SlipwayTopologyView *self,
                                   SlipwayCluster      *cluster)
{
  g_return_if_fail (SLIPWAY_IS_TOPOLOGY_VIEW (self));
  g_return_if_fail (cluster == NULL || SLIPWAY_IS_CLUSTER (cluster));
  g_return_if_fail (self->plan == NULL);

  if (self->cluster == cluster)
    return;

  disconnect_cluster (self);
  g_set_object (&self->cluster, cluster);
  self->spec = cluster != NULL ? slipway_cluster_get_spec (cluster) : NULL;
  self->box_h = cluster != NULL ? BOX_H_LIVE : BOX_H;
  if (cluster != NULL)
    {
      g_signal_connect_object (cluster, "notify::spec", G_CALLBACK (cluster_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (slipway_cluster_get_nodes (cluster), "items-changed",
                               G_CALLBACK (cluster_changed_cb), self, G_CONNECT_SWAPPED);
    }

  rebuild (self);
}

/**
 * slipway_topology_view_set_stale:
 * @stale: %TRUE while the connection to libvirt is lost: a running
 *   cluster's nodes then say their state is unknown, as the sidebar does
 */
void
slipway_topology_view_set_stale (SlipwayTopologyView *self,
                                 gboolean             stale)
{
  g_return_if_fail (SLIPWAY_IS_TOPOLOGY_VIEW (self));

  stale = !!stale;
  if (self->stale == stale)
    return;

  self->stale = stale;
  for (guint i = 0; i < self->boxes->len; i++)
    {
      Box *box = &g_array_index (self->boxes, Box, i);

      if (box->node != NULL)
        update_live_box (self, box);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * slipway_topology_view_set_plan:
 * @plan: (nullable): the plan of the cluster to draw, the one create makes
 */
void
slipway_topology_view_set_plan (SlipwayTopologyView *self,
                                SlipwayPlan         *plan)
{
  g_autoptr(SlipwayPlan) old = NULL;
  const SlipwaySpec *spec = plan != NULL ? slipway_plan_get_spec (plan) : NULL;
  gboolean nodes_changed;

  g_return_if_fail (SLIPWAY_IS_TOPOLOGY_VIEW (self));
  g_return_if_fail (plan == NULL || SLIPWAY_IS_PLAN (plan));
  g_return_if_fail (self->cluster == NULL);

  /* A plan that just gained or lost its topology has other names. */
  nodes_changed = !same_nodes (self->spec, spec) ||
                  (self->plan != NULL && plan != NULL &&
                   (slipway_plan_get_topology (self->plan) == NULL) != (slipway_plan_get_topology (plan) == NULL));
  if (!nodes_changed && same_drawing (self->spec, spec))
    return;

  old = g_steal_pointer (&self->plan);
  self->plan = plan != NULL ? g_object_ref (plan) : NULL;
  self->spec = spec;

  /* Other resources, network mode or domain: the same boxes, new captions. */
  if (!nodes_changed)
    {
      const SlipwayTopology *topology = plan != NULL ? slipway_plan_get_topology (plan) : NULL;

      g_free (self->domain);
      self->domain = topology != NULL ? g_strdup (topology->domain) : NULL;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  rebuild (self);
}

/**
 * slipway_topology_view_get_n_rebuilds:
 *
 * For tests: how many times the boxes were made anew, which happens only
 * when a node's name or address, or the number of nodes, may have changed.
 *
 * Returns: the count since the view was made
 */
guint
slipway_topology_view_get_n_rebuilds (SlipwayTopologyView *self)
{
  g_return_val_if_fail (SLIPWAY_IS_TOPOLOGY_VIEW (self), 0);

  return self->n_rebuilds;
}

/**
 * slipway_topology_view_get_n_nodes:
 *
 * Returns: how many node boxes the picture has
 */
guint
slipway_topology_view_get_n_nodes (SlipwayTopologyView *self)
{
  g_return_val_if_fail (SLIPWAY_IS_TOPOLOGY_VIEW (self), 0);

  return self->boxes->len;
}

/**
 * slipway_topology_view_get_node:
 * @bounds: (out) (optional): where the box is, in widget coordinates, as last laid out
 *
 * Returns: %FALSE when @index is out of range
 */
gboolean
slipway_topology_view_get_node (SlipwayTopologyView  *self,
                                guint                 index,
                                graphene_rect_t      *bounds,
                                const char          **name,
                                const char          **address,
                                SlipwayRole          *role)
{
  const Box *box;

  g_return_val_if_fail (SLIPWAY_IS_TOPOLOGY_VIEW (self), FALSE);

  if (index >= self->boxes->len)
    return FALSE;

  box = &g_array_index (self->boxes, Box, index);
  if (bounds != NULL)
    *bounds = box->rect;
  if (name != NULL)
    *name = box->name;
  if (address != NULL)
    *address = box->address;
  if (role != NULL)
    *role = box->role;

  return TRUE;
}

/**
 * slipway_topology_view_get_node_state:
 *
 * Returns: (nullable): the state box @index shows ("Ready"), or %NULL when
 *   the view draws a plan
 */
const char *
slipway_topology_view_get_node_state (SlipwayTopologyView *self,
                                      guint                index)
{
  g_return_val_if_fail (SLIPWAY_IS_TOPOLOGY_VIEW (self), NULL);

  if (index >= self->boxes->len)
    return NULL;

  return g_array_index (self->boxes, Box, index).state;
}

/**
 * slipway_topology_view_get_node_button:
 *
 * Returns: (nullable) (transfer none): the button over box @index, which
 *   opens the node's terminals; %NULL when the view draws a plan
 */
GtkWidget *
slipway_topology_view_get_node_button (SlipwayTopologyView *self,
                                       guint                index)
{
  g_return_val_if_fail (SLIPWAY_IS_TOPOLOGY_VIEW (self), NULL);

  if (index >= self->boxes->len)
    return NULL;

  return g_array_index (self->boxes, Box, index).button;
}
