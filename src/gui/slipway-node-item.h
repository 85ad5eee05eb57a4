/* slipway-node-item.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_NODE_ITEM (slipway_node_item_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayNodeItem, slipway_node_item, SLIPWAY, NODE_ITEM, GObject)

SlipwayNodeItem  *slipway_node_item_new           (const char       *cluster,
                                                   const SlipwayNodeInfo *info);
const char       *slipway_node_item_get_cluster   (SlipwayNodeItem  *self);
const char       *slipway_node_item_get_name      (SlipwayNodeItem  *self);
SlipwayRole       slipway_node_item_get_role      (SlipwayNodeItem  *self);
const char       *slipway_node_item_get_address   (SlipwayNodeItem  *self);
SlipwayNodeState  slipway_node_item_get_state     (SlipwayNodeItem  *self);
void              slipway_node_item_set_state     (SlipwayNodeItem  *self,
                                                   SlipwayNodeState  state);
SlipwayReadiness  slipway_node_item_get_readiness (SlipwayNodeItem  *self);
void              slipway_node_item_set_readiness (SlipwayNodeItem  *self,
                                                   SlipwayReadiness  readiness);
const char       *slipway_node_item_get_activity  (SlipwayNodeItem  *self);
void              slipway_node_item_set_activity  (SlipwayNodeItem  *self,
                                                   const char       *activity);
gboolean          slipway_node_item_get_ssh_ready (SlipwayNodeItem  *self);
char             *slipway_node_item_dup_summary   (SlipwayNodeItem  *self);

G_END_DECLS
