/* slipway-operation-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-operation-private.h is private to libslipway and its tests."
#endif

#include "slipway-node.h"
#include "slipway-operation.h"
#include "slipway-provisioner-private.h"

G_BEGIN_DECLS

/* @targets: node names the operation is about, or %NULL for every node of
 * the cluster. @cancellable, if any, cancels the operation too. */
SlipwayOperation *_slipway_operation_new             (SlipwayCluster        *cluster,
                                                      SlipwayOperationKind   kind,
                                                      const char * const    *targets,
                                                      GCancellable          *cancellable);
GCancellable     *_slipway_operation_get_cancellable (SlipwayOperation      *self);
gboolean          _slipway_operation_targets         (SlipwayOperation      *self,
                                                      const char            *node);
/* A progress report of the provisioner about this operation. */
void              _slipway_operation_progress        (SlipwayOperation      *self,
                                                      const SlipwayProgress *progress);
/* Brings a node that appeared while the operation runs up to date. */
void              _slipway_operation_apply_to_node   (SlipwayOperation      *self,
                                                      SlipwayNode           *node);
void              _slipway_operation_finish          (SlipwayOperation      *self,
                                                      gboolean               success);

G_END_DECLS
