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

GtkWidget *slipway_topology_view_new         (void);
void       slipway_topology_view_set_spec    (SlipwayTopologyView *self,
                                              const SlipwaySpec   *spec);
guint      slipway_topology_view_get_n_nodes (SlipwayTopologyView *self);
gboolean   slipway_topology_view_get_node    (SlipwayTopologyView *self,
                                              guint                index,
                                              graphene_rect_t     *bounds,
                                              const char         **name,
                                              const char         **address,
                                              SlipwayRole         *role);

G_END_DECLS
