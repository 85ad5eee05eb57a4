/* slipway-window-node-details.c: a node's details and its own terminal app
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-node-details-window.h"
#include "slipway-node-pane.h"
#include "slipway-node-row.h"
#include "slipway-terminal-launcher.h"
#include "slipway-window-private.h"

/* win.show-node-details and win.open-terminal take a node name (the node
 * row's menu); their shortcuts act on the selected node: the one whose
 * row or terminal has the focus, else the one whose tab is shown. */

/**
 * _slipway_window_get_selected_node:
 *
 * Returns: (nullable): the name of the node the user is at: whose row or
 *   terminal has the focus, else whose tab the visible group shows
 */
const char *
_slipway_window_get_selected_node (SlipwayWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  SlipwayTerminalGroup *group = self->groups[slipway_window_get_visible_group (self)];
  AdwTabPage *page;
  GtkWidget *ancestor;

  if (focus != NULL && (ancestor = gtk_widget_get_ancestor (focus, SLIPWAY_TYPE_NODE_ROW)) != NULL)
    return slipway_node_get_name (slipway_node_row_get_node (SLIPWAY_NODE_ROW (ancestor)));
  if (focus != NULL && (ancestor = gtk_widget_get_ancestor (focus, SLIPWAY_TYPE_NODE_PANE)) != NULL)
    return slipway_node_pane_get_name (SLIPWAY_NODE_PANE (ancestor));

  page = adw_tab_view_get_selected_page (slipway_terminal_group_get_tab_view (group));
  if (page != NULL && SLIPWAY_IS_NODE_PANE (adw_tab_page_get_child (page)))
    return slipway_node_pane_get_name (SLIPWAY_NODE_PANE (adw_tab_page_get_child (page)));

  return NULL;
}

static void
show_details (SlipwayWindow *self,
              const char    *name)
{
  SlipwayNodeDetailsWindow *dialog =
    (SlipwayNodeDetailsWindow *)_slipway_window_find_dialog (self, SLIPWAY_TYPE_NODE_DETAILS_WINDOW);
  SlipwayNode *node = name != NULL ? _slipway_window_find_node (self, name) : NULL;

  if (node == NULL || self->model_cluster == NULL)
    return;

  if (dialog != NULL && slipway_node_details_window_get_node (dialog) != node)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      dialog = NULL;
    }

  if (dialog == NULL)
    dialog = SLIPWAY_NODE_DETAILS_WINDOW (slipway_node_details_window_new (GTK_WINDOW (self),
                                                                           self->model_cluster,
                                                                           node));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_terminal (SlipwayWindow *self,
               const char    *name)
{
  g_autoptr(GError) error = NULL;

  if (name == NULL || self->model_cluster == NULL || _slipway_window_find_node (self, name) == NULL)
    return;

  if (!slipway_open_node_in_terminal (self->model_cluster, name, &error))
    _slipway_window_toast (self, error->message, TRUE);
}

static void
node_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  /* "": the selected node, for the shortcuts. */
  if (*name == '\0')
    name = _slipway_window_get_selected_node (self);

  if (g_str_equal (action_name, "win.show-node-details"))
    show_details (self, name);
  else
    open_terminal (self, name);
}

void
_slipway_window_node_details_class_init (SlipwayWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.show-node-details", "s", node_action);
  gtk_widget_class_install_action (widget_class, "win.open-terminal", "s", node_action);
}
