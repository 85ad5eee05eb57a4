/* slipway-topology-view.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-topology-view.h"

/* The picture of a cluster: this computer, the network bar, and one card
 * per role with a box per node, each wired to the network. It is laid out
 * for the width it gets (height for width), so counts from 0 to dozens per
 * role stay readable; colours come from the style, so dark style works. */

#define MARGIN      12.f
#define HOST_W      200.f
#define HOST_H      48.f
#define BAR_H       30.f
#define BAR_GAP     22.f
#define BOX_W       120.f
#define BOX_H       48.f
#define BOX_GAP     12.f
#define CARD_PAD    14.f
#define CARD_MIN_W  184.f
#define GROUP_GAP   16.f
#define CAPTION_H   44.f
#define TRUNK_W     18.f

typedef struct
{
  SlipwayRole      role;
  char            *name;
  char            *address;
  gboolean         is_api;
  guint            row;
  guint            column;
  graphene_rect_t  rect;
} Box;

typedef struct
{
  SlipwayRole      role;
  guint            count;
  guint            columns;
  guint            first_box;
  graphene_rect_t  card;
  float            bus_y;
} Group;

struct _SlipwayTopologyView
{
  GtkWidget        parent_instance;

  SlipwaySpec     *spec;
  char            *subnet;
  char            *host_address;
  char            *network_name;
  GArray          *boxes;          /* Box */
  GArray          *groups;         /* Group */
  int              laid_out_width;
  float            laid_out_height;
  gboolean         stacked;
};

G_DEFINE_FINAL_TYPE (SlipwayTopologyView, slipway_topology_view, GTK_TYPE_WIDGET)

static void
box_clear (Box *box)
{
  g_clear_pointer (&box->name, g_free);
  g_clear_pointer (&box->address, g_free);
}

static const char *
role_group_title (SlipwayRole role)
{
  switch (role)
    {
    case SLIPWAY_ROLE_GATEWAY:
      return _("Gateway");
    case SLIPWAY_ROLE_CONTROL:
      return _("Control plane");
    case SLIPWAY_ROLE_WORKER:
      return _("Workers");
    default:
      g_assert_not_reached ();
    }
}

/* Names and addresses, from the core's topology when the subnet is valid;
 * names only (the same rules) while it is not. */
static void
rebuild_nodes (SlipwayTopologyView *self)
{
  g_autoptr(SlipwayTopology) topology = NULL;

  g_array_set_size (self->boxes, 0);
  g_array_set_size (self->groups, 0);
  g_clear_pointer (&self->subnet, g_free);
  g_clear_pointer (&self->host_address, g_free);
  g_clear_pointer (&self->network_name, g_free);

  if (self->spec == NULL)
    return;

  if (self->spec->subnet != NULL && slipway_is_valid_name (self->spec->name))
    topology = slipway_topology_new (self->spec, NULL);

  if (topology != NULL)
    {
      self->subnet = g_strdup (topology->subnet);
      self->host_address = g_strdup (topology->host_ipv4);
      self->network_name = g_strdup (topology->network_name);
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

          box.role = r;
          if (topology != NULL && self->boxes->len < topology->nodes->len)
            {
              const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, self->boxes->len);

              box.name = g_strdup (node->name);
              box.address = g_strdup (node->ipv4);
              box.is_api = g_strcmp0 (node->ipv4, topology->api_ipv4) == 0;
            }
          else
            {
              if (r == SLIPWAY_ROLE_GATEWAY && group.count == 1)
                box.name = g_strdup (slipway_role_to_string (r));
              else
                box.name = g_strdup_printf ("%s%u", slipway_role_to_string (r), i);
              box.address = g_strdup ("—");
            }
          g_array_append_val (self->boxes, box);
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
static float
layout (SlipwayTopologyView *self,
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
                                            2 * CARD_PAD + rows * BOX_H + (rows - 1) * BOX_GAP);
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
                                            2 * CARD_PAD + rows * BOX_H + (rows - 1) * BOX_GAP);
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
                                          group->card.origin.y + CARD_PAD + box->row * (BOX_H + BOX_GAP),
                                          BOX_W, BOX_H);
        }

      total = MAX (total, group->card.origin.y + group->card.size.height + CAPTION_H);
    }

  self->laid_out_height = total + MARGIN;
  return self->laid_out_height;
}

