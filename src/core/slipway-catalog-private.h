/* slipway-catalog-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-catalog-private.h is private to libslipway and its tests."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* An http(s) URL of a disk Slipway can import as it is: no archive. */
gboolean _slipway_catalog_is_usable_url (const char *url);

G_END_DECLS
