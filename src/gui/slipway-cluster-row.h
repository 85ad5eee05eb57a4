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

GtkWidget  *slipway_cluster_row_new            (const SlipwayClusterStatus *status);
const char *slipway_cluster_row_get_name       (SlipwayClusterRow          *self);
char       *slipway_cluster_row_format_summary (const SlipwayClusterStatus *status);

G_END_DECLS
