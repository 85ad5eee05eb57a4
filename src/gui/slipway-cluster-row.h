/* slipway-cluster-row.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_CLUSTER_ROW (slipway_cluster_row_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayClusterRow, slipway_cluster_row, SLIPWAY, CLUSTER_ROW, AdwActionRow)

GtkWidget      *slipway_cluster_row_new            (SlipwayCluster    *cluster);
const char     *slipway_cluster_row_get_name       (SlipwayClusterRow *self);
SlipwayCluster *slipway_cluster_row_get_cluster    (SlipwayClusterRow *self);
void            slipway_cluster_row_set_stale      (SlipwayClusterRow *self,
                                                    gboolean           stale);

G_END_DECLS
