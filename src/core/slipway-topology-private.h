/* slipway-topology-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "slipway-topology.h"

G_BEGIN_DECLS

SlipwayTopology *_slipway_topology_new_valid (const SlipwaySpec *spec);

G_END_DECLS
