/* slipway-node-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-node-private.h is private to libslipway and its tests."
#endif

#include "slipway-node.h"
#include "slipway-topology.h"

G_BEGIN_DECLS

/* The core is the only writer, on the main context. */
SlipwayNode *_slipway_node_new           (const SlipwayNodeInfo *info);
void         _slipway_node_set_state     (SlipwayNode           *self,
                                          SlipwayNodeState       state);
void         _slipway_node_set_readiness (SlipwayNode           *self,
                                          SlipwayReadiness       readiness);
void         _slipway_node_set_activity  (SlipwayNode           *self,
                                          const char            *activity);
void         _slipway_node_set_progress  (SlipwayNode           *self,
                                          double                 progress);
void         _slipway_node_set_cloud_init_errors (SlipwayNode        *self,
                                                  const char * const *errors);
void         _slipway_node_emit_replaced (SlipwayNode           *self);

G_END_DECLS
