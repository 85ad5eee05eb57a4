/* slipwayctl-console.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "slipwayctl-private.h"

#define CONSOLE_ESCAPE    0x1d            /* Ctrl+], as in virsh */
#define CONSOLE_MAX_QUEUE (1024 * 1024)   /* stop reading stdin above this */
#define CONSOLE_BUFFER    4096

/* The terminal, restored at exit, on signals and before any message. */
static struct termios saved_termios;
static gboolean tty_is_raw;
static gboolean restore_registered;

void
slipwayctl_tty_restore (void)
{
  if (!tty_is_raw)
    return;

  tty_is_raw = FALSE;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
}

static gboolean
tty_make_raw (GError **error)
{
  struct termios raw;

  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a system error message */
                   _("Cannot set up the terminal: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  if (!restore_registered)
    {
      atexit (slipwayctl_tty_restore);
      restore_registered = TRUE;
    }

  raw = saved_termios;
  cfmakeraw (&raw);

  if (tcsetattr (STDIN_FILENO, TCSAFLUSH, &raw) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot set up the terminal: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  tty_is_raw = TRUE;
  return TRUE;
}

typedef struct
{
  Slipwayctl     *ctl;
  SlipwayConsole *console;
  char           *domain_name;
  gboolean        interactive;     /* stdin is a terminal: raw mode, Ctrl+] leaves */

  guint           stdin_source;
  gulong          cancelled_id;
  gboolean        stdin_eof;

  gboolean        done;
  gboolean        closed;          /* the other end closed the console */
  GError         *error;
} Console;

static void
console_finish (Console *self,
                GError  *error)
{
  if (self->done)
    {
      g_clear_error (&error);
      return;
    }

  self->done = TRUE;
  self->error = error;
  g_main_loop_quit (self->ctl->loop);
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;

      data += n;
      length -= (gsize)n;
    }

  return TRUE;
}

static gboolean on_stdin_cb (int           fd,
                             GIOCondition  condition,
                             gpointer      user_data);

static void
watch_stdin (Console *self)
{
  if (self->stdin_source == 0 && !self->stdin_eof && !self->done)
    self->stdin_source = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                        on_stdin_cb, self);
}

static void
send_to_guest (Console    *self,
               const char *data,
               gsize       length)
{
  if (length > 0 && !self->done)
    slipway_console_send (self->console, data, length);
}

static void
on_pending_cb (SlipwayConsole *console,
               GParamSpec     *pspec,
               Console        *self)
{
  /* Resume reading once the guest took what a full queue paused. */
  if (slipway_console_get_pending (console) <= CONSOLE_MAX_QUEUE)
    watch_stdin (self);
}

static void
on_data_cb (SlipwayConsole *console,
            GBytes         *bytes,
            Console        *self)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (self->done)
    return;

  /* Nobody reads our output any more (a closed pipe). */
  if (!write_all (STDOUT_FILENO, data, size))
    console_finish (self, NULL);
}

static void
on_closed_cb (SlipwayConsole *console,
              const GError   *error,
              Console        *self)
{
  if (error != NULL)
    {
      console_finish (self, g_error_copy (error));
      return;
    }

  if (!self->done)
    self->closed = TRUE;
  console_finish (self, NULL);
}

static gboolean
on_stdin_cb (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  Console *self = user_data;
  char buffer[CONSOLE_BUFFER];
  const char *escape = NULL;
  gssize n;

  n = read (fd, buffer, sizeof buffer);

  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;

  if (n <= 0)
    {
      self->stdin_source = 0;
      self->stdin_eof = TRUE;

      /* A terminal that goes away ends the session. The end of piped input
       * does not: the guest's answer is still to come. */
      if (self->interactive)
        console_finish (self, NULL);

      return G_SOURCE_REMOVE;
    }

  if (self->interactive)
    escape = memchr (buffer, CONSOLE_ESCAPE, (gsize)n);

  if (escape != NULL)
    {
      send_to_guest (self, buffer, (gsize)(escape - buffer));
      self->stdin_source = 0;
      console_finish (self, NULL);
      return G_SOURCE_REMOVE;
    }

  send_to_guest (self, buffer, (gsize)n);

  if (!self->done && slipway_console_get_pending (self->console) > CONSOLE_MAX_QUEUE)
    {
      /* on_pending_cb () resumes once the guest took enough. */
      self->stdin_source = 0;
      return G_SOURCE_REMOVE;
    }

  return self->stdin_source != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  Console *self = user_data;

  console_finish (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("Cancelled.")));
}

