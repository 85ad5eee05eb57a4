/* slipway-node-pane.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-node-pane.h"

/* A node in a terminal group: its serial console and its SSH session, one
 * shown at a time. The group's Serial/SSH toggle chooses which, for all its
 * nodes at once: one place to switch, as tmux has a window per kind. The
 * same node has a pane in its role's group and one in "All nodes": a
 * terminal has one parent. */
struct _SlipwayNodePane
{
  GtkBox             parent_instance;

  GtkWidget         *header;
  GtkLabel          *name_label;
  GtkStack          *stack;

  SlipwayNode       *item;
  SlipwayConsoleTab *tabs[SLIPWAY_N_PANE_SLOTS];
  SlipwayPaneSlot    slot;
};

G_DEFINE_FINAL_TYPE (SlipwayNodePane, slipway_node_pane, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_SLOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
slipway_pane_slot_to_string (SlipwayPaneSlot slot)
{
  return slot == SLIPWAY_PANE_SLOT_SSH ? "ssh" : "serial";
}

GtkWidget *
slipway_node_pane_new (SlipwayNode       *item,
                       SlipwayConsoleTab *serial,
                       SlipwayConsoleTab *ssh)
{
  SlipwayNodePane *self;

  g_return_val_if_fail (SLIPWAY_IS_NODE (item), NULL);
  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (serial), NULL);
  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (ssh), NULL);

  self = g_object_new (SLIPWAY_TYPE_NODE_PANE, "orientation", GTK_ORIENTATION_VERTICAL, NULL);
  self->item = g_object_ref (item);
  self->tabs[SLIPWAY_PANE_SLOT_SERIAL] = serial;
  self->tabs[SLIPWAY_PANE_SLOT_SSH] = ssh;

  /* The node's name above its terminal, in a tiled group only: in tabs
   * the tab says it. */
  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->header, "node-pane-header");
  gtk_widget_set_visible (self->header, FALSE);
  self->name_label = GTK_LABEL (gtk_label_new (slipway_node_get_name (item)));
  gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "heading");
  gtk_widget_set_hexpand (GTK_WIDGET (self->name_label), TRUE);
  gtk_label_set_xalign (self->name_label, 0);
  gtk_label_set_ellipsize (self->name_label, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->name_label));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  for (guint i = 0; i < SLIPWAY_N_PANE_SLOTS; i++)
    gtk_stack_add_named (self->stack, GTK_WIDGET (self->tabs[i]), slipway_pane_slot_to_string (i));

  gtk_box_append (GTK_BOX (self), self->header);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->stack));

  self->slot = SLIPWAY_PANE_SLOT_SSH;
  slipway_node_pane_set_slot (self, SLIPWAY_PANE_SLOT_SERIAL);

  return GTK_WIDGET (self);
}

SlipwayNode     *
slipway_node_pane_get_node (SlipwayNodePane *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_PANE (self), NULL);

  return self->item;
}

const char *
slipway_node_pane_get_name (SlipwayNodePane *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_PANE (self), NULL);

  return slipway_node_get_name (self->item);
}

SlipwayConsoleTab *
slipway_node_pane_get_tab (SlipwayNodePane *self,
                           SlipwayPaneSlot  slot)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_PANE (self), NULL);
  g_return_val_if_fail (slot < SLIPWAY_N_PANE_SLOTS, NULL);

  return self->tabs[slot];
}

SlipwayPaneSlot
slipway_node_pane_get_slot (SlipwayNodePane *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_PANE (self), SLIPWAY_PANE_SLOT_SERIAL);

  return self->slot;
}

void
slipway_node_pane_set_slot (SlipwayNodePane *self,
                            SlipwayPaneSlot  slot)
{
  gboolean had_focus;

  g_return_if_fail (SLIPWAY_IS_NODE_PANE (self));
  g_return_if_fail (slot < SLIPWAY_N_PANE_SLOTS);

  if (self->slot == slot)
    return;

  had_focus = gtk_widget_has_focus (GTK_WIDGET (slipway_console_tab_get_terminal (self->tabs[self->slot])));
  self->slot = slot;
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->tabs[slot]));
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (slipway_console_tab_get_terminal (self->tabs[slot])));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOT]);
}

/* In a tiled group each pane shows its node's name; in tabs the tab does. */
void
slipway_node_pane_set_show_name (SlipwayNodePane *self,
                                 gboolean         show_name)
{
  g_return_if_fail (SLIPWAY_IS_NODE_PANE (self));

  gtk_widget_set_visible (self->header, show_name);
}

static gboolean
slipway_node_pane_grab_focus (GtkWidget *widget)
{
  SlipwayNodePane *self = SLIPWAY_NODE_PANE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (slipway_console_tab_get_terminal (self->tabs[self->slot])));
}

static void
slipway_node_pane_dispose (GObject *object)
{
  SlipwayNodePane *self = (SlipwayNodePane *)object;

  g_clear_object (&self->item);

  G_OBJECT_CLASS (slipway_node_pane_parent_class)->dispose (object);
}

static void
slipway_node_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlipwayNodePane *self = SLIPWAY_NODE_PANE (object);

  switch (prop_id)
    {
    case PROP_SLOT:
      g_value_set_uint (value, self->slot);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_node_pane_class_init (SlipwayNodePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slipway_node_pane_dispose;
  object_class->get_property = slipway_node_pane_get_property;
  widget_class->grab_focus = slipway_node_pane_grab_focus;

  properties[PROP_SLOT] =
    g_param_spec_uint ("slot", NULL, NULL, 0, SLIPWAY_N_PANE_SLOTS - 1, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "nodepane");
}

static void
slipway_node_pane_init (SlipwayNodePane *self)
{
}
