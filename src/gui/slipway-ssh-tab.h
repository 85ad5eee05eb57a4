/* slipway-ssh-tab.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "slipway-console-tab.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_SSH_TAB (slipway_ssh_tab_get_type ())

G_DECLARE_FINAL_TYPE (SlipwaySshTab, slipway_ssh_tab, SLIPWAY, SSH_TAB, SlipwayConsoleTab)

GtkWidget *slipway_ssh_tab_new         (const char      *cluster,
                                       SlipwayNode     *item);
gboolean   slipway_ssh_tab_get_running (SlipwaySshTab   *self);
guint      slipway_ssh_tab_get_n_sessions (SlipwaySshTab *self);

G_END_DECLS
