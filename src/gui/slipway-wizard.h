/* slipway-wizard.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_WIZARD (slipway_wizard_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayWizard, slipway_wizard, SLIPWAY, WIZARD, AdwWindow)

SlipwayWizard *slipway_wizard_new                 (GtkWindow            *parent,
                                                   const char           *uri);
SlipwayWizard *slipway_wizard_new_for_connection  (GtkWindow            *parent,
                                                   SlipwayConnection    *connection);
void           slipway_wizard_set_spec            (SlipwayWizard        *self,
                                                   const SlipwaySpec    *spec);
SlipwaySpec   *slipway_wizard_dup_spec            (SlipwayWizard        *self);
GPtrArray     *slipway_wizard_get_problems        (SlipwayWizard        *self);
const char    *slipway_wizard_get_field_message   (SlipwayWizard        *self,
                                                   const char           *group,
                                                   const char           *key);
gboolean       slipway_wizard_get_busy            (SlipwayWizard        *self);
gboolean       slipway_wizard_get_can_create      (SlipwayWizard        *self);
const char    *slipway_wizard_get_page            (SlipwayWizard        *self);
void           slipway_wizard_set_image           (SlipwayWizard        *self,
                                                   const char           *path,
                                                   const char           *title,
                                                   const char           *user);
gboolean       slipway_wizard_import_image        (SlipwayWizard        *self,
                                                   GFile                *file,
                                                   GError              **error);
gboolean       slipway_wizard_save_to_file        (SlipwayWizard        *self,
                                                   GFile                *file,
                                                   GError              **error);
void           slipway_wizard_save_to_file_async  (SlipwayWizard        *self,
                                                   GFile                *file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       slipway_wizard_save_to_file_finish (SlipwayWizard        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void           slipway_wizard_set_role            (SlipwayWizard        *self,
                                                   SlipwayRole           role,
                                                   guint                 count,
                                                   guint                 vcpus,
                                                   guint64               memory_bytes,
                                                   guint64               disk_bytes);
GtkWidget     *slipway_wizard_get_topology_view   (SlipwayWizard        *self);
char          *slipway_wizard_dup_totals          (SlipwayWizard        *self);
GtkWidget     *slipway_wizard_get_node_progress   (SlipwayWizard        *self,
                                                   const char           *node);

G_END_DECLS
