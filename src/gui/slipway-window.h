/* slipway-window.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway-cluster-overview.h"
#include "slipway-terminal-group.h"
#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_WINDOW (slipway_window_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayWindow, slipway_window, SLIPWAY, WINDOW, AdwApplicationWindow)

/* The terminal groups, in the order of the view switcher (Alt+1…4). */
typedef enum
{
  SLIPWAY_GROUP_GATEWAY,
  SLIPWAY_GROUP_CONTROL,
  SLIPWAY_GROUP_WORKER,
  SLIPWAY_GROUP_ALL,
} SlipwayGroup;

#define SLIPWAY_N_GROUPS 4

SlipwayWindow        *slipway_window_new              (GtkApplication *application,
                                                       const char     *uri);
SlipwayConnection    *slipway_window_get_connection   (SlipwayWindow  *self);
const char           *slipway_window_get_uri          (SlipwayWindow  *self);
gboolean              slipway_window_get_loading      (SlipwayWindow  *self);
gboolean              slipway_window_get_busy         (SlipwayWindow  *self);
gboolean              slipway_window_get_connection_lost (SlipwayWindow *self);
char                 *slipway_window_dup_busy_reason  (SlipwayWindow  *self);
char                 *slipway_window_dup_stop_consequence (SlipwayWindow *self);
void                  slipway_window_stop_operations  (SlipwayWindow  *self);
const char           *slipway_window_get_cluster      (SlipwayWindow  *self);
void                  slipway_window_open_cluster     (SlipwayWindow  *self,
                                                       const char     *cluster);
SlipwayTerminalGroup *slipway_window_get_group        (SlipwayWindow  *self,
                                                       SlipwayGroup    group);
SlipwayGroup          slipway_window_get_visible_group (SlipwayWindow *self);
GtkWidget            *slipway_window_find_node_row    (SlipwayWindow  *self,
                                                       const char     *node);
const char           *slipway_window_get_content_page (SlipwayWindow  *self);
SlipwayClusterOverview *slipway_window_get_overview (SlipwayWindow  *self);

G_END_DECLS
