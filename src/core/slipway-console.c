/* slipway-console.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-console-private.h"
#include "slipway-error.h"

/* The serial console of one node: the only user of libvirt streams.
 *
 * libvirt gives a console to one client at a time, so one SlipwayConsole
 * serves every terminal of a process that shows the node. It keeps what the
 * guest wrote recently, so a terminal made later starts with the same
 * screen (slipway_console_dup_history()).
 *
 * Two ways to use it:
 *  - following the node (the GUI): slipway_console_set_running() opens the
 *    console while the domain runs and reopens it with a backoff when it
 *    ends (a reset or a reboot ends the stream);
 *  - one session (slipwayctl console): slipway_console_open_async(), then
 *    "data" until "closed".
 *
 * It never takes the console from another program (virsh console,
 * slipwayctl console, another window) by itself: while that program has it,
 * the status is BUSY and the console waits until it is free again. Only
 * %SLIPWAY_CONSOLE_FLAGS_FORCE or slipway_console_take_over(), a person's
 * decision, forces it. */

#define HISTORY_MAX       SLIPWAY_CONSOLE_HISTORY_MAX
#define BOOT_MAX          SLIPWAY_CONSOLE_BOOT_MAX
/* Between the boot and a tail that no longer reaches back to it. */
#define GAP_MARK          "\r\n\342\213\257\r\n"
#define RETRY_FIRST_MS    500
#define RETRY_MAX_MS      8000

G_DEFINE_FINAL_TYPE (SlipwayConsole, slipway_console, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLUSTER,
  PROP_NODE,
  PROP_STATUS,
  PROP_MESSAGE,
  PROP_PENDING,
  N_PROPS
};

enum {
  DATA,
  CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void console_connect (SlipwayConsole *self);

/* ------------------------------------------------------------------------ */
/* State                                                                    */

static void
set_status (SlipwayConsole       *self,
            SlipwayConsoleStatus  status,
            const char           *message)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
complete_waiters (SlipwayConsole *self,
                  const GError   *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
cancel_open (SlipwayConsole *self)
{
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
}

static gboolean
retry_cb (gpointer data)
{
  SlipwayConsole *self = data;

  self->retry_source = 0;
  console_connect (self);

  return G_SOURCE_REMOVE;
}

/* Drops the stream; opens it again later while the node runs. */
static void
schedule_retry (SlipwayConsole       *self,
                SlipwayConsoleStatus  status,
                const char           *message)
{
  _slipway_console_drop_stream (self);
  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (!self->running)
    {
      set_status (self, SLIPWAY_CONSOLE_STATUS_OFF, message);
      return;
    }

  set_status (self, status, message);
  self->retry_source = g_timeout_add (self->retry_ms, retry_cb, self);
  self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
}

/* The stream ended: @error (owned) is %NULL when the other end closed it,
 * %SLIPWAY_ERROR_CONSOLE_TAKEN when it failed. */
void
_slipway_console_end_stream (SlipwayConsole *self,
                             GError         *error)
{
  /* The domain stopped or restarted, or someone else took the console. */
  g_debug ("Serial console of %s ended: %s", self->node,
           error != NULL ? error->message : "end of stream");

  schedule_retry (self, SLIPWAY_CONSOLE_STATUS_RETRYING,
                  _("The serial console was disconnected"));
  g_signal_emit (self, signals[CLOSED], 0, error);
  g_clear_error (&error);
}

static void
receive (SlipwayConsole *self,
         const char     *data,
         gsize           length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);

  if (self->status != SLIPWAY_CONSOLE_STATUS_CONNECTED && self->stream != NULL)
    set_status (self, SLIPWAY_CONSOLE_STATUS_CONNECTED, NULL);
  self->retry_ms = RETRY_FIRST_MS;

  /* The start of the boot is kept apart: the tail below forgets it. */
  if (self->boot->len < BOOT_MAX)
    g_byte_array_append (self->boot, (const guint8 *)data, MIN (length, BOOT_MAX - self->boot->len));
  self->since_boot += length;

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

  g_signal_emit (self, signals[DATA], 0, bytes);
}

void
_slipway_console_receive (SlipwayConsole *self,
                          const char     *data,
                          gsize           length)
{
  g_return_if_fail (SLIPWAY_IS_CONSOLE (self));
  g_return_if_fail (data != NULL || length == 0);

  receive (self, data, length);
}

/* ------------------------------------------------------------------------ */
/* Opening, on the main context                                             */

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SlipwayConsole *self = SLIPWAY_CONSOLE (object);
  g_autoptr(GError) error = NULL;
  GVirStream *stream;

