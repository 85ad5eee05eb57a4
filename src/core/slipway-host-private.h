/* slipway-host-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-host-private.h is private to libslipway and its tests."
#endif

#include "slipway-host.h"

G_BEGIN_DECLS

void _slipway_host_info_check_spec_full (const SlipwayHostInfo *info,
                                         const SlipwaySpec     *spec,
                                         gboolean               check_files,
                                         GPtrArray             *problems);

/* slipway-host-image.c: parts of slipway_host_info_check_spec(); the
 * first reads the files (a worker thread's), the second only their names. */
void _slipway_host_info_check_images     (const SlipwaySpec *spec,
                                          GPtrArray         *problems);
void _slipway_host_info_check_role_users (const SlipwaySpec *spec,
                                          GPtrArray         *problems);

/* slipway-host-arch.c: part of slipway_host_info_check_spec(). */
void _slipway_host_info_check_arch (const SlipwayHostInfo *info,
                                    const SlipwaySpec     *spec,
                                    GPtrArray             *problems);

G_END_DECLS
