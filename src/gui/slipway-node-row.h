/* slipway-node-row.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_NODE_ROW (slipway_node_row_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayNodeRow, slipway_node_row, SLIPWAY, NODE_ROW, AdwActionRow)

GtkWidget       *slipway_node_row_new       (SlipwayNode     *item);
SlipwayNode     *slipway_node_row_get_node  (SlipwayNodeRow  *self);
const char      *slipway_node_row_get_state_label (SlipwayNodeRow *self);
void             slipway_node_row_set_pending (SlipwayNodeRow *self,
                                               const char     *activity);
void             slipway_node_row_set_stale (SlipwayNodeRow  *self,
                                             gboolean         stale);
GMenuModel      *slipway_node_menu_new      (const char      *target,
                                             gboolean         with_start);
const char      *slipway_node_describe_state (SlipwayNode    *node,
                                              const char     *pending,
                                              gboolean        stale,
                                              const char    **css_class);

G_END_DECLS
