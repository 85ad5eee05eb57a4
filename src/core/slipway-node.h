/* slipway-node.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <glib-object.h>

#include "slipway-types.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_NODE (slipway_node_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayNode, slipway_node, SLIPWAY, NODE, GObject)

const char       *slipway_node_get_name        (SlipwayNode *self);
guint             slipway_node_get_id          (SlipwayNode *self);
SlipwayRole       slipway_node_get_role        (SlipwayNode *self);
const char       *slipway_node_get_ipv4        (SlipwayNode *self);
const char       *slipway_node_get_mac         (SlipwayNode *self);
const char       *slipway_node_get_fqdn        (SlipwayNode *self);
const char       *slipway_node_get_domain_name (SlipwayNode *self);
SlipwayNodeState  slipway_node_get_state       (SlipwayNode *self);
SlipwayReadiness  slipway_node_get_readiness   (SlipwayNode *self);
gboolean          slipway_node_get_ssh_ready   (SlipwayNode *self);
const char       *slipway_node_get_activity    (SlipwayNode *self);
double            slipway_node_get_progress    (SlipwayNode *self);
char             *slipway_node_dup_summary     (SlipwayNode *self);
const char * const *slipway_node_get_cloud_init_errors (SlipwayNode *self);

G_END_DECLS
