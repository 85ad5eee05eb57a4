/* slipway-window.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SLIPWAY_TYPE_WINDOW (slipway_window_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayWindow, slipway_window, SLIPWAY, WINDOW, AdwApplicationWindow)

SlipwayWindow *slipway_window_new         (GtkApplication *application,
                                           const char     *uri);
const char    *slipway_window_get_uri     (SlipwayWindow  *self);
gboolean       slipway_window_get_loading (SlipwayWindow  *self);

G_END_DECLS
