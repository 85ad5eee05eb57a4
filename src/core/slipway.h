/* slipway.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#define SLIPWAY_INSIDE
# include "slipway-catalog.h"
# include "slipway-checkpoint.h"
# include "slipway-cloud-init.h"
# include "slipway-cluster.h"
# include "slipway-connection.h"
# include "slipway-console.h"
# include "slipway-download.h"
# include "slipway-enums.h"
# include "slipway-error.h"
# include "slipway-export.h"
# include "slipway-host.h"
# include "slipway-ipv4.h"
# include "slipway-keys.h"
# include "slipway-load-balancer.h"
# include "slipway-node.h"
# include "slipway-node-details.h"
# include "slipway-operation.h"
# include "slipway-password.h"
# include "slipway-paths.h"
# include "slipway-plan.h"
# include "slipway-problem.h"
# include "slipway-remote.h"
# include "slipway-size.h"
# include "slipway-spec.h"
# include "slipway-ssh.h"
# include "slipway-topology.h"
# include "slipway-trust.h"
# include "slipway-types.h"
# include "slipway-user-keys.h"
# include "slipway-xml.h"
#undef SLIPWAY_INSIDE
