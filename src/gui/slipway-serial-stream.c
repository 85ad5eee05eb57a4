/* slipway-serial-stream.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>

#include "slipway-serial-stream.h"

/* One libvirt console stream per node and window, shared by every terminal
 * that shows the node's serial console: libvirt gives a console to one
 * client at a time.
 *
 * It keeps the recent output, so a terminal made later (another group, a
 * tiled view) starts with the same screen, and it reconnects by itself,
 * with a backoff, while the node runs: a reset or a reboot ends the stream.
 *
 * It never takes the console from another program (virsh console,
 * slipwayctl console, another window) by itself: when that program takes
 * it over, or has it already, the stream waits until it is free again;
 * only slipway_serial_stream_take_over(), a person's decision, forces it. */

#define HISTORY_MAX       (256 * 1024)
#define RECEIVE_CHUNK     4096
#define RETRY_FIRST_MS    500
#define RETRY_MAX_MS      8000

struct _SlipwaySerialStream
{
  GObject              parent_instance;

  SlipwayProvisioner  *provisioner;
  char                *cluster;
  char                *node;

  GVirStream          *stream;
  GCancellable        *cancellable;
  guint                read_source;
  guint                write_source;
  guint                retry_source;
  guint                retry_ms;
  guint                take_over : 1;     /* the next open forces the console */

  GByteArray          *history;
  GByteArray          *to_guest;
  char                *message;

  SlipwaySerialStatus  status;
  guint                running : 1;
};

G_DEFINE_FINAL_TYPE (SlipwaySerialStream, slipway_serial_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

enum {
  DATA,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void slipway_serial_stream_connect (SlipwaySerialStream *self);

static void
set_status (SlipwaySerialStream *self,
            SlipwaySerialStatus  status,
            const char          *message)
{
  gboolean changed = self->status != status || g_strcmp0 (self->message, message) != 0;

  g_free (self->message);
  self->message = g_strdup (message);
  self->status = status;

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* libvirt-glib 4.0 finishes a stream in finalize and logs a critical when
 * that fails, which it does for a console that ended or that we leave.
 * Abort it like virsh does and keep the wrapper (one per reconnection). */
static void
abandon_stream (GVirStream *stream)
{
  virStreamPtr handle = NULL;

  g_object_get (stream, "handle", &handle, NULL);
  if (handle != NULL)
    {
      virStreamAbort (handle);
      virStreamFree (handle);
    }
}

static void
drop_stream (SlipwaySerialStream *self)
{
  g_clear_handle_id (&self->read_source, g_source_remove);
  g_clear_handle_id (&self->write_source, g_source_remove);

  if (self->stream != NULL)
    {
      abandon_stream (self->stream);
      /* Deliberately not unreffed: see abandon_stream(). */
      self->stream = NULL;
    }
}

static gboolean
retry_cb (gpointer data)
{
  SlipwaySerialStream *self = data;

  self->retry_source = 0;
  slipway_serial_stream_connect (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (SlipwaySerialStream *self,
                SlipwaySerialStatus  status,
                const char          *message)
{
  drop_stream (self);

  if (!self->running)
    {
      set_status (self, SLIPWAY_SERIAL_STATUS_OFF, message);
      return;
    }

  set_status (self, status, message);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (self->retry_ms, retry_cb, self);
  self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
}

static void
append_history (SlipwaySerialStream *self,
                const char          *data,
                gsize                length)
{
  g_byte_array_append (self->history, (const guint8 *)data, length);

  /* Drop whole lines from the front, so the replay starts on one. */
  if (self->history->len > HISTORY_MAX)
    {
      guint cut = self->history->len - HISTORY_MAX / 2;
      const guint8 *nl = memchr (self->history->data + cut, '\n', self->history->len - cut);

      if (nl != NULL)
        cut = nl - self->history->data + 1;
      g_byte_array_remove_range (self->history, 0, cut);
    }
}

static gboolean
on_readable_cb (GVirStream            *stream,
                GVirStreamIOCondition  condition,
                gpointer               user_data)
{
  SlipwaySerialStream *self = user_data;
  char buffer[RECEIVE_CHUNK];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = gvir_stream_receive (stream, buffer, sizeof buffer, NULL, &error);

      if (n > 0)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (buffer, n);

          if (self->status != SLIPWAY_SERIAL_STATUS_CONNECTED)
            set_status (self, SLIPWAY_SERIAL_STATUS_CONNECTED, NULL);
          self->retry_ms = RETRY_FIRST_MS;
          append_history (self, buffer, n);
          g_signal_emit (self, signals[DATA], 0, bytes);

          /* A handler may have dropped the stream. */
          if (self->stream != stream)
            return G_SOURCE_REMOVE;
          continue;
        }

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) &&
          (condition & (GVIR_STREAM_IO_CONDITION_HANGUP | GVIR_STREAM_IO_CONDITION_ERROR)) == 0)
        return G_SOURCE_CONTINUE;

      /* The end of the stream: the domain stopped or restarted, or someone
       * else took the console. */
      g_debug ("Serial console of %s ended: %s", self->node,
               error != NULL ? error->message : "end of stream");
      self->read_source = 0;
      schedule_retry (self, SLIPWAY_SERIAL_STATUS_RETRYING,
                      _("The serial console was disconnected"));
      return G_SOURCE_REMOVE;
    }
}

static void flush_to_guest (SlipwaySerialStream *self);

static gboolean
on_writable_cb (GVirStream            *stream,
                GVirStreamIOCondition  condition,
                gpointer               user_data)
{
  SlipwaySerialStream *self = user_data;

  self->write_source = 0;
  flush_to_guest (self);

  return G_SOURCE_REMOVE;
}

static void
flush_to_guest (SlipwaySerialStream *self)
{
  while (self->stream != NULL && self->to_guest->len > 0)
    {
      g_autoptr(GError) error = NULL;
      gssize n = gvir_stream_send (self->stream, (const char *)self->to_guest->data,
                                   self->to_guest->len, NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (self->write_source == 0)
            self->write_source = gvir_stream_add_watch (self->stream,
                                                        GVIR_STREAM_IO_CONDITION_WRITABLE,
                                                        on_writable_cb, self);
          return;
        }

      if (n < 0)
        {
          g_debug ("Sending to the serial console of %s failed: %s", self->node, error->message);
          schedule_retry (self, SLIPWAY_SERIAL_STATUS_RETRYING,
                      _("The serial console was disconnected"));
          return;
        }

      g_byte_array_remove_range (self->to_guest, 0, n);
    }
}

static void
open_console_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlipwaySerialStream) self = user_data;
  g_autoptr(GError) error = NULL;
  GVirStream *stream;

  stream = slipway_provisioner_open_console_finish (SLIPWAY_PROVISIONER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (stream == NULL)
    {
      g_debug ("Opening the serial console of %s failed: %s", self->node, error->message);

      /* Asked to take over while an open without force was under way. */
      if (self->take_over && self->running)
        {
          slipway_serial_stream_connect (self);
          return;
        }

      schedule_retry (self,
                      g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY)
                        ? SLIPWAY_SERIAL_STATUS_BUSY : SLIPWAY_SERIAL_STATUS_RETRYING,
                      error->message);
      return;
    }

  self->stream = stream;
  self->take_over = FALSE;
  self->read_source = gvir_stream_add_watch (stream, GVIR_STREAM_IO_CONDITION_READABLE,
                                             on_readable_cb, self);
  set_status (self, SLIPWAY_SERIAL_STATUS_CONNECTED, NULL);
  /* Typed while disconnected: it still belongs to the guest. */
  flush_to_guest (self);
}

