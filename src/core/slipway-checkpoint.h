/* slipway-checkpoint.h
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

G_BEGIN_DECLS

/* The name of the checkpoint Slipway takes by itself once every node of a
 * new (or rebuilt) cluster is ready. */
#define SLIPWAY_CHECKPOINT_BASELINE "baseline"

#define SLIPWAY_TYPE_CHECKPOINT (slipway_checkpoint_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayCheckpoint, slipway_checkpoint, SLIPWAY, CHECKPOINT, GObject)

const char         *slipway_checkpoint_get_name        (SlipwayCheckpoint  *self);
const char         *slipway_checkpoint_get_description (SlipwayCheckpoint  *self);
GDateTime          *slipway_checkpoint_get_created     (SlipwayCheckpoint  *self);
const char * const *slipway_checkpoint_get_nodes       (SlipwayCheckpoint  *self);
gboolean            slipway_checkpoint_get_baseline    (SlipwayCheckpoint  *self);
gboolean            slipway_checkpoint_get_complete    (SlipwayCheckpoint  *self);
gboolean            slipway_checkpoint_has_node        (SlipwayCheckpoint  *self,
                                                        const char         *node);

gboolean            slipway_check_checkpoint_name      (const char         *name,
                                                        GError            **error);

G_END_DECLS
