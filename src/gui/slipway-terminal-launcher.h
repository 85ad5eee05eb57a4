/* slipway-terminal-launcher.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "slipway.h"

G_BEGIN_DECLS

GStrv     slipway_terminal_argv             (const char * const *command,
                                             GError            **error);
gboolean  slipway_open_node_in_terminal     (SlipwayCluster     *cluster,
                                             const char         *node,
                                             GError            **error);

G_END_DECLS