static void
slipway_serial_stream_connect (SlipwaySerialStream *self)
{
  if (self->stream != NULL || self->cancellable != NULL || !self->running)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->cancellable = g_cancellable_new ();
  /* Waiting for another program to let go is no news for the banner. */
  if (self->status != SLIPWAY_SERIAL_STATUS_BUSY || self->take_over)
    set_status (self, SLIPWAY_SERIAL_STATUS_CONNECTING, NULL);
  slipway_provisioner_open_console_async (self->provisioner, self->cluster, self->node,
                                          self->take_over ? SLIPWAY_CONSOLE_FLAGS_FORCE
                                                          : SLIPWAY_CONSOLE_FLAGS_NONE,
                                          self->cancellable, open_console_cb,
                                          g_object_ref (self));
  self->take_over = FALSE;
}

SlipwaySerialStream *
slipway_serial_stream_new (SlipwayProvisioner *provisioner,
                           const char         *cluster,
                           const char         *node)
{
  SlipwaySerialStream *self;

  g_return_val_if_fail (SLIPWAY_IS_PROVISIONER (provisioner), NULL);
  g_return_val_if_fail (cluster != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_SERIAL_STREAM, NULL);
  self->provisioner = g_object_ref (provisioner);
  self->cluster = g_strdup (cluster);
  self->node = g_strdup (node);

  return self;
}

const char *
slipway_serial_stream_get_node (SlipwaySerialStream *self)
{
  g_return_val_if_fail (SLIPWAY_IS_SERIAL_STREAM (self), NULL);

  return self->node;
}

SlipwaySerialStatus
slipway_serial_stream_get_status (SlipwaySerialStream *self)
{
  g_return_val_if_fail (SLIPWAY_IS_SERIAL_STREAM (self), SLIPWAY_SERIAL_STATUS_OFF);

  return self->status;
}

