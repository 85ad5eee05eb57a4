/* slipway-node-details-window.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_NODE_DETAILS_WINDOW (slipway_node_details_window_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayNodeDetailsWindow, slipway_node_details_window, SLIPWAY, NODE_DETAILS_WINDOW, AdwWindow)

GtkWidget   *slipway_node_details_window_new          (GtkWindow                *parent,
                                                       SlipwayCluster           *cluster,
                                                       SlipwayNode              *node);
SlipwayNode *slipway_node_details_window_get_node     (SlipwayNodeDetailsWindow *self);
gboolean     slipway_node_details_window_get_loaded   (SlipwayNodeDetailsWindow *self);
const char  *slipway_node_details_window_get_value    (SlipwayNodeDetailsWindow *self,
                                                       const char               *row);
char        *slipway_node_details_window_dup_command  (SlipwayNodeDetailsWindow *self);

G_END_DECLS
