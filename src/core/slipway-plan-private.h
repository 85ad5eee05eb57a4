/* slipway-plan-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "slipway-cloud-init.h"
#include "slipway-plan.h"

G_BEGIN_DECLS

SlipwayPlan *_slipway_plan_new_full     (const SlipwaySpec      *spec,
                                         const SlipwayHostInfo  *host,
                                         const char             *stored_subnet,
                                         gboolean                check_files);
/* The one renderer of a node's NoCloud files: the plan's preview, create
 * and reset all use it. */
char        *_slipway_plan_render_user_data (const SlipwaySpec      *spec,
                                             const SlipwayTopology  *topology,
                                             const SlipwayNodeInfo  *node,
                                             const char             *cluster_key,
                                             const char             *host_key_private,
                                             const char             *host_key_public,
                                             char                  **meta_data,
                                             GError                **error);

G_END_DECLS
