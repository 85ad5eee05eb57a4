/* slipway-size.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

gboolean  slipway_parse_size   (const char *str,
                                guint64    *bytes);
char     *slipway_format_size  (guint64     bytes);

G_END_DECLS
