/* slipway-application.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

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

G_END_DECLS
