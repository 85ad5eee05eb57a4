/* slipway-console-log.c: the serial port's log, for a console opened late
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "slipway-console-private.h"
#include "slipway-remote.h"

/* A console opened after the guest booted (a window opened later, a
 * cluster shown later) missed the boot: libvirt's pty does not keep what
 * nobody read. So the domain's serial port also goes to a file, written by
 * libvirt's virtlogd from each start (<log file=… append='off'/>), which
 * the console reads once when it is made for a running node.
 *
 * Only on qemu:///session: there virtlogd runs as the user and writes into
 * the user's cache, which this process can read. On qemu:///system it runs
 * as root and writes files only root reads (and a confined virtlogd may not
 * write into a home at all); a remote connection's file is on another
 * host. There, and on other drivers, the console keeps what it received
 * since it was made, from the boot when the window saw the node start. */

/**
 * _slipway_console_log_path:
 * @uri: the libvirt connection's URI
 * @domain_name: the node's domain
 *
 * Returns: (transfer full) (nullable): where the serial port of
 *   @domain_name is logged on @uri, or %NULL where this process could not
 *   read such a log
 */
char *
_slipway_console_log_path (const char *uri,
                           const char *domain_name)
{
  g_autofree char *local_qemu = slipway_uri_local_qemu_path (uri);
  g_autofree char *file = NULL;

  g_return_val_if_fail (domain_name != NULL, NULL);

  if (g_strcmp0 (local_qemu, "/session") != 0)
    return NULL;

  file = g_strconcat (domain_name, ".log", NULL);
  return g_build_filename (g_get_user_cache_dir (), "slipway", "consoles", file, NULL);
}

/* What the log had, as if the guest had just written it; only while the
 * guest has written nothing here, since the stream's output is in the log
 * too. A log longer than the history keeps its start and its end. */
static void
receive_log (SlipwayConsole *self,
             const char     *data,
             gsize           length)
{
  const char *tail;
  const char *nl;

  if (self->since_boot > 0 || self->history->len > 0)
    return;

  if (length <= SLIPWAY_CONSOLE_BOOT_MAX + SLIPWAY_CONSOLE_HISTORY_MAX)
    {
      _slipway_console_receive (self, data, length);
      return;
    }

  _slipway_console_receive (self, data, SLIPWAY_CONSOLE_BOOT_MAX);
  /* From a line, in the last HISTORY_MAX bytes. */
  tail = data + length - SLIPWAY_CONSOLE_HISTORY_MAX;
  nl = memchr (tail, '\n', SLIPWAY_CONSOLE_HISTORY_MAX);
  if (nl != NULL)
    tail = nl + 1;
  self->since_boot += tail - (data + SLIPWAY_CONSOLE_BOOT_MAX);
  _slipway_console_receive (self, tail, data + length - tail);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlipwayConsole) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No serial log for %s: %s", self->node, error->message);
      return;
    }

  g_clear_object (&self->log_cancellable);
  receive_log (self, contents, length);
}

/**
 * _slipway_console_load_log:
 * @path: the serial port's log, from _slipway_console_log_path()
 *
 * Reads @path (in GIO's worker threads) and, when the guest has said
 * nothing to this console meanwhile, starts its history with it.
 */
void
_slipway_console_load_log (SlipwayConsole *self,
                           const char     *path)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (SLIPWAY_IS_CONSOLE (self));
  g_return_if_fail (path != NULL);

  g_cancellable_cancel (self->log_cancellable);
  g_clear_object (&self->log_cancellable);
  self->log_cancellable = g_cancellable_new ();

  file = g_file_new_for_path (path);
  g_file_load_contents_async (file, self->log_cancellable, load_cb, g_object_ref (self));
}
