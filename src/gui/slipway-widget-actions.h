/* slipway-widget-actions.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*SlipwayWidgetFunc) (gpointer widget);

/**
 * SlipwayWidgetAction:
 * @name: the action's name, "win.reload"
 * @func: what it does: a function of the widget alone
 *
 * A parameterless action that only calls a function of its widget.
 */
typedef struct
{
  const char        *name;
  SlipwayWidgetFunc  func;
} SlipwayWidgetAction;

/* Any function of one widget pointer, "void f (SlipwayWindow *self)". */
#define SLIPWAY_WIDGET_FUNC(f) ((SlipwayWidgetFunc) (GCallback) (f))

void slipway_widget_class_install_actions (GtkWidgetClass            *widget_class,
                                           const SlipwayWidgetAction *actions,
                                           guint                      n_actions);

G_END_DECLS
