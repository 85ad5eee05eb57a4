/* slipway-plan.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <gio/gio.h>

#include "slipway-host.h"
#include "slipway-spec.h"
#include "slipway-topology.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_PLAN (slipway_plan_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayPlan, slipway_plan, SLIPWAY, PLAN, GObject)

SlipwayPlan           *slipway_plan_new              (const SlipwaySpec     *spec,
                                                      const SlipwayHostInfo *host);
SlipwayPlan           *slipway_plan_new_without_files (const SlipwaySpec    *spec,
                                                       const SlipwayHostInfo *host);
const SlipwaySpec     *slipway_plan_get_spec         (SlipwayPlan           *self);
const SlipwayTopology *slipway_plan_get_topology     (SlipwayPlan           *self);
GPtrArray             *slipway_plan_get_problems     (SlipwayPlan           *self);
gboolean               slipway_plan_has_errors       (SlipwayPlan           *self);
char                  *slipway_plan_dup_network_xml  (SlipwayPlan           *self);
char                  *slipway_plan_dup_user_data    (SlipwayPlan           *self,
                                                      const char            *node,
                                                      const char            *cluster_key);
char                  *slipway_plan_dup_cluster_file (SlipwayPlan           *self);

G_END_DECLS
