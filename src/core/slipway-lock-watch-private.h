/* slipway-lock-watch-private.h: which clusters other processes hold
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-lock-watch-private.h is private to libslipway."
#endif

#include "slipway-connection.h"

G_BEGIN_DECLS

typedef struct _SlipwayLockWatch SlipwayLockWatch;

SlipwayLockWatch *_slipway_lock_watch_new  (SlipwayConnection *connection);
void              _slipway_lock_watch_free (SlipwayLockWatch  *self);

G_END_DECLS
