/* slipway-node-row.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway-node-item.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_NODE_ROW (slipway_node_row_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayNodeRow, slipway_node_row, SLIPWAY, NODE_ROW, AdwActionRow)

GtkWidget       *slipway_node_row_new       (SlipwayNodeItem *item);
SlipwayNodeItem *slipway_node_row_get_item  (SlipwayNodeRow  *self);
const char      *slipway_node_row_get_state_label (SlipwayNodeRow *self);
GMenuModel      *slipway_node_menu_new      (const char      *target,
                                             gboolean         with_start);

G_END_DECLS