int
slipwayctl_run_console (Slipwayctl *ctl,
                        const char *cluster,
                        const char *node,
                        gboolean    take_over)
{
  g_autoptr(SlipwayCluster) model = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) history = NULL;
  Console self = { 0 };
  int ret = SLIPWAYCTL_EXIT_OK;

  model = slipwayctl_get_cluster (ctl, cluster, &error);
  if (model == NULL)
    return slipwayctl_report_error (ctl, error);

  self.ctl = ctl;
  self.console = slipway_cluster_get_console (model, node);
  /* Before the open: the console may end before we look again. */
  g_signal_connect (self.console, "closed", G_CALLBACK (on_closed_cb), &self);

  slipway_console_open_async (self.console,
                              take_over ? SLIPWAY_CONSOLE_FLAGS_FORCE : SLIPWAY_CONSOLE_FLAGS_NONE,
                              ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  if (!slipway_console_open_finish (self.console, result, &error))
    {
      ret = slipwayctl_report_error (ctl, error);
      if (g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY))
        slipwayctl_printerr (ctl, "%s", _("Pass --force to take it over; the other program is "
                                          "disconnected."));
      goto out;
    }

  self.domain_name = slipway_topology_domain_name (cluster, node);
  self.interactive = isatty (STDIN_FILENO);

  if (!ctl->quiet)
    {
      if (self.interactive)
        /* Translators: %s is a libvirt domain name, such as “lab-worker0” */
        g_printerr (_("Connected to %s's serial console. Press Ctrl+] to leave."), self.domain_name);
      else
        g_printerr (_("Connected to %s's serial console."), self.domain_name);
      g_printerr ("\n");
    }

  /* A closed stdout must end the session, not kill us with a raw terminal. */
  signal (SIGPIPE, SIG_IGN);

  if (self.interactive && !tty_make_raw (&error))
    {
      ret = slipwayctl_report_error (ctl, error);
      goto out;
    }

  ctl->in_console = TRUE;
  self.cancelled_id = g_cancellable_connect (ctl->cancellable, G_CALLBACK (on_cancelled_cb),
                                             &self, NULL);

  /* What the guest wrote since the open, then the rest as it comes. */
  history = slipway_console_dup_history (self.console);
  if (g_bytes_get_size (history) > 0)
    on_data_cb (self.console, history, &self);
  g_signal_connect (self.console, "data", G_CALLBACK (on_data_cb), &self);
  g_signal_connect (self.console, "notify::pending", G_CALLBACK (on_pending_cb), &self);
  watch_stdin (&self);

  while (!self.done)
    g_main_loop_run (ctl->loop);

  g_cancellable_disconnect (ctl->cancellable, self.cancelled_id);
  g_clear_handle_id (&self.stdin_source, g_source_remove);

  slipwayctl_tty_restore ();
  ctl->in_console = FALSE;

  if (self.interactive)
    g_printerr ("\n");

  if (self.error != NULL)
    ret = slipwayctl_report_error (ctl, self.error);
  else if (self.closed && !ctl->quiet)
    {
      /* Translators: %s is a libvirt domain name */
      g_printerr (_("The serial console of %s closed."), self.domain_name);
      g_printerr ("\n");
    }

out:
  g_signal_handlers_disconnect_by_data (self.console, &self);
  slipway_console_close (self.console);
  g_clear_object (&self.console);
  g_clear_error (&self.error);
  g_clear_pointer (&self.domain_name, g_free);

  return ret;
}
