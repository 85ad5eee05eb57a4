/* slipway-fileutil-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Private folders and files written whole: atomic, synced, never looser
 * than their mode. */

gboolean  slipway_ensure_private_dir        (const char    *path,
                                             GError       **error);
gboolean  slipway_write_secret_file         (const char    *path,
                                             const char    *contents,
                                             gssize         length,
                                             GError       **error);
gboolean  slipway_write_file_atomic         (const char    *path,
                                             const char    *contents,
                                             gssize         length,
                                             guint          mode,
                                             GError       **error);
gboolean  _slipway_write_all                (int            fd,
                                             const char    *contents,
                                             gsize          length);
void      _slipway_sync_parent_dir          (const char    *path);

G_END_DECLS