/**
 * slipway_serial_stream_get_message:
 *
 * Returns: (nullable): why the console is not connected, for people
 */
const char *
slipway_serial_stream_get_message (SlipwaySerialStream *self)
{
  g_return_val_if_fail (SLIPWAY_IS_SERIAL_STREAM (self), NULL);

  return self->message;
}

/**
 * slipway_serial_stream_dup_history:
 *
 * Returns: (transfer full): the recent output, to start a new terminal with
 */
GBytes *
slipway_serial_stream_dup_history (SlipwaySerialStream *self)
{
  g_return_val_if_fail (SLIPWAY_IS_SERIAL_STREAM (self), NULL);

  return g_bytes_new (self->history->data, self->history->len);
}

/**
 * slipway_serial_stream_set_running:
 *
 * Tells the stream whether the node's domain runs. When it starts running
 * (a start, or the new domain of a reset) the console is opened at once.
 */
void
slipway_serial_stream_set_running (SlipwaySerialStream *self,
                                   gboolean             running)
{
  g_return_if_fail (SLIPWAY_IS_SERIAL_STREAM (self));

  running = !!running;
  if (self->running == running)
    return;

  self->running = running;

  if (running)
    {
      self->retry_ms = RETRY_FIRST_MS;
      slipway_serial_stream_reconnect (self);
    }
  else if (self->stream == NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_handle_id (&self->retry_source, g_source_remove);
      set_status (self, SLIPWAY_SERIAL_STATUS_OFF, NULL);
    }
  /* A connected stream ends by itself when the domain stops, and
   * keeps what the guest printed while shutting down. */
}

/**
 * slipway_serial_stream_reconnect:
 *
 * Opens the console again now, rather than at the next retry.
 */
void
slipway_serial_stream_reconnect (SlipwaySerialStream *self)
{
  g_return_if_fail (SLIPWAY_IS_SERIAL_STREAM (self));

  if (self->stream != NULL && self->status == SLIPWAY_SERIAL_STATUS_CONNECTED)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  slipway_serial_stream_connect (self);
}

/**
 * slipway_serial_stream_take_over:
 *
 * Opens the console now even if another program has it; that program is
 * disconnected. For a person's explicit request only.
 */
void
slipway_serial_stream_take_over (SlipwaySerialStream *self)
{
  g_return_if_fail (SLIPWAY_IS_SERIAL_STREAM (self));

  if (self->stream != NULL && self->status == SLIPWAY_SERIAL_STATUS_CONNECTED)
    return;

  self->take_over = TRUE;
  self->retry_ms = RETRY_FIRST_MS;

  /* An open under way finishes first: open_console_cb() goes on from there. */
  if (self->cancellable == NULL)
    slipway_serial_stream_reconnect (self);
}

void
slipway_serial_stream_send (SlipwaySerialStream *self,
                            const char          *data,
                            gsize                length)
{
  g_return_if_fail (SLIPWAY_IS_SERIAL_STREAM (self));
  g_return_if_fail (data != NULL || length == 0);

  g_byte_array_append (self->to_guest, (const guint8 *)data, length);

  if (self->write_source == 0)
    flush_to_guest (self);
}

static void
slipway_serial_stream_dispose (GObject *object)
{
  SlipwaySerialStream *self = (SlipwaySerialStream *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  drop_stream (self);
  g_clear_object (&self->provisioner);

  G_OBJECT_CLASS (slipway_serial_stream_parent_class)->dispose (object);
}

static void
slipway_serial_stream_finalize (GObject *object)
{
  SlipwaySerialStream *self = (SlipwaySerialStream *)object;

  g_clear_pointer (&self->cluster, g_free);
  g_clear_pointer (&self->node, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->history, g_byte_array_unref);
  g_clear_pointer (&self->to_guest, g_byte_array_unref);

  G_OBJECT_CLASS (slipway_serial_stream_parent_class)->finalize (object);
}

static void
slipway_serial_stream_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SlipwaySerialStream *self = SLIPWAY_SERIAL_STREAM (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_serial_stream_class_init (SlipwaySerialStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slipway_serial_stream_dispose;
  object_class->finalize = slipway_serial_stream_finalize;
  object_class->get_property = slipway_serial_stream_get_property;

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, 0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlipwaySerialStream::data:
   * @bytes: what the guest wrote on its serial port
   */
  signals[DATA] =
    g_signal_new ("data", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
slipway_serial_stream_init (SlipwaySerialStream *self)
{
  self->history = g_byte_array_new ();
  self->to_guest = g_byte_array_new ();
  self->retry_ms = RETRY_FIRST_MS;
}
