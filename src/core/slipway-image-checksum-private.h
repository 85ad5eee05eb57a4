/* slipway-image-checksum-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/stat.h>

#include <glib.h>

G_BEGIN_DECLS

extern gint64 _slipway_image_checksum_settle_usec;

char     *_slipway_image_checksum_stamp    (const struct stat *st);
gboolean  _slipway_image_checksum_is_settled (const struct stat *st,
                                              gint64             read_start);
char     *_slipway_image_checksum_lookup   (const char        *path,
                                            const char        *stamp);
void      _slipway_image_checksum_remember (const char        *path,
                                            const char        *stamp,
                                            const char        *checksum);

G_END_DECLS
