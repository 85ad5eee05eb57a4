/* slipway-console.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <gio/gio.h>

#include "slipway-types.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_CONSOLE (slipway_console_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayConsole, slipway_console, SLIPWAY, CONSOLE, GObject)

const char           *slipway_console_get_cluster  (SlipwayConsole       *self);
const char           *slipway_console_get_node     (SlipwayConsole       *self);
SlipwayConsoleStatus  slipway_console_get_status   (SlipwayConsole       *self);
const char           *slipway_console_get_message  (SlipwayConsole       *self);
gsize                 slipway_console_get_pending  (SlipwayConsole       *self);
GBytes               *slipway_console_dup_history  (SlipwayConsole       *self);

void                  slipway_console_open_async   (SlipwayConsole       *self,
                                                    SlipwayConsoleFlags   flags,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean              slipway_console_open_finish  (SlipwayConsole       *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void                  slipway_console_set_running  (SlipwayConsole       *self,
                                                    gboolean              running);
void                  slipway_console_reconnect    (SlipwayConsole       *self);
void                  slipway_console_take_over    (SlipwayConsole       *self);
void                  slipway_console_send         (SlipwayConsole       *self,
                                                    const char           *data,
                                                    gsize                 length);
void                  slipway_console_close        (SlipwayConsole       *self);

G_END_DECLS
