/* slipway-password.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  slipway_password_hash_is_valid    (const char           *hash);
char     *slipway_hash_password             (const char           *password,
                                             GError              **error);
void      slipway_hash_password_async       (const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char     *slipway_hash_password_finish      (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
