/* slipway-topology-view-draw.c: how SlipwayTopologyView paints
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-topology-view-private.h"

/* One drawing for the wizard's plan and for a running cluster: the
 * running one adds each node's state, in words and in colour. */

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
  GdkRGBA success;
  GdkRGBA working;
  GdkRGBA error;
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
  /* The sidebar's colours for a node's state (style.css, .node-state). */
  lookup (context, "success_color", "#26a269", &p->success);
  lookup (context, "accent_color", "#1c71d8", &p->working);
  lookup (context, "error_color", "#c01c28", &p->error);
}

/* A node's state class ("ready", "crashed"…) as the sidebar colours it. */
static const GdkRGBA *
state_color (const Palette *p,
             const char    *state_class)
{
  static const char * const working[] = { "booting", "busy", "shutting-down", "paused", NULL };

  if (g_strcmp0 (state_class, "ready") == 0)
    return &p->success;
  if (g_strcmp0 (state_class, "crashed") == 0 || g_strcmp0 (state_class, "untrusted") == 0)
    return &p->error;
  if (state_class != NULL && g_strv_contains (working, state_class))
    return &p->working;

  return &p->dim;
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

/* A node of a running cluster: tinted with its state's colour, and the
 * state in words under the address, after a dot of that colour. */
static void
draw_state (SlipwayTopologyView *self,
            GtkSnapshot         *snapshot,
            const Box           *box,
            const Palette       *p)
{
  const GdkRGBA *color = state_color (p, box->state_class);
  GdkRGBA tint = *color;
  graphene_rect_t dot = GRAPHENE_RECT_INIT (box->rect.origin.x + 10, box->rect.origin.y + 52, 8, 8);

  tint.alpha *= 0.12f;
  fill_rounded (snapshot, &box->rect, 8, &tint, NULL, 0);
  fill_rounded (snapshot, &dot, 4, color, NULL, 0);
  text (self, snapshot, box->state, box->rect.origin.x + 24, box->rect.origin.y + 46,
        BOX_W - 34, TRUE, 0.8, PANGO_ALIGN_LEFT, color);
}

void
_slipway_topology_view_draw (SlipwayTopologyView *self,
                             GtkSnapshot         *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);
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
    _slipway_topology_view_layout (self, width);

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
  if (self->domain != NULL)
    /* Translators: a libvirt network name, its subnet "10.77.3.0/24" and its DNS domain "lab.test" */
    bar_label = g_strdup_printf (_("%s · %s · %s"), self->network_name,
                                 self->subnet != NULL ? self->subnet : _("no subnet yet"), self->domain);
  else
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
          if (box->state != NULL)
            draw_state (self, snapshot, box, &p);
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
      text (self, snapshot, slipway_role_get_title (group->role), group->card.origin.x + 4,
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

