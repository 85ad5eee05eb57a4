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
# include "slipway-cloud-init.h"
# include "slipway-download.h"
# include "slipway-error.h"
# include "slipway-host.h"
# include "slipway-keys.h"
# include "slipway-monitor.h"
# include "slipway-provisioner.h"
# include "slipway-spec.h"
# include "slipway-topology.h"
# include "slipway-xml.h"
#undef SLIPWAY_INSIDE