/* Drawing ---------------------------------------------------------------- */

typedef struct
{
  GdkRGBA fg;
  GdkRGBA dim;
  GdkRGBA line;
  GdkRGBA card;
  GdkRGBA accent_bg;
  GdkRGBA accent_fg;
  GdkRGBA roles[SLIPWAY_N_ROLES];
} Palette;

/* GTK 4.8 has no gtk_widget_get_color (): the style context is the way. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
lookup (GtkStyleContext *context,
        const char      *name,
        const char      *fallback,
        GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static void
palette_init (SlipwayTopologyView *self,
              Palette             *p)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &p->fg);
  p->dim = p->fg;
  p->dim.alpha *= 0.62f;
  p->line = p->fg;
  p->line.alpha *= 0.32f;
  lookup (context, "card_bg_color", "#ffffff", &p->card);
  lookup (context, "accent_bg_color", "#3584e4", &p->accent_bg);
  lookup (context, "accent_fg_color", "#ffffff", &p->accent_fg);
  lookup (context, "orange_3", "#ff7800", &p->roles[SLIPWAY_ROLE_GATEWAY]);
  lookup (context, "blue_3", "#3584e4", &p->roles[SLIPWAY_ROLE_CONTROL]);
  lookup (context, "green_4", "#2ec27e", &p->roles[SLIPWAY_ROLE_WORKER]);
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
fill_rounded (GtkSnapshot           *snapshot,
              const graphene_rect_t *rect,
              float                  radius,
              const GdkRGBA         *fill,
              const GdkRGBA         *border,
              float                  border_width)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  if (fill != NULL)
    {
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, fill, rect);
      gtk_snapshot_pop (snapshot);
    }
  if (border != NULL)
    {
      const float widths[4] = { border_width, border_width, border_width, border_width };
      const GdkRGBA colors[4] = { *border, *border, *border, *border };

      gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
    }
}

static void
line (GtkSnapshot   *snapshot,
      float          x0,
      float          y0,
      float          x1,
      float          y1,
      const GdkRGBA *color)
{
  graphene_rect_t rect;

  /* Only straight lines: a thin rectangle is crisp at any scale. */
  if (x0 == x1)
    rect = GRAPHENE_RECT_INIT (x0 - 1, MIN (y0, y1), 2, ABS (y1 - y0));
  else
    rect = GRAPHENE_RECT_INIT (MIN (x0, x1), y0 - 1, ABS (x1 - x0), 2);
  gtk_snapshot_append_color (snapshot, color, &rect);
}

static void
text (SlipwayTopologyView *self,
      GtkSnapshot         *snapshot,
      const char          *str,
      float                x,
      float                y,
      float                width,
      gboolean             bold,
      double               scale,
      PangoAlignment       alignment,
      const GdkRGBA       *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), str);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, alignment);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
