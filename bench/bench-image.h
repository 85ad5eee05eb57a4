/* bench-image.h: the throwaway disk image the test-driver benchmarks boot
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *bench_make_disk_image (GError **error);

G_END_DECLS
