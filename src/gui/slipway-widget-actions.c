/* slipway-widget-actions.c: actions that call one function of their widget
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-widget-actions.h"

/* Most of a window's actions are "call this with the window": one table
 * per class instead of a trampoline per action. */

typedef struct
{
  const SlipwayWidgetAction *actions;
  guint                      n_actions;
} Table;

static GQuark
table_quark (void)
{
  return g_quark_from_static_string ("slipway-widget-actions");
}

static void
activate_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  for (GType type = G_OBJECT_TYPE (widget); type != 0; type = g_type_parent (type))
    {
      const Table *table = g_type_get_qdata (type, table_quark ());

      for (guint i = 0; table != NULL && i < table->n_actions; i++)
        if (g_str_equal (table->actions[i].name, action_name))
          {
            table->actions[i].func (widget);
            return;
          }
    }

  g_critical ("No function for the action %s", action_name);
}

/**
 * slipway_widget_class_install_actions:
 * @actions: (array length=n_actions): a static table, kept
 *
 * Installs each of @actions on @widget_class.
 */
void
slipway_widget_class_install_actions (GtkWidgetClass            *widget_class,
                                      const SlipwayWidgetAction *actions,
                                      guint                      n_actions)
{
  Table *table;

  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));
  g_return_if_fail (actions != NULL || n_actions == 0);

  /* Once per class, for the life of the program, as the class itself. */
  table = g_new0 (Table, 1);
  table->actions = actions;
  table->n_actions = n_actions;
  g_type_set_qdata (G_TYPE_FROM_CLASS (widget_class), table_quark (), table);

  for (guint i = 0; i < n_actions; i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, NULL, activate_cb);
}
