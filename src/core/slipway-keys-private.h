/* slipway-keys-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-keys-private.h is private to libslipway and its tests."
#endif

#include <glib.h>

G_BEGIN_DECLS

gboolean _slipway_keys_ed25519_generate (const char  *comment,
                                         char       **private_key,
                                         char       **public_line,
                                         GError     **error);

G_END_DECLS