  stream = _slipway_console_open_stream_finish (result, &error);

  /* Closed, stopped or disposed meanwhile: whoever cancelled took over. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->open_cancellable);

  if (stream == NULL)
    {
      g_debug ("Opening the serial console of %s failed: %s", self->node, error->message);

      /* Asked to take over while an open without force was under way. */
      if (self->take_over)
        {
          console_connect (self);
          if (self->open_cancellable != NULL)
            return;
        }

      schedule_retry (self,
                      g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY)
                        ? SLIPWAY_CONSOLE_STATUS_BUSY : SLIPWAY_CONSOLE_STATUS_RETRYING,
                      error->message);
      complete_waiters (self, error);
      return;
    }

  _slipway_console_attach_stream (self, stream);
  self->take_over = FALSE;
  set_status (self, SLIPWAY_CONSOLE_STATUS_CONNECTED, NULL);
  complete_waiters (self, NULL);

  /* Typed while disconnected: it still belongs to the guest. */
  _slipway_console_flush (self);
}

static void
start_open (SlipwayConsole *self)
{
  g_assert (self->stream == NULL);
  g_assert (self->open_cancellable == NULL);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->open_cancellable = g_cancellable_new ();

  /* Waiting for another program to let go is no news for the banner. */
  if (self->status != SLIPWAY_CONSOLE_STATUS_BUSY || self->take_over)
    set_status (self, SLIPWAY_CONSOLE_STATUS_CONNECTING, NULL);

  _slipway_console_open_stream_async (self, self->take_over, self->open_cancellable, open_cb);
  self->take_over = FALSE;
}

/* Opens the console unless it is open, being opened, or the node is off. */
static void
console_connect (SlipwayConsole *self)
{
  if (self->stream != NULL || self->open_cancellable != NULL)
    return;

  if (!self->running && self->waiters->len == 0)
    return;

  start_open (self);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/* Nothing is opened until slipway_console_open_async() or
 * slipway_console_set_running(). */
SlipwayConsole *
_slipway_console_new (SlipwayProvisioner *provisioner,
                      const char         *cluster,
                      const char         *node)
{
  SlipwayConsole *self;

  g_return_val_if_fail (SLIPWAY_IS_PROVISIONER (provisioner), NULL);
  g_return_val_if_fail (cluster != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_CONSOLE,
                       "cluster", cluster,
                       "node", node,
                       NULL);
  self->provisioner = g_object_ref (provisioner);

  return self;
}

/* The domain's QEMU process was replaced: a stream is of the old one, and
 * the new one is opened now rather than after a backoff. No "closed": for
 * whoever reads the console, the session goes on. Its guest boots anew:
 * that boot is the one a terminal made later starts with. */
void
_slipway_console_reopen (SlipwayConsole *self)
{
  g_return_if_fail (SLIPWAY_IS_CONSOLE (self));

  g_byte_array_set_size (self->boot, 0);
  self->since_boot = 0;
  self->retry_ms = RETRY_FIRST_MS;
  if (self->stream != NULL)
    {
      g_debug ("Serial console of %s: the domain was replaced, opening it again", self->node);
      _slipway_console_drop_stream (self);
    }
  else if (self->open_cancellable != NULL)
    {
      /* Under way: it reaches the new process, or fails and retries. */
      return;
    }

  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (!self->running && self->waiters->len == 0)
    {
      set_status (self, SLIPWAY_CONSOLE_STATUS_OFF, NULL);
      return;
    }

  console_connect (self);
}

const char *
slipway_console_get_cluster (SlipwayConsole *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CONSOLE (self), NULL);

  return self->cluster;
}

const char *
slipway_console_get_node (SlipwayConsole *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CONSOLE (self), NULL);

  return self->node;
}

SlipwayConsoleStatus
slipway_console_get_status (SlipwayConsole *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CONSOLE (self), SLIPWAY_CONSOLE_STATUS_OFF);

  return self->status;
}

/**
 * slipway_console_get_message:
 *
 * Returns: (nullable): why the console is not connected, for people
 */
const char *
slipway_console_get_message (SlipwayConsole *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CONSOLE (self), NULL);

  return self->message;
}

