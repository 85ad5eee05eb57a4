/* slipway-preferences-window.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SLIPWAY_TYPE_PREFERENCES_WINDOW (slipway_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayPreferencesWindow, slipway_preferences_window,
                      SLIPWAY, PREFERENCES_WINDOW, AdwPreferencesWindow)

SlipwayPreferencesWindow *slipway_preferences_window_new (GtkWindow *parent);

G_END_DECLS
