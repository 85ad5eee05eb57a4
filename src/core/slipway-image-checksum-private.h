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

char     *_slipway_image_checksum_stamp    (const struct stat *st);
char     *_slipway_image_checksum_lookup   (const char        *path,
                                            const char        *stamp);
void      _slipway_image_checksum_remember (const char        *path,
                                            const char        *stamp,
                                            const char        *checksum);

G_END_DECLS