/**
 * slipway_console_get_pending:
 *
 * Returns: how many bytes given to slipway_console_send() the guest has not
 *   taken yet; #SlipwayConsole:pending notifies as it changes
 */
gsize
slipway_console_get_pending (SlipwayConsole *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CONSOLE (self), 0);

  return self->to_guest->len;
}

/**
 * slipway_console_dup_history:
 *
 * What a new terminal starts with: the start of the guest's current boot
 * (up to 128 KiB: the kernel, cloud-init) and what the guest wrote
 * recently (up to 256 KiB, starting on a line). When the two do not meet,
 * a line with a "⋯" stands for what was left out.
 *
 * Returns: (transfer full): the history of the console
 */
GBytes *
slipway_console_dup_history (SlipwayConsole *self)
{
  g_autoptr(GByteArray) all = NULL;
  guint64 tail_start;

  g_return_val_if_fail (SLIPWAY_IS_CONSOLE (self), NULL);

  /* The tail reaches back to the boot: it is all there. */
  if (self->since_boot <= self->history->len)
    return g_bytes_new (self->history->data, self->history->len);

  /* Where the tail starts, counted from the start of the boot. */
  tail_start = self->since_boot - self->history->len;
  all = g_byte_array_sized_new (self->boot->len + strlen (GAP_MARK) + self->history->len);
  g_byte_array_append (all, self->boot->data, MIN (tail_start, self->boot->len));
  if (tail_start > self->boot->len)
    g_byte_array_append (all, (const guint8 *)GAP_MARK, strlen (GAP_MARK));
  g_byte_array_append (all, self->history->data, self->history->len);

  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

/**
 * slipway_console_open_async:
 * @flags: without %SLIPWAY_CONSOLE_FLAGS_FORCE, a console that another
 *   program has fails with %SLIPWAY_ERROR_BUSY; with it, that program is
 *   disconnected
 *
 * Opens the console now, once: the domain lookup and the open run in a
 * worker thread. Finishes at once when the console is connected. Whether
 * it reopens later depends on slipway_console_set_running() only.
 */
void
slipway_console_open_async (SlipwayConsole      *self,
                            SlipwayConsoleFlags  flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_CONSOLE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_console_open_async);

  if (self->stream != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if ((flags & SLIPWAY_CONSOLE_FLAGS_FORCE) != 0)
    {
      self->take_over = TRUE;
      self->retry_ms = RETRY_FIRST_MS;
    }

  g_ptr_array_add (self->waiters, g_steal_pointer (&task));
  /* An open under way finishes first: open_cb() goes on from there. */
  console_connect (self);
}

gboolean
slipway_console_open_finish (SlipwayConsole  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CONSOLE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * slipway_console_set_running:
 *
 * Tells the console whether the node's domain runs. While it runs, the
 * console opens by itself and reopens, with a backoff, when the stream
 * ends; it opens at once when the node starts (a start, or the new domain
 * of a reset).
 */
void
slipway_console_set_running (SlipwayConsole *self,
                             gboolean        running)
{
  g_return_if_fail (SLIPWAY_IS_CONSOLE (self));

  running = !!running;
  if (self->running == running)
    return;

  self->running = running;

  if (running)
    {
      self->retry_ms = RETRY_FIRST_MS;
      slipway_console_reconnect (self);
    }
  else if (self->stream == NULL)
    {
      if (self->waiters->len == 0)
        cancel_open (self);
      g_clear_handle_id (&self->retry_source, g_source_remove);
      if (self->open_cancellable == NULL)
        set_status (self, SLIPWAY_CONSOLE_STATUS_OFF, NULL);
    }
  /* A connected stream ends by itself when the domain stops, and
   * keeps what the guest printed while shutting down. */
}

/**
 * slipway_console_reconnect:
 *
 * Opens the console again now, rather than at the next retry.
 */
void
slipway_console_reconnect (SlipwayConsole *self)
{
  g_return_if_fail (SLIPWAY_IS_CONSOLE (self));

  if (self->stream != NULL && self->status == SLIPWAY_CONSOLE_STATUS_CONNECTED)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  console_connect (self);
}

/**
 * slipway_console_take_over:
 *
 * Opens the console now even if another program has it; that program is
 * disconnected. For a person's explicit request only.
 */
void
slipway_console_take_over (SlipwayConsole *self)
{
  g_return_if_fail (SLIPWAY_IS_CONSOLE (self));

  if (self->stream != NULL && self->status == SLIPWAY_CONSOLE_STATUS_CONNECTED)
    return;

  self->take_over = TRUE;
  self->retry_ms = RETRY_FIRST_MS;

  /* An open under way finishes first: open_cb() goes on from there. */
  if (self->open_cancellable == NULL)
    slipway_console_reconnect (self);
}

/**
 * slipway_console_send:
 *
 * Sends @data to the guest, as typed. What the stream cannot take now is
 * queued, also while the console is not connected, and sent in order.
 */
void
slipway_console_send (SlipwayConsole *self,
                      const char     *data,
                      gsize           length)
{
  g_return_if_fail (SLIPWAY_IS_CONSOLE (self));
  g_return_if_fail (data != NULL || length == 0);

  if (length == 0)
    return;

  g_byte_array_append (self->to_guest, (const guint8 *)data, length);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);

  if (self->write_source == 0)
    _slipway_console_flush (self);
}

/**
 * slipway_console_close:
 *
 * Ends the session: an open under way is cancelled (its callers get
 * %G_IO_ERROR_CANCELLED), the stream is left, what was not sent is
 * dropped, and the console stops following the node. "closed" is not
 * emitted: it tells of the other end only.
 */
void
slipway_console_close (SlipwayConsole *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SLIPWAY_IS_CONSOLE (self));

  self->running = FALSE;
  self->take_over = FALSE;
  cancel_open (self);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  _slipway_console_drop_stream (self);

  if (self->to_guest->len > 0)
    {
      g_byte_array_set_size (self->to_guest, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }

  set_status (self, SLIPWAY_CONSOLE_STATUS_OFF, NULL);

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
  complete_waiters (self, error);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
slipway_console_dispose (GObject *object)
{
  SlipwayConsole *self = (SlipwayConsole *)object;

  cancel_open (self);
  g_cancellable_cancel (self->log_cancellable);
  g_clear_object (&self->log_cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  _slipway_console_drop_stream (self);
  g_clear_object (&self->provisioner);

  G_OBJECT_CLASS (slipway_console_parent_class)->dispose (object);
}

static void
slipway_console_finalize (GObject *object)
{
  SlipwayConsole *self = (SlipwayConsole *)object;

  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->cluster, g_free);
  g_clear_pointer (&self->node, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->history, g_byte_array_unref);
  g_clear_pointer (&self->boot, g_byte_array_unref);
  g_clear_pointer (&self->to_guest, g_byte_array_unref);

  G_OBJECT_CLASS (slipway_console_parent_class)->finalize (object);
}

static void
slipway_console_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlipwayConsole *self = SLIPWAY_CONSOLE (object);

  switch (prop_id)
    {
    case PROP_CLUSTER:
      g_value_set_string (value, self->cluster);
      break;

    case PROP_NODE:
      g_value_set_string (value, self->node);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_PENDING:
      g_value_set_uint64 (value, self->to_guest->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_console_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlipwayConsole *self = SLIPWAY_CONSOLE (object);

  switch (prop_id)
    {
    case PROP_CLUSTER:
      self->cluster = g_value_dup_string (value);
      break;

    case PROP_NODE:
      self->node = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_console_class_init (SlipwayConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slipway_console_dispose;
  object_class->finalize = slipway_console_finalize;
  object_class->get_property = slipway_console_get_property;
  object_class->set_property = slipway_console_set_property;

  properties[PROP_CLUSTER] =
    g_param_spec_string ("cluster", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NODE] =
    g_param_spec_string ("node", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       SLIPWAY_TYPE_CONSOLE_STATUS, SLIPWAY_CONSOLE_STATUS_OFF,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PENDING] =
    g_param_spec_uint64 ("pending", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlipwayConsole::data:
   * @bytes: what the guest wrote on its serial port
   */
  signals[DATA] =
    g_signal_new ("data", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * SlipwayConsole::closed:
   * @error: (nullable): %NULL when the other end closed the stream (the
   *   domain stopped or restarted); %SLIPWAY_ERROR_CONSOLE_TAKEN when it
   *   failed, nearly always because another program took the console
   *
   * Emitted when an open stream ends, after the status changed.
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
slipway_console_init (SlipwayConsole *self)
{
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->history = g_byte_array_new ();
  self->boot = g_byte_array_new ();
  self->to_guest = g_byte_array_new ();
  self->retry_ms = RETRY_FIRST_MS;
}
