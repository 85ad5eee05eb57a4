/* slipway-terminal-group.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway-node-pane.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_TERMINAL_GROUP (slipway_terminal_group_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayTerminalGroup, slipway_terminal_group, SLIPWAY, TERMINAL_GROUP, GtkBox)

GtkWidget       *slipway_terminal_group_new           (const char           *target,
                                                       const char           *title);
const char      *slipway_terminal_group_get_target    (SlipwayTerminalGroup *self);
const char      *slipway_terminal_group_get_title     (SlipwayTerminalGroup *self);
void             slipway_terminal_group_add_pane      (SlipwayTerminalGroup *self,
                                                       SlipwayNodePane      *pane);
void             slipway_terminal_group_remove_all    (SlipwayTerminalGroup *self);
guint            slipway_terminal_group_get_n_panes   (SlipwayTerminalGroup *self);
SlipwayNodePane *slipway_terminal_group_get_pane      (SlipwayTerminalGroup *self,
                                                       guint                 position);
SlipwayNodePane *slipway_terminal_group_find_pane     (SlipwayTerminalGroup *self,
                                                       const char           *node);
AdwTabView      *slipway_terminal_group_get_tab_view  (SlipwayTerminalGroup *self);
gboolean         slipway_terminal_group_show_node     (SlipwayTerminalGroup *self,
                                                       const char           *node);
gboolean         slipway_terminal_group_get_broadcast (SlipwayTerminalGroup *self);
void             slipway_terminal_group_set_broadcast (SlipwayTerminalGroup *self,
                                                       gboolean              broadcast);
gboolean         slipway_terminal_group_get_tiled     (SlipwayTerminalGroup *self);
void             slipway_terminal_group_set_tiled     (SlipwayTerminalGroup *self,
                                                       gboolean              tiled);
void             slipway_terminal_group_set_slot      (SlipwayTerminalGroup *self,
                                                       SlipwayPaneSlot       slot);

G_END_DECLS
