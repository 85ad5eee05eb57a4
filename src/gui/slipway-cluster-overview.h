/* slipway-cluster-overview.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway.h"
#include "slipway-topology-view.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_CLUSTER_OVERVIEW (slipway_cluster_overview_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayClusterOverview, slipway_cluster_overview, SLIPWAY, CLUSTER_OVERVIEW, AdwBin)

GtkWidget           *slipway_cluster_overview_new               (void);
void                 slipway_cluster_overview_set_cluster       (SlipwayClusterOverview *self,
                                                                 SlipwayConnection      *connection,
                                                                 SlipwayCluster         *cluster);
SlipwayTopologyView *slipway_cluster_overview_get_topology_view (SlipwayClusterOverview *self);
const char          *slipway_cluster_overview_get_total         (SlipwayClusterOverview *self,
                                                                 const char             *which);
gboolean             slipway_cluster_overview_get_host_known    (SlipwayClusterOverview *self);

G_END_DECLS
