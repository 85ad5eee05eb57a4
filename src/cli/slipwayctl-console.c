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
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

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
  Slipwayctl  *ctl;
  GVirStream  *stream;
  char        *domain_name;
  gboolean     interactive;        /* stdin is a terminal: raw mode, Ctrl+] leaves */

  guint        stdin_source;
  guint        stream_in_source;
  guint        stream_out_source;
  gulong       cancelled_id;
  GByteArray  *to_guest;           /* typed, not yet taken by the stream */
  gboolean     stdin_eof;

  gboolean     done;
  gboolean     closed;             /* the other end closed the console */
  GError      *error;
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

static GError *
stream_error (GError     *error,
              const char *domain_name)
{
  virErrorPtr last = virGetLastError ();
  const char *detail = last != NULL ? last->message : NULL;
  GError *ret;

  /* A stream that ends with an error while the guest runs is, nearly
   * always, one that another client took with --force: libvirt aborts the
   * old stream, and its reason ("stream had I/O failure") says nothing. */
  ret = g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                     /* Translators: the 1st %s is a libvirt domain, the 2nd why */
                     _("The serial console of %s was disconnected (%s). Another program may "
                       "have taken it over, as console --force does."),
                     domain_name, detail != NULL ? detail : error->message);
  g_error_free (error);

  return ret;
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

static gboolean on_stdin_cb         (int                    fd,
                                     GIOCondition           condition,
                                     gpointer               user_data);
static gboolean on_stream_writable_cb (GVirStream           *stream,
                                       GVirStreamIOCondition  condition,
                                       gpointer               user_data);

static void
watch_stdin (Console *self)
{
  if (self->stdin_source == 0 && !self->stdin_eof && !self->done)
    self->stdin_source = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                        on_stdin_cb, self);
}

/* Sends what the stream takes now; waits for it to be writable otherwise. */
static void
console_flush (Console *self)
{
  while (self->to_guest->len > 0 && !self->done)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      n = gvir_stream_send (self->stream, (const char *)self->to_guest->data,
                            self->to_guest->len, NULL, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (self->stream_out_source == 0)
            self->stream_out_source = gvir_stream_add_watch (self->stream,
                                                             GVIR_STREAM_IO_CONDITION_WRITABLE,
                                                             on_stream_writable_cb, self);
          return;
        }
      if (n < 0)
        {
          console_finish (self, stream_error (g_steal_pointer (&error), self->domain_name));
          return;
        }

      g_byte_array_remove_range (self->to_guest, 0, (guint)n);
    }

  if (self->stream_out_source != 0)
    g_clear_handle_id (&self->stream_out_source, g_source_remove);

  /* Resume reading if a full queue paused it. */
  watch_stdin (self);
}

static gboolean
on_stream_writable_cb (GVirStream            *stream,
                       GVirStreamIOCondition  condition,
                       gpointer               user_data)
{
  Console *self = user_data;

  if ((condition & (GVIR_STREAM_IO_CONDITION_HANGUP | GVIR_STREAM_IO_CONDITION_ERROR)) != 0 &&
      (condition & GVIR_STREAM_IO_CONDITION_WRITABLE) == 0)
    {
      self->stream_out_source = 0;
      self->closed = TRUE;
      console_finish (self, NULL);
      return G_SOURCE_REMOVE;
    }

  console_flush (self);

  return self->stream_out_source != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
on_stream_readable_cb (GVirStream            *stream,
                       GVirStreamIOCondition  condition,
                       gpointer               user_data)
{
  Console *self = user_data;
  char buffer[CONSOLE_BUFFER];

  while (!self->done)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      n = gvir_stream_receive (stream, buffer, sizeof buffer, NULL, &error);

      if (n > 0)
        {
          if (!write_all (STDOUT_FILENO, buffer, (gsize)n))
            {
              /* Nobody reads our output any more (a closed pipe). */
              console_finish (self, NULL);
              break;
            }
          continue;
        }

      if (n == 0)
        {
          self->closed = TRUE;
          console_finish (self, NULL);
          break;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if ((condition & (GVIR_STREAM_IO_CONDITION_HANGUP |
                            GVIR_STREAM_IO_CONDITION_ERROR)) != 0)
            {
              self->closed = TRUE;
              console_finish (self, NULL);
              break;
            }
          return G_SOURCE_CONTINUE;
        }

      console_finish (self, stream_error (g_steal_pointer (&error), self->domain_name));
      break;
    }

  self->stream_in_source = 0;
  return G_SOURCE_REMOVE;
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
      g_byte_array_append (self->to_guest, (const guint8 *)buffer, (guint)(escape - buffer));
      console_flush (self);
      self->stdin_source = 0;
      console_finish (self, NULL);
      return G_SOURCE_REMOVE;
    }

  g_byte_array_append (self->to_guest, (const guint8 *)buffer, (guint)n);
  console_flush (self);

  if (self->to_guest->len > CONSOLE_MAX_QUEUE)
    {
      /* console_flush () resumes once the guest took enough. */
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

/* libvirt-glib 4.0 finishes the stream in finalize and logs a critical when
 * that fails, which it does for a console we leave. Abort it like virsh and
 * let the process exit take the wrapper. */
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

int
slipwayctl_run_console (Slipwayctl *ctl,
                        const char *cluster,
                        const char *node,
                        gboolean    take_over)
{
  SlipwayProvisioner *provisioner = slipwayctl_get_provisioner (ctl);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Console self = { 0 };
  int ret = SLIPWAYCTL_EXIT_OK;

  slipway_provisioner_open_console_async (provisioner, cluster, node,
                                          take_over ? SLIPWAY_CONSOLE_FLAGS_FORCE
                                                    : SLIPWAY_CONSOLE_FLAGS_NONE,
                                          ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  self.stream = slipway_provisioner_open_console_finish (provisioner, result, &error);
  if (self.stream == NULL)
    {
      ret = slipwayctl_report_error (ctl, error);
      if (g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_BUSY))
        slipwayctl_printerr (ctl, "%s", _("Pass --force to take it over; the other program is "
                                          "disconnected."));
      return ret;
    }

  self.ctl = ctl;
  self.domain_name = slipway_topology_domain_name (cluster, node);
  self.interactive = isatty (STDIN_FILENO);
  self.to_guest = g_byte_array_new ();

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
  self.stream_in_source = gvir_stream_add_watch (self.stream, GVIR_STREAM_IO_CONDITION_READABLE,
                                                 on_stream_readable_cb, &self);
  watch_stdin (&self);

  while (!self.done)
    g_main_loop_run (ctl->loop);

  g_cancellable_disconnect (ctl->cancellable, self.cancelled_id);
  g_clear_handle_id (&self.stdin_source, g_source_remove);
  g_clear_handle_id (&self.stream_in_source, g_source_remove);
  g_clear_handle_id (&self.stream_out_source, g_source_remove);

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
  abandon_stream (self.stream);
  self.stream = NULL;   /* deliberately not unreferenced, see abandon_stream () */
  g_clear_error (&self.error);
  g_clear_pointer (&self.to_guest, g_byte_array_unref);
  g_clear_pointer (&self.domain_name, g_free);

  return ret;
}
