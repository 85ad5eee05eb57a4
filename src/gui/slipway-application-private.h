/* slipway-application-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "slipway-application.h"

G_BEGIN_DECLS

/* slipway-application.c */
char *_slipway_application_dup_debug_info (GtkApplication     *app);

/* slipway-application-actions.c */
void  _slipway_application_actions_init   (SlipwayApplication *self);

G_END_DECLS