slipway_topology_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  SlipwayTopologyView *self = SLIPWAY_TOPOLOGY_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  float bar_y = MARGIN + HOST_H + BAR_GAP;
  float host_w = MIN (HOST_W, width - 2 * MARGIN);
  graphene_rect_t host = GRAPHENE_RECT_INIT (MARGIN, MARGIN, host_w, HOST_H);
  graphene_rect_t bar = GRAPHENE_RECT_INIT (MARGIN, bar_y, width - 2 * MARGIN, BAR_H);
  g_autofree char *host_line = NULL;
  g_autofree char *bar_label = NULL;
  const char *mode;
  Palette p;

  if (self->spec == NULL || width <= 0)
    return;

  if (self->laid_out_width != width)
    layout (self, width);

  palette_init (self, &p);

  /* This computer, and how the network leaves it. */
  line (snapshot, host.origin.x + 32, host.origin.y + host.size.height, host.origin.x + 32, bar_y, &p.line);
  fill_rounded (snapshot, &host, 8, &p.card, &p.line, 1);
  text (self, snapshot, _("This computer"), host.origin.x + 12, host.origin.y + 6,
        host.size.width - 24, TRUE, 1.0, PANGO_ALIGN_LEFT, &p.fg);
  /* Translators: "vmhost" is a DNS name, %s its IPv4 address */
  host_line = g_strdup_printf (_("vmhost · %s"), self->host_address != NULL ? self->host_address : "—");
  text (self, snapshot, host_line, host.origin.x + 12, host.origin.y + 26,
        host.size.width - 24, FALSE, 0.85, PANGO_ALIGN_LEFT, &p.dim);

  mode = self->spec->network == SLIPWAY_NETWORK_NAT
         ? _("NAT: the nodes reach the internet through this computer")
         : _("Isolated: the nodes reach only each other and this computer");
  if (width - 2 * MARGIN - host_w - 16 > 80)
    text (self, snapshot, mode, host.origin.x + host_w + 16, host.origin.y + 15,
          width - 2 * MARGIN - host_w - 16, FALSE, 0.85, PANGO_ALIGN_LEFT, &p.dim);

  /* The network. */
  fill_rounded (snapshot, &bar, BAR_H / 2, &p.accent_bg, NULL, 0);
  /* Translators: a libvirt network name, then its subnet "10.77.3.0/24" */
  bar_label = g_strdup_printf (_("%s · %s"), self->network_name,
                               self->subnet != NULL ? self->subnet : _("no subnet yet"));
  text (self, snapshot, bar_label, bar.origin.x + 16, bar.origin.y + 6,
        bar.size.width - 32, TRUE, 0.9, PANGO_ALIGN_CENTER, &p.accent_fg);

  /* Roles: a card each, its nodes wired to the bar. */
  for (guint g = 0; g < self->groups->len; g++)
    {
      const Group *group = &g_array_index (self->groups, Group, g);
      const SlipwayRoleSpec *rs = &self->spec->roles[group->role];
      GdkRGBA tint = p.roles[group->role];
      GdkRGBA edge = p.roles[group->role];
      const Box *first = &g_array_index (self->boxes, Box, group->first_box);
      const Box *last_in_row0 = &g_array_index (self->boxes, Box, group->first_box + group->columns - 1);
      float bus_x0 = first->rect.origin.x + BOX_W / 2;
      float bus_x1 = last_in_row0->rect.origin.x + BOX_W / 2;
      g_autofree char *memory = slipway_format_size (rs->memory_bytes);
      g_autofree char *disk = slipway_format_size (rs->disk_bytes);
      g_autofree char *resources = NULL;

      tint.alpha = 0.10f;
      edge.alpha = 0.45f;
      fill_rounded (snapshot, &group->card, 12, &tint, &edge, 1);

      /* The bus along the top of the card, and how it reaches the bar. */
      line (snapshot, bus_x0, group->bus_y, bus_x1 + (bus_x0 == bus_x1 ? 0 : 1), group->bus_y, &p.line);
      if (self->stacked)
        {
          float trunk_x = MARGIN + TRUNK_W / 2;

          line (snapshot, trunk_x, bar_y + BAR_H, trunk_x, group->bus_y + 1, &p.line);
          line (snapshot, trunk_x, group->bus_y, bus_x0, group->bus_y, &p.line);
        }
      else
        {
          for (guint c = 0; c < group->columns; c++)
            {
              const Box *top = &g_array_index (self->boxes, Box, group->first_box + c);
              float x = top->rect.origin.x + BOX_W / 2;

              line (snapshot, x, bar_y + BAR_H, x, group->bus_y, &p.line);
            }
        }

      for (guint i = 0; i < group->count; i++)
        {
          const Box *box = &g_array_index (self->boxes, Box, group->first_box + i);
          float cx = box->rect.origin.x + BOX_W / 2;
          float above = box->row == 0 ? group->bus_y : box->rect.origin.y - BOX_GAP;

          line (snapshot, cx, above, cx, box->rect.origin.y, &p.line);
          fill_rounded (snapshot, &box->rect, 8, &p.card, &p.roles[group->role], 1.5);
          text (self, snapshot, box->name, box->rect.origin.x + 10, box->rect.origin.y + 6,
                BOX_W - 20, TRUE, 0.95, PANGO_ALIGN_LEFT, &p.fg);
          text (self, snapshot, box->address, box->rect.origin.x + 10, box->rect.origin.y + 26,
                BOX_W - 20, FALSE, 0.8, PANGO_ALIGN_LEFT, &p.dim);
          if (box->is_api)
            /* Translators: marks the node that answers for the Kubernetes API */
            text (self, snapshot, C_("topology", "API"), box->rect.origin.x + BOX_W - 44,
                  box->rect.origin.y + 6, 36, TRUE, 0.7, PANGO_ALIGN_RIGHT, &p.roles[group->role]);
        }

      /* Translators: a number of nodes, then virtual CPUs, memory and disk of each,
       * "3 × 2 vCPUs · 2GiB · 20GiB" */
      resources = g_strdup_printf (_("%u × %u vCPU · %s · %s"),
                                   group->count, rs->vcpus, memory, disk);
      text (self, snapshot, role_group_title (group->role), group->card.origin.x + 4,
            group->card.origin.y + group->card.size.height + 6, group->card.size.width - 8,
            TRUE, 0.9, PANGO_ALIGN_LEFT, &p.fg);
      text (self, snapshot, resources, group->card.origin.x + 4,
            group->card.origin.y + group->card.size.height + 24, group->card.size.width - 8,
            FALSE, 0.8, PANGO_ALIGN_LEFT, &p.dim);
    }

  if (self->groups->len == 0)
    text (self, snapshot, _("No nodes"), MARGIN, bar_y + BAR_H + BAR_GAP,
          width - 2 * MARGIN, FALSE, 1.0, PANGO_ALIGN_CENTER, &p.dim);
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

      *minimum = *natural = (int)(layout (self, width) + 0.999f);
    }
}

