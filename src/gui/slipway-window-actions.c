/* slipway-window-actions.c: the win.* actions
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-export-dialog.h"
#include "slipway-widget-actions.h"
#include "slipway-window-private.h"

static void
cancel_operation (SlipwayWindow *self)
{
  _slipway_window_cancel (self, self->cluster);
}

static void
show_sidebar (SlipwayWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Export… of the open cluster: one dialog per window. */
static void
show_export (SlipwayWindow *self)
{
  GtkWidget *dialog;

  if (self->model_cluster == NULL)
    return;

  dialog = slipway_export_dialog_new (GTK_WINDOW (self), self->model_cluster);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_overview (SlipwayWindow *self)
{
  adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->overview));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_child_focus (GTK_WIDGET (self->overview), GTK_DIR_TAB_FORWARD);
}

static const SlipwayWidgetAction window_actions[] = {
  { "win.show-overview", SLIPWAY_WIDGET_FUNC (show_overview) },
  { "win.reload", SLIPWAY_WIDGET_FUNC (_slipway_window_reload) },
  { "win.reconnect", SLIPWAY_WIDGET_FUNC (_slipway_window_reconnect) },
  { "win.show-sidebar", SLIPWAY_WIDGET_FUNC (show_sidebar) },
  { "win.destroy-cluster", SLIPWAY_WIDGET_FUNC (_slipway_window_confirm_destroy) },
  { "win.cancel-operation", SLIPWAY_WIDGET_FUNC (cancel_operation) },
  { "win.export", SLIPWAY_WIDGET_FUNC (show_export) },
};

static void
lifecycle_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  SlipwayOperationKind operation;

  if (g_str_equal (action_name, "win.start"))
    operation = SLIPWAY_OPERATION_START;
  else if (g_str_equal (action_name, "win.shutdown"))
    operation = SLIPWAY_OPERATION_STOP;
  else
    operation = SLIPWAY_OPERATION_FORCE_OFF;

  _slipway_window_run (self, operation, target);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _slipway_window_confirm_reset (SLIPWAY_WINDOW (widget),
                                 g_str_equal (action_name, "win.rebuild")
                                 ? SLIPWAY_OPERATION_REBUILD : SLIPWAY_OPERATION_RESET,
                                 g_variant_get_string (parameter, NULL));
}

static void
show_group_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  int group = g_variant_get_int32 (parameter);

  if (group < 0 || group >= SLIPWAY_N_GROUPS)
    return;

  adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (self->groups[group]));
  gtk_widget_child_focus (GTK_WIDGET (self->groups[group]), GTK_DIR_TAB_FORWARD);
}

static void
show_node_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  const char *node = g_variant_get_string (parameter, NULL);
  SlipwayNode *item = _slipway_window_find_node (self, node);
  SlipwayTerminalGroup *group;

  if (item == NULL)
    return;

  /* Stay in "All nodes" if the user is there; else the node's role. */
  group = slipway_window_get_visible_group (self) == SLIPWAY_GROUP_ALL
          ? self->groups[SLIPWAY_GROUP_ALL]
          : self->groups[slipway_node_get_role (item)];
  adw_view_stack_set_visible_child (self->view_stack, GTK_WIDGET (group));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  slipway_terminal_group_show_node (group, node);
}

void
_slipway_window_class_actions_init (SlipwayWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  slipway_widget_class_install_actions (widget_class, window_actions, G_N_ELEMENTS (window_actions));
  gtk_widget_class_install_action (widget_class, "win.show-group", "i", show_group_action);
  gtk_widget_class_install_action (widget_class, "win.show-node", "s", show_node_action);
  gtk_widget_class_install_action (widget_class, "win.start", "s", lifecycle_action);
  gtk_widget_class_install_action (widget_class, "win.shutdown", "s", lifecycle_action);
  gtk_widget_class_install_action (widget_class, "win.force-off", "s", lifecycle_action);
  gtk_widget_class_install_action (widget_class, "win.reset", "s", reset_action);
  gtk_widget_class_install_action (widget_class, "win.rebuild", "s", reset_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-group", "i", 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-group", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-group", "i", 2);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-group", "i", 3);
}

/**
 * _slipway_window_actions_update:
 *
 * Enables the actions from what the window knows: a cluster open, the
 * states of its nodes, an operation running on it, a lost connection.
 * The one guard that matters is here: no second operation on a busy
 * cluster, and nothing that acts on nodes whose state is not known.
 */
void
_slipway_window_actions_update (SlipwayWindow *self)
{
  SlipwayWindowOperation *op;
  gboolean open;
  gboolean idle;
  gboolean any_off = FALSE;
  gboolean any_on = FALSE;
  GListModel *nodes;
  guint n;

  g_assert (SLIPWAY_IS_WINDOW (self));

  op = _slipway_window_get_operation (self, self->cluster);
  nodes = self->model_cluster != NULL ? slipway_cluster_get_nodes (self->model_cluster) : NULL;
  n = nodes != NULL ? g_list_model_get_n_items (nodes) : 0;
  open = n > 0;
  idle = open && op == NULL && self->connection_error == NULL &&
         slipway_cluster_get_operation (self->model_cluster) == NULL &&
         slipway_cluster_get_lock_holder (self->model_cluster) == NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayNode) node = g_list_model_get_item (nodes, i);

      switch (slipway_node_get_state (node))
        {
        case SLIPWAY_NODE_STATE_MISSING:
          /* Only a reset brings a node without a domain back. */
          break;

        case SLIPWAY_NODE_STATE_STOPPED:
        case SLIPWAY_NODE_STATE_CRASHED:
          any_off = TRUE;
          break;

        case SLIPWAY_NODE_STATE_RUNNING:
        case SLIPWAY_NODE_STATE_PAUSED:
        case SLIPWAY_NODE_STATE_SHUTTING_DOWN:
          any_on = TRUE;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start", idle && any_off);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.shutdown", idle && any_on);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.force-off", idle && any_on);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rebuild", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.destroy-cluster", idle);
  /* The text needs the topology only, not libvirt: it stays while busy. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 open && slipway_cluster_get_topology (self->model_cluster) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-operation",
                                 _slipway_window_can_cancel (op));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-overview", self->model_cluster != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reconnect",
                                 self->connection_error != NULL);
  _slipway_window_checkpoints_update (self);
}
