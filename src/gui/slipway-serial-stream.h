/* slipway-serial-stream.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "slipway.h"

G_BEGIN_DECLS

typedef enum
{
  SLIPWAY_SERIAL_STATUS_OFF,          /* the node does not run: nothing to connect to */
  SLIPWAY_SERIAL_STATUS_CONNECTING,
  SLIPWAY_SERIAL_STATUS_CONNECTED,
  SLIPWAY_SERIAL_STATUS_RETRYING,     /* lost or refused; tries again by itself */
  SLIPWAY_SERIAL_STATUS_BUSY,         /* another program has it; tries again, never takes it */
} SlipwaySerialStatus;

#define SLIPWAY_TYPE_SERIAL_STREAM (slipway_serial_stream_get_type ())

G_DECLARE_FINAL_TYPE (SlipwaySerialStream, slipway_serial_stream, SLIPWAY, SERIAL_STREAM, GObject)

SlipwaySerialStream *slipway_serial_stream_new          (SlipwayProvisioner  *provisioner,
                                                         const char          *cluster,
                                                         const char          *node);
const char          *slipway_serial_stream_get_node     (SlipwaySerialStream *self);
SlipwaySerialStatus  slipway_serial_stream_get_status   (SlipwaySerialStream *self);
const char          *slipway_serial_stream_get_message  (SlipwaySerialStream *self);
GBytes              *slipway_serial_stream_dup_history  (SlipwaySerialStream *self);
void                 slipway_serial_stream_set_running  (SlipwaySerialStream *self,
                                                         gboolean             running);
void                 slipway_serial_stream_reconnect    (SlipwaySerialStream *self);
void                 slipway_serial_stream_take_over    (SlipwaySerialStream *self);
void                 slipway_serial_stream_send         (SlipwaySerialStream *self,
                                                         const char          *data,
                                                         gsize                length);

G_END_DECLS
