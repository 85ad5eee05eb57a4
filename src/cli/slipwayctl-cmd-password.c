/* slipwayctl-cmd-password.c — set-password, and the password prompt of init
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "slipwayctl-private.h"

static gboolean
fd_ready_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  gboolean *ready = user_data;

  *ready = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @fd has something to read, so that Ctrl+C (a
 * GLib signal source) can cancel the command meanwhile: a read() that
 * blocks would be restarted after the signal, and wait for a whole line. */
static gboolean
wait_readable (Slipwayctl  *ctl,
               int          fd,
               GError     **error)
{
  g_autoptr(GSource) source = g_unix_fd_source_new (fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  gboolean ready = FALSE;

  g_source_set_callback (source, G_SOURCE_FUNC (fd_ready_cb), &ready, NULL);
  g_source_attach (source, NULL);

  while (!ready && !g_cancellable_is_cancelled (ctl->cancellable))
    g_main_context_iteration (NULL, TRUE);

  g_source_destroy (source);

  if (!ready)
    {
      /* slipwayctl_report_error() says "Cancelled." */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
      return FALSE;
    }

  return TRUE;
}

/* One line from @fd, without its new line; with echo off when @fd is a
 * terminal. NULL at the end of the input, or with @error set. */
static char *
read_secret_line (Slipwayctl  *ctl,
                  int          fd,
                  const char  *prompt,
                  GError     **error)
{
  struct termios saved;
  struct termios quiet;
  gboolean is_tty = isatty (fd);
  GString *line = g_string_new (NULL);
  gboolean got_any = FALSE;

  if (is_tty)
    {
      g_printerr ("%s", prompt);
      if (tcgetattr (fd, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t)ECHO;
          quiet.c_lflag |= ECHONL;
          tcsetattr (fd, TCSAFLUSH, &quiet);
        }
      else
        {
          is_tty = FALSE;
        }
    }

  ctl->in_prompt = is_tty;

  for (;;)
    {
      char c;
      gssize n;

      if (!wait_readable (ctl, fd, error))
        break;

      n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          break;
        }
      if (n == 0)
        break;
      got_any = TRUE;
      if (c == '\n')
        break;
      g_string_append_c (line, c);
    }

  ctl->in_prompt = FALSE;
  if (is_tty)
    tcsetattr (fd, TCSAFLUSH, &saved);

  if ((error != NULL && *error != NULL) || !got_any)
    {
      explicit_bzero (line->str, line->len);
      g_string_free (line, TRUE);
      return NULL;
    }

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  return g_string_free (line, FALSE);
}

static void
free_secret (char *secret)
{
  if (secret != NULL)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

/**
 * slipwayctl_read_password_hash:
 *
 * Asks for a password on the terminal, twice and without echo, or reads
 * the first line of the standard input when it is not a terminal, and
 * returns its SHA-512 crypt hash. The password never leaves this function.
 */
char *
slipwayctl_read_password_hash (Slipwayctl  *ctl,
                               GError     **error)
{
  char *first = NULL;
  char *second = NULL;
  char *hash = NULL;

  first = read_secret_line (ctl, STDIN_FILENO, _("Password for the nodes’ console: "), error);
  if (first == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("No password was given."));
      return NULL;
    }

  if (isatty (STDIN_FILENO))
    {
      g_autoptr(GError) local_error = NULL;

      second = read_secret_line (ctl, STDIN_FILENO, _("The same password again: "), &local_error);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          free_secret (first);
          return NULL;
        }
      if (second == NULL || strcmp (first, second) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The two passwords differ. Nothing was changed."));
          free_secret (first);
          free_secret (second);
          return NULL;
        }
    }

  hash = slipway_hash_password (first, error);
  free_secret (first);
  free_secret (second);

  return hash;
}

int
slipwayctl_cmd_set_password (Slipwayctl  *ctl,
                             int          argc,
                             char       **argv)
{
  const char *path = argv[0];
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *data = NULL;
  gsize length;

  /* The file must be a cluster file before and after. */
  spec = slipway_spec_new_from_file (path, problems, &error);
  if (spec == NULL)
    {
      if (error != NULL)
        slipwayctl_printerr (ctl, "%s", error->message);
      else
        /* Translators: %s is a file name */
        slipwayctl_printerr (ctl, _("%s is not a valid cluster file; run “slipwayctl create --check %s” to see why."),
                             display, display);
      return SLIPWAYCTL_EXIT_INVALID;
    }

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_KEEP_COMMENTS, &error))
    {
      slipwayctl_printerr (ctl, "%s: %s", display, error->message);
      return SLIPWAYCTL_EXIT_INVALID;
    }

  if (ctl->options.remove)
    {
      g_key_file_set_string (keyfile, "cluster", "password-hash", "");
    }
  else
    {
      hash = slipwayctl_read_password_hash (ctl, &error);
      if (hash == NULL)
        return slipwayctl_report_error (ctl, error);
      g_key_file_set_string (keyfile, "cluster", "password-hash", hash);
    }

  data = g_key_file_to_data (keyfile, &length, NULL);
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      slipwayctl_printerr (ctl, "%s", error->message);
      return SLIPWAYCTL_EXIT_FAILED;
    }

  if (!ctl->quiet)
    {
      if (ctl->options.remove)
        /* Translators: %s is a file name */
        g_print (_("Removed the password from %s."), display);
      else
        /* Translators: %s is a file name */
        g_print (_("Stored the password’s hash in %s. It applies to nodes created or reset from now on."),
                 display);
      g_print ("\n");
    }

  return SLIPWAYCTL_EXIT_OK;
}
