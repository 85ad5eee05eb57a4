/* slipway-serial-tab.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "slipway-console-tab.h"
#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_SERIAL_TAB (slipway_serial_tab_get_type ())

G_DECLARE_FINAL_TYPE (SlipwaySerialTab, slipway_serial_tab, SLIPWAY, SERIAL_TAB, SlipwayConsoleTab)

GtkWidget *slipway_serial_tab_new (SlipwayNode     *item,
                                   SlipwayConsole  *console,
                                   gboolean         answers_queries);

G_END_DECLS
