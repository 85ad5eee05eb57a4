/* slipway-terminal-palette.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <vte/vte.h>

G_BEGIN_DECLS

void slipway_terminal_palette_apply (VteTerminal *terminal,
                                     gboolean     dark);

G_END_DECLS
