/* slipway-topology-view.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_TOPOLOGY_VIEW (slipway_topology_view_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayTopologyView, slipway_topology_view, SLIPWAY, TOPOLOGY_VIEW, GtkWidget)

GtkWidget *slipway_topology_view_new            (void);
void       slipway_topology_view_set_plan       (SlipwayTopologyView  *self,
                                                 SlipwayPlan          *plan);
void       slipway_topology_view_set_cluster    (SlipwayTopologyView  *self,
                                                 SlipwayCluster       *cluster);
void       slipway_topology_view_set_stale      (SlipwayTopologyView  *self,
                                                 gboolean              stale);
guint      slipway_topology_view_get_n_nodes    (SlipwayTopologyView  *self);
guint      slipway_topology_view_get_n_rebuilds (SlipwayTopologyView  *self);
gboolean   slipway_topology_view_get_node       (SlipwayTopologyView  *self,
                                                 guint                 index,
                                                 graphene_rect_t      *bounds,
                                                 const char          **name,
                                                 const char          **address,
                                                 SlipwayRole          *role);
const char *slipway_topology_view_get_node_state (SlipwayTopologyView *self,
                                                  guint                index);
GtkWidget  *slipway_topology_view_get_node_button (SlipwayTopologyView *self,
                                                   guint                index);

G_END_DECLS
