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
  SlipwayNode     *item;
  char            *pending;  /* the window's "Starting" until the core says what it does */

  guint            stale : 1;
};

G_DEFINE_FINAL_TYPE (SlipwayNodeRow, slipway_node_row, ADW_TYPE_ACTION_ROW)

static void
append_item (GMenu      *section,
             const char *label,
             const char *action,
             const char *target)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, action, "s", target);
  g_menu_append_item (section, item);
}

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

  if (with_start)
    append_item (power, _("_Start"), "win.start", target);
  append_item (power, _("Shut _Down"), "win.shutdown", target);
  append_item (power, _("_Force Off"), "win.force-off", target);

  /* Reset restores the baseline (or rebuilds a node without one); a
   * checkpoint of choice is in the Checkpoints view, for this target. */
  append_item (reset, _("_Reset…"), "win.reset", target);
  append_item (reset, _("Restore _Checkpoint…"), "win.show-checkpoints", target);
  append_item (reset, _("Re_build…"), "win.rebuild", target);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (power));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (reset));

  return G_MENU_MODEL (menu);
}

/**
 * slipway_node_describe_state:
 * @node: a node
 * @pending: (nullable): what an operation started from the window is about
 *   to do to @node, until the core says what it does
 * @stale: %TRUE while the connection to libvirt is lost
 * @css_class: (out) (optional): the style class of that state ("ready",
 *   "booting", "crashed"…), shared by every place that shows it
 *
 * Returns: a node's state and readiness in a word, for people: "Ready",
 *   "Booting", "Stopped"…
 */
const char *
slipway_node_describe_state (SlipwayNode  *node,
                             const char   *pending,
                             gboolean      stale,
                             const char  **css_class)
{
  const char *label = NULL;
  const char *klass = NULL;

  g_return_val_if_fail (SLIPWAY_IS_NODE (node), NULL);

  switch (slipway_node_get_state (node))
    {
    case SLIPWAY_NODE_STATE_RUNNING:
      if (slipway_node_get_readiness (node) == SLIPWAY_READINESS_HOST_KEY_MISMATCH)
        {
          /* Translators: state of a node whose SSH host key is not the pinned one */
          label = C_("node state", "Untrusted");
          klass = "untrusted";
        }
      else if (slipway_node_get_ssh_ready (node))
        {
          /* Translators: state of a running node that accepts SSH logins */
          label = C_("node state", "Ready");
          klass = "ready";
        }
      else
        {
          /* Translators: state of a running node that does not accept SSH logins yet */
          label = C_("node state", "Booting");
          klass = "booting";
        }
      break;

    case SLIPWAY_NODE_STATE_MISSING:
      label = slipway_node_state_get_title (SLIPWAY_NODE_STATE_MISSING);
      klass = "missing";
      break;

    case SLIPWAY_NODE_STATE_STOPPED:
      label = slipway_node_state_get_title (SLIPWAY_NODE_STATE_STOPPED);
      klass = "stopped";
      break;

    case SLIPWAY_NODE_STATE_PAUSED:
      label = slipway_node_state_get_title (SLIPWAY_NODE_STATE_PAUSED);
      klass = "paused";
      break;

    case SLIPWAY_NODE_STATE_SHUTTING_DOWN:
      label = slipway_node_state_get_title (SLIPWAY_NODE_STATE_SHUTTING_DOWN);
      klass = "shutting-down";
      break;

    case SLIPWAY_NODE_STATE_CRASHED:
      label = slipway_node_state_get_title (SLIPWAY_NODE_STATE_CRASHED);
      klass = "crashed";
      break;

    default:
      g_assert_not_reached ();
    }

  if (slipway_node_get_activity (node) != NULL || pending != NULL)
    {
      /* Translators: state of a node an operation is working on */
      label = C_("node state", "Working");
      klass = "busy";
    }

  /* The last state read is not news: libvirt does not answer. */
  if (stale)
    {
      /* Translators: state of a node while the connection to libvirt is lost */
      label = C_("node state", "Unknown");
      klass = "unknown";
    }

  if (css_class != NULL)
    *css_class = klass;

  return label;
}

static void
slipway_node_row_update (SlipwayNodeRow *self)
{
  static const char * const classes[] = { "missing", "stopped", "booting", "ready", "paused",
                                          "shutting-down", "crashed", "busy", "untrusted",
                                          "unknown" };
  SlipwayNode     *item = self->item;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  const char *css_class = NULL;
  const char *label = slipway_node_describe_state (item, self->pending, self->stale, &css_class);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css_class);
  gtk_label_set_label (self->state_label, label);

  /* Stale, the summary's readiness would be old news too: the address stays. */
  if (self->stale)
    summary = g_strdup (slipway_node_get_ipv4 (item));
  else if (slipway_node_get_activity (item) == NULL && self->pending != NULL)
    /* Translators: a node's address, then what is known of it, "10.77.3.14 · Booting" */
    summary = g_strdup_printf (_("%s · %s"), slipway_node_get_ipv4 (item), self->pending);
  else
    summary = slipway_node_dup_summary (item);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), summary);

  /* Translators: accessible description of a node row: its state, then
   * its address and what is known of it */
  description = g_strdup_printf (_("%s, %s"), label, summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

SlipwayNode     *
slipway_node_row_get_node (SlipwayNodeRow *self)
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

/**
 * slipway_node_row_set_pending:
 * @activity: (nullable): what an operation started from the window is
 *   about to do to the node ("Starting"), until the core says what it does
 */
void
slipway_node_row_set_pending (SlipwayNodeRow *self,
                              const char     *activity)
{
  g_return_if_fail (SLIPWAY_IS_NODE_ROW (self));

  if (g_strcmp0 (self->pending, activity) == 0)
    return;

  g_free (self->pending);
  self->pending = g_strdup (activity);
  slipway_node_row_update (self);
}

/**
 * slipway_node_row_set_stale:
 * @stale: %TRUE when the node's state cannot be read (the connection to
 *   libvirt is lost)
 */
void
slipway_node_row_set_stale (SlipwayNodeRow *self,
                            gboolean        stale)
{
  g_return_if_fail (SLIPWAY_IS_NODE_ROW (self));

  stale = !!stale;
  if (self->stale == stale)
    return;

  self->stale = stale;
  slipway_node_row_update (self);
}

GtkWidget *
slipway_node_row_new (SlipwayNode     *item)
{
  SlipwayNodeRow *self;
  const char *name;
  g_autofree char *menu_label = NULL;
  g_autoptr(GMenuModel) menu = NULL;

  g_return_val_if_fail (SLIPWAY_IS_NODE (item), NULL);

  self = g_object_new (SLIPWAY_TYPE_NODE_ROW, NULL);
  self->item = g_object_ref (item);
  name = slipway_node_get_name (item);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "win.show-node");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", name);

  menu = slipway_node_menu_new (name, TRUE);
  {
    g_autoptr(GMenu) node = g_menu_new ();

    append_item (node, _("_Details"), "win.show-node-details", name);
    append_item (node, _("Open in _Terminal"), "win.open-terminal", name);
    g_menu_prepend_section (G_MENU (menu), NULL, G_MENU_MODEL (node));
  }
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
  g_clear_pointer (&self->pending, g_free);

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
