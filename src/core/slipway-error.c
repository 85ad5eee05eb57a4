/* slipway-error.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-error.h"

/* clang-format off */
G_DEFINE_QUARK (slipway-error-quark, slipway_error)
/* clang-format on */
