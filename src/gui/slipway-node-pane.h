/* slipway-node-pane.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway-console-tab.h"

G_BEGIN_DECLS

typedef enum
{
  SLIPWAY_PANE_SLOT_SERIAL,
  SLIPWAY_PANE_SLOT_SSH,
} SlipwayPaneSlot;

#define SLIPWAY_N_PANE_SLOTS 2

#define SLIPWAY_TYPE_NODE_PANE (slipway_node_pane_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayNodePane, slipway_node_pane, SLIPWAY, NODE_PANE, GtkBox)

GtkWidget         *slipway_node_pane_new         (SlipwayNode       *item,
                                                  SlipwayConsoleTab *serial,
                                                  SlipwayConsoleTab *ssh);
SlipwayNode       *slipway_node_pane_get_node    (SlipwayNodePane   *self);
const char        *slipway_node_pane_get_name    (SlipwayNodePane   *self);
SlipwayConsoleTab *slipway_node_pane_get_tab     (SlipwayNodePane   *self,
                                                  SlipwayPaneSlot    slot);
SlipwayPaneSlot    slipway_node_pane_get_slot    (SlipwayNodePane   *self);
void               slipway_node_pane_set_slot    (SlipwayNodePane   *self,
                                                  SlipwayPaneSlot    slot);
void               slipway_node_pane_set_show_name (SlipwayNodePane *self,
                                                    gboolean         show_name);
const char        *slipway_pane_slot_to_string   (SlipwayPaneSlot    slot);

G_END_DECLS
