/* slipway-console-tab-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "slipway-console-tab.h"

G_BEGIN_DECLS

#define ZOOM_STEP 1.1
#define ZOOM_MIN  0.5
#define ZOOM_MAX  3.0

typedef struct
{
  /* Template widgets */
  GtkSearchBar    *search_bar;
  GtkSearchEntry  *search_entry;
  VteTerminal     *terminal;
  GtkRevealer     *banner_revealer;
  GtkLabel        *banner_label;
  GtkButton       *banner_button;
  GtkWidget       *broadcast_badge;

  /* Owned references */
  SlipwayNode     *item;
  GSettings       *settings;
  GSettings       *interface_settings;
  GCancellable    *spawn_cancellable;
  GCancellable    *paste_cancellable;

  GPid             child_pid;   /* 0 while no spawned child runs */
  guint            user_input_clear;
  guint            user_input : 1;
  guint            broadcasting : 1;
  guint            mirroring : 1;
  guint            can_reconnect : 1;
} SlipwayConsoleTabPrivate;

SlipwayConsoleTabPrivate *_slipway_console_tab_get_private   (SlipwayConsoleTab *self);
void                      _slipway_console_tab_class_actions_init (GtkWidgetClass *widget_class);
void                      _slipway_console_tab_actions_update (SlipwayConsoleTab *self);

G_END_DECLS
