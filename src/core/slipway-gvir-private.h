/* slipway-gvir-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* Renamed slipway-virt-private.h; this name stays until nothing includes it. */
#include "slipway-virt-private.h"
