/* slipway-xpath-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* The XPath helpers moved to slipway-xml-private.h (implemented in
 * slipway-xml-parse.c). This forwarder stays only for the op-*.c files
 * that still include it; delete it with their last include.
 */
#include "slipway-xml-private.h"