static void
slipway_topology_view_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  layout (SLIPWAY_TOPOLOGY_VIEW (widget), width);
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

  g_clear_pointer (&self->spec, slipway_spec_free);
  g_clear_pointer (&self->boxes, g_array_unref);
  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_pointer (&self->subnet, g_free);
  g_clear_pointer (&self->host_address, g_free);
  g_clear_pointer (&self->network_name, g_free);

  G_OBJECT_CLASS (slipway_topology_view_parent_class)->finalize (object);
}

static void
slipway_topology_view_class_init (SlipwayTopologyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = slipway_topology_view_finalize;
  widget_class->snapshot = slipway_topology_view_snapshot;
  widget_class->measure = slipway_topology_view_measure;
  widget_class->get_request_mode = slipway_topology_view_get_request_mode;
  widget_class->size_allocate = slipway_topology_view_size_allocate;
  widget_class->css_changed = slipway_topology_view_css_changed;

  gtk_widget_class_set_css_name (widget_class, "topology");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
slipway_topology_view_init (SlipwayTopologyView *self)
{
  self->boxes = g_array_new (FALSE, TRUE, sizeof (Box));
  g_array_set_clear_func (self->boxes, (GDestroyNotify)box_clear);
  self->groups = g_array_new (FALSE, TRUE, sizeof (Group));
  self->laid_out_width = -1;
}

GtkWidget *
slipway_topology_view_new (void)
{
  return g_object_new (SLIPWAY_TYPE_TOPOLOGY_VIEW, NULL);
}

/**
 * slipway_topology_view_set_spec:
 * @spec: (nullable): the cluster to draw; copied
 */
void
slipway_topology_view_set_spec (SlipwayTopologyView *self,
                                const SlipwaySpec   *spec)
{
  g_autofree char *summary = NULL;

  g_return_if_fail (SLIPWAY_IS_TOPOLOGY_VIEW (self));

  g_clear_pointer (&self->spec, slipway_spec_free);
  if (spec != NULL)
    self->spec = slipway_spec_copy (spec);

  rebuild_nodes (self);
  self->laid_out_width = -1;
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    layout (self, gtk_widget_get_width (GTK_WIDGET (self)));

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
