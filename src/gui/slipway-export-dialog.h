/* slipway-export-dialog.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_EXPORT_DIALOG (slipway_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayExportDialog, slipway_export_dialog, SLIPWAY, EXPORT_DIALOG, AdwWindow)

GtkWidget           *slipway_export_dialog_new          (GtkWindow           *parent,
                                                         SlipwayCluster      *cluster);
SlipwayCluster      *slipway_export_dialog_get_cluster  (SlipwayExportDialog *self);
SlipwayExportFormat  slipway_export_dialog_get_format   (SlipwayExportDialog *self);
void                 slipway_export_dialog_set_format   (SlipwayExportDialog *self,
                                                         SlipwayExportFormat  format);
const char          *slipway_export_dialog_get_text     (SlipwayExportDialog *self);
gboolean             slipway_export_dialog_get_busy     (SlipwayExportDialog *self);
const char          *slipway_export_dialog_get_page     (SlipwayExportDialog *self);
char                *slipway_export_dialog_dup_file_name (SlipwayExportDialog *self);
void                 slipway_export_dialog_save_to_file (SlipwayExportDialog *self,
                                                         GFile               *file);

G_END_DECLS
