/* slipway-checkpoints-dialog.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_CHECKPOINTS_DIALOG (slipway_checkpoints_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayCheckpointsDialog, slipway_checkpoints_dialog, SLIPWAY, CHECKPOINTS_DIALOG, AdwWindow)

GtkWidget      *slipway_checkpoints_dialog_new         (GtkWindow                *parent,
                                                        SlipwayCluster           *cluster,
                                                        const char               *target);
SlipwayCluster *slipway_checkpoints_dialog_get_cluster (SlipwayCheckpointsDialog *self);
const char     *slipway_checkpoints_dialog_get_target  (SlipwayCheckpointsDialog *self);
void            slipway_checkpoints_dialog_set_target  (SlipwayCheckpointsDialog *self,
                                                        const char               *target);
void            slipway_checkpoints_dialog_set_idle    (SlipwayCheckpointsDialog *self,
                                                        gboolean                  idle);
guint           slipway_checkpoints_dialog_get_n_rows  (SlipwayCheckpointsDialog *self);
GtkWidget      *slipway_checkpoints_dialog_find_button (SlipwayCheckpointsDialog *self,
                                                        const char               *checkpoint,
                                                        const char               *action);
const char     *slipway_checkpoints_dialog_get_page    (SlipwayCheckpointsDialog *self);

char           *slipway_checkpoint_dup_summary         (SlipwayCheckpoint        *checkpoint,
                                                        guint                     n_cluster_nodes);

G_END_DECLS
