/* slipway-operation.h
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

typedef struct _SlipwayCluster SlipwayCluster;

#define SLIPWAY_TYPE_OPERATION (slipway_operation_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayOperation, slipway_operation, SLIPWAY, OPERATION, GObject)

SlipwayOperationKind  slipway_operation_get_kind     (SlipwayOperation *self);
SlipwayCluster       *slipway_operation_get_cluster  (SlipwayOperation *self);
double                slipway_operation_get_fraction (SlipwayOperation *self);
const char           *slipway_operation_get_step     (SlipwayOperation *self);
gboolean              slipway_operation_get_finished (SlipwayOperation *self);
void                  slipway_operation_cancel       (SlipwayOperation *self);

G_END_DECLS
