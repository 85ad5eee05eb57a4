/* slipway-node-row.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-node-row.h"

/* A node in the sidebar: its name, address and readiness, its state as a
 * pill, and a menu of lifecycle actions (win.start and so on, with the
 * node's name as target). */
struct _SlipwayNodeRow
{
  AdwActionRow     parent_instance;

  /* Template widgets */
  GtkLabel        *state_label;
  GtkMenuButton   *menu_button;

  /* Owned references */
  SlipwayNodeItem *item;
};

G_DEFINE_FINAL_TYPE (SlipwayNodeRow, slipway_node_row, ADW_TYPE_ACTION_ROW)

/**
 * slipway_node_menu_new:
 * @target: a node name, a role ("worker") or "" for the whole cluster
 *
 * Returns: (transfer full): the lifecycle menu for @target
 */
GMenuModel *
slipway_node_menu_new (const char *target,
                       gboolean    with_start)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) power = g_menu_new ();
  g_autoptr(GMenu) reset = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;

  if (with_start)
    {
      item = g_menu_item_new (_("_Start"), NULL);
      g_menu_item_set_action_and_target (item, "win.start", "s", target);
      g_menu_append_item (power, item);
      g_clear_object (&item);
    }

  item = g_menu_item_new (_("Shut _Down"), NULL);
  g_menu_item_set_action_and_target (item, "win.shutdown", "s", target);
  g_menu_append_item (power, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("_Force Off"), NULL);
  g_menu_item_set_action_and_target (item, "win.force-off", "s", target);
  g_menu_append_item (power, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("_Reset…"), NULL);
  g_menu_item_set_action_and_target (item, "win.reset", "s", target);
  g_menu_append_item (reset, item);
  g_clear_object (&item);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (power));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (reset));

  return G_MENU_MODEL (menu);
}

static void
slipway_node_row_update (SlipwayNodeRow *self)
{
  static const char * const classes[] = { "missing", "stopped", "booting", "ready", "paused",
                                          "shutting-down", "crashed", "busy", "untrusted" };
  SlipwayNodeItem *item = self->item;
  g_autofree char *summary = slipway_node_item_dup_summary (item);
  g_autofree char *description = NULL;
  const char *label = NULL;
  const char *css_class = NULL;

  switch (slipway_node_item_get_state (item))
    {
    case SLIPWAY_NODE_STATE_RUNNING:
      if (slipway_node_item_get_readiness (item) == SLIPWAY_READINESS_HOST_KEY_MISMATCH)
        {
          /* Translators: state of a node whose SSH host key is not the pinned one */
          label = C_("node state", "Untrusted");
          css_class = "untrusted";
        }
      else if (slipway_node_item_get_ssh_ready (item))
        {
          /* Translators: state of a running node that accepts SSH logins */
          label = C_("node state", "Ready");
          css_class = "ready";
        }
      else
        {
          /* Translators: state of a running node that does not accept SSH logins yet */
          label = C_("node state", "Booting");
          css_class = "booting";
        }
      break;

    case SLIPWAY_NODE_STATE_MISSING:
      label = slipway_node_state_get_title (SLIPWAY_NODE_STATE_MISSING);
      css_class = "missing";
      break;

    case SLIPWAY_NODE_STATE_STOPPED:
      label = slipway_node_state_get_title (SLIPWAY_NODE_STATE_STOPPED);
      css_class = "stopped";
      break;

    case SLIPWAY_NODE_STATE_PAUSED:
      label = slipway_node_state_get_title (SLIPWAY_NODE_STATE_PAUSED);
      css_class = "paused";
      break;

    case SLIPWAY_NODE_STATE_SHUTTING_DOWN:
      label = slipway_node_state_get_title (SLIPWAY_NODE_STATE_SHUTTING_DOWN);
      css_class = "shutting-down";
      break;

    case SLIPWAY_NODE_STATE_CRASHED:
      label = slipway_node_state_get_title (SLIPWAY_NODE_STATE_CRASHED);
      css_class = "crashed";
      break;

    default:
      g_assert_not_reached ();
    }

  if (slipway_node_item_get_activity (item) != NULL)
    {
      /* Translators: state of a node an operation is working on */
      label = C_("node state", "Working");
      css_class = "busy";
    }

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css_class);
  gtk_label_set_label (self->state_label, label);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), summary);

  /* Translators: accessible description of a node row: its state, then
   * its address and what is known of it */
  description = g_strdup_printf (_("%s, %s"), label, summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

SlipwayNodeItem *
slipway_node_row_get_item (SlipwayNodeRow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_ROW (self), NULL);

  return self->item;
}

/**
 * slipway_node_row_get_state_label:
 *
 * Returns: the state shown in the row's pill ("Stopped", "Ready"…)
 */
const char *
slipway_node_row_get_state_label (SlipwayNodeRow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_ROW (self), NULL);

  return gtk_label_get_label (self->state_label);
}

GtkWidget *
slipway_node_row_new (SlipwayNodeItem *item)
{
  SlipwayNodeRow *self;
  const char *name;
  g_autofree char *menu_label = NULL;
  g_autoptr(GMenuModel) menu = NULL;

  g_return_val_if_fail (SLIPWAY_IS_NODE_ITEM (item), NULL);

  self = g_object_new (SLIPWAY_TYPE_NODE_ROW, NULL);
  self->item = g_object_ref (item);
  name = slipway_node_item_get_name (item);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "win.show-node");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", name);

  menu = slipway_node_menu_new (name, TRUE);
  gtk_menu_button_set_menu_model (self->menu_button, menu);
  /* Translators: %s is a node name */
  menu_label = g_strdup_printf (_("Actions for %s"), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), menu_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label,
                                  -1);

  g_signal_connect_object (item, "notify", G_CALLBACK (slipway_node_row_update), self,
                           G_CONNECT_SWAPPED);
  slipway_node_row_update (self);

  return GTK_WIDGET (self);
}

static void
slipway_node_row_dispose (GObject *object)
{
  SlipwayNodeRow *self = (SlipwayNodeRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_NODE_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (slipway_node_row_parent_class)->dispose (object);
}

static void
slipway_node_row_class_init (SlipwayNodeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slipway_node_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-node-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeRow, menu_button);
}

static void
slipway_node_row_init (SlipwayNodeRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
