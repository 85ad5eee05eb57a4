/* slipway-application.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_APPLICATION (slipway_application_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayApplication, slipway_application, SLIPWAY, APPLICATION, AdwApplication)

SlipwayApplication *slipway_application_new      (void);
void                slipway_application_open_uri (SlipwayApplication *self,
                                                  const char         *uri);
GtkWindow          *slipway_application_new_cluster       (SlipwayApplication  *self);
GtkWindow          *slipway_application_open_cluster_file (SlipwayApplication  *self,
                                                           GFile               *file,
                                                           GError             **error);
guint               slipway_application_hold_operation    (SlipwayApplication  *self,
                                                           GtkWindow           *window,
                                                           const char          *reason);
void                slipway_application_release_operation (SlipwayApplication  *self,
                                                           guint                id);
gboolean            slipway_application_get_busy          (SlipwayApplication  *self);
gboolean            slipway_application_notify_operation_ended (SlipwayApplication   *self,
                                                                GtkWindow            *window,
                                                                const char           *uri,
                                                                const char           *cluster,
                                                                SlipwayOperationKind  kind,
                                                                const GError         *error,
                                                                const char           *body);
SlipwayConnection  *slipway_application_get_connection    (SlipwayApplication  *self,
                                                           const char          *uri);
gboolean            slipway_application_drop_and_wait     (SlipwayApplication  *self,
                                                           guint                timeout_seconds);

G_END_DECLS
