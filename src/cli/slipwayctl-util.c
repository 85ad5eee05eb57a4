/* slipwayctl-util.c — what every command of slipwayctl shares
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipwayctl-private.h"

/* Messages and exit codes ------------------------------------------------- */

void
slipwayctl_printerr (Slipwayctl *ctl,
                     const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (ctl != NULL && ctl->progress != NULL)
    slipwayctl_progress_clear (ctl->progress);

  g_printerr ("slipwayctl: %s\n", message);
}

int
slipwayctl_usage_error (Slipwayctl *ctl,
                        const char *command,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  slipwayctl_printerr (ctl, "%s", message);

  if (command != NULL)
    /* Translators: %s is a command name, such as “create” */
    g_printerr (_("Run “slipwayctl %s --help” for its arguments and options."), command);
  else
    g_printerr (_("Run “slipwayctl --help” to see the commands."));
  g_printerr ("\n");

  return SLIPWAYCTL_EXIT_USAGE;
}

int
slipwayctl_report_error (Slipwayctl   *ctl,
                         const GError *error)
{
  g_assert (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The core says what a cancelled operation left behind. */
      slipwayctl_printerr (ctl, "%s", error->message[0] != '\0' ? error->message : _("Cancelled."));
      return (ctl != NULL && ctl->interrupt_exit != 0) ? ctl->interrupt_exit
                                                       : SLIPWAYCTL_EXIT_CANCELLED;
    }

  slipwayctl_printerr (ctl, "%s", error->message);

  if (error->domain == G_OPTION_ERROR)
    return SLIPWAYCTL_EXIT_USAGE;

  if (error->domain != SLIPWAY_ERROR)
    return SLIPWAYCTL_EXIT_FAILED;

  switch ((SlipwayError)error->code)
    {
    case SLIPWAY_ERROR_INVALID_SPEC:
      return SLIPWAYCTL_EXIT_INVALID;

    case SLIPWAY_ERROR_NOT_FOUND:
      return SLIPWAYCTL_EXIT_NOT_FOUND;

    case SLIPWAY_ERROR_EXISTS:
    case SLIPWAY_ERROR_HYPERVISOR:
    case SLIPWAY_ERROR_IMAGE:
    case SLIPWAY_ERROR_KEYS:
    case SLIPWAY_ERROR_SEED:
    case SLIPWAY_ERROR_NOT_OWNED:
    case SLIPWAY_ERROR_TIMEOUT:
    case SLIPWAY_ERROR_BUSY:
    case SLIPWAY_ERROR_CONSOLE_TAKEN:
    case SLIPWAY_ERROR_NOT_RUNNING:
    case SLIPWAY_ERROR_HOST_KEY_MISMATCH:
    case SLIPWAY_ERROR_CLOUD_INIT:
    default:
      return SLIPWAYCTL_EXIT_FAILED;
    }
}

/* The core says what a valid name is, and may suggest one. */
gboolean
slipwayctl_check_cluster_name (Slipwayctl *ctl,
                               const char *command,
                               const char *name,
                               int        *exit_code)
{
  g_autoptr(GError) error = NULL;

  if (slipway_check_cluster_name (name, &error))
    return TRUE;

  *exit_code = slipwayctl_usage_error (ctl, command, "%s", error->message);
  return FALSE;
}

/* The one connection, and waiting on it ---------------------------------- */

SlipwayConnection *
slipwayctl_get_connection (Slipwayctl *ctl)
{
  if (ctl->connection == NULL)
    ctl->connection = slipway_connection_new (ctl->uri);

  return ctl->connection;
}

void
slipwayctl_async_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Slipwayctl *ctl = user_data;

  g_assert (ctl->result == NULL);

  ctl->result = g_object_ref (result);
  g_main_loop_quit (ctl->loop);
}

/* Runs the main loop until the one pending operation started with
 * slipwayctl_async_cb() as its callback completes. */
GAsyncResult *
slipwayctl_wait (Slipwayctl *ctl)
{
  while (ctl->result == NULL)
    g_main_loop_run (ctl->loop);

  return g_steal_pointer (&ctl->result);
}

/* Clusters --------------------------------------------------------------- */

/* The cluster @cluster, read from libvirt now: NOT_FOUND if there is
 * none by that name, NOT_OWNED if a network has its name but is not ours. */
SlipwayCluster *
slipwayctl_get_cluster (Slipwayctl  *ctl,
                        const char  *cluster,
                        GError     **error)
{
  SlipwayConnection *connection = slipwayctl_get_connection (ctl);
  g_autoptr(GAsyncResult) result = NULL;

  slipway_connection_load_cluster_async (connection, cluster, ctl->cancellable,
                                         slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);

  return slipway_connection_load_cluster_finish (connection, result, error);
}

/* The cluster's ssh_config and known_hosts, written again from what libvirt
 * says (a cluster made before Slipway pinned host keys has none). In a
 * thread, because ssh-keygen may run: Ctrl+C, a GLib signal source on the
 * main loop, must still reach it through the command's cancellable. */
typedef struct
{
  /* Borrowed: slipwayctl_ensure_trust_files() waits for the thread. */
  const SlipwayTopology *topology;
  const char            *user;
} TrustFiles;

static void
ensure_trust_files_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  const TrustFiles *files = task_data;
  GError *error = NULL;

  if (!slipway_keys_ensure_trust_files (files->topology, files->user, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

gboolean
slipwayctl_ensure_trust_files (Slipwayctl             *ctl,
                               const char             *name,
                               const SlipwayTopology  *topology,
                               const char             *user,
                               GError                **error)
{
  TrustFiles files = { topology, user };
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  task = g_task_new (NULL, ctl->cancellable, slipwayctl_async_cb, ctl);
  g_task_set_source_tag (task, slipwayctl_ensure_trust_files);
  g_task_set_task_data (task, &files, NULL);
  g_task_run_in_thread (task, ensure_trust_files_thread);
  result = slipwayctl_wait (ctl);

  return g_task_propagate_boolean (G_TASK (result), error);
}
