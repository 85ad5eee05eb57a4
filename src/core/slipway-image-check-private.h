/* slipway-image-check-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *_slipway_image_check_file (const char *path,
                                 const char *display);

G_END_DECLS
