/* slipway-size-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Why a size does not parse, for the cluster-file reader's messages. */
typedef enum
{
  SLIPWAY_SIZE_OK,
  SLIPWAY_SIZE_INVALID,
  SLIPWAY_SIZE_NO_UNIT,
  SLIPWAY_SIZE_AMBIGUOUS_UNIT,
  SLIPWAY_SIZE_TOO_LARGE,
} SlipwaySizeStatus;

gboolean           _slipway_parse_unsigned    (const char *str,
                                               guint       base,
                                               guint64     max,
                                               guint64    *value);
SlipwaySizeStatus  _slipway_parse_size_full   (const char *str,
                                               guint64    *bytes);
char              *_slipway_format_size_exact (guint64     bytes);

G_END_DECLS
