/* slipway-op-restore.c: restoring a checkpoint, and the clocks after it
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "slipway-error.h"
#include "slipway-job-private.h"
#include "slipway-paths.h"
#include "slipway-ssh.h"
#include "slipway-virt-private.h"

/* A restore reverts every target paused, all at once, then resumes them
 * together and sets each guest clock, which is behind by the time since
 * the checkpoint. Where the time goes is logged (G_MESSAGES_DEBUG), each
 * phase with the seconds since the restore began.
 *
 * A revert is mostly waiting (the old QEMU process exits, the new one
 * loads the state): the reverts go over the connections of
 * _slipway_job_open_connections(), SLIPWAY_JOB_CALLS_PER_CONNECTION at a
 * time on each (slipway-job-pool.c says why), so that seven nodes revert
 * in one wave. */

typedef struct
{
  const SlipwayNodeInfo *node;
  virDomainPtr           dom;      /* ours, on the connection that does this node's work */
  virDomainSnapshotPtr   snap;     /* ours, of @dom */
  GError                *error;
  gint64                 restore_start;   /* monotonic µs, of the whole restore */
  gboolean               no_agent;
} RestoreWork;

static void
restore_work_free (RestoreWork *work)
{
  g_clear_pointer (&work->snap, virDomainSnapshotFree);
  g_clear_pointer (&work->dom, virDomainFree);
  g_clear_error (&work->error);
  g_free (work);
}

/* Seconds since @start, a monotonic time in µs: for the debug log. */
static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

/* Moves @work to @conn, another connection: its domain and snapshot
 * there. Leaves @work as it was when they cannot be found. */
static void
work_move (RestoreWork   *work,
           virConnectPtr  conn,
           const char    *name)
{
  virDomainPtr dom = _slipway_job_domain_on (conn, work->dom);
  virDomainSnapshotPtr snap = virDomainSnapshotLookupByName (dom, name, 0);

  if (snap == NULL)
    {
      g_debug ("Restore: %s stays on the first connection: %s", work->node->name,
               virGetLastErrorMessage ());
      virResetLastError ();
      g_clear_pointer (&dom, virDomainFree);
      return;
    }

  virDomainSnapshotFree (work->snap);
  virDomainFree (work->dom);
  work->dom = dom;
  work->snap = snap;
}

static void
revert_one (gpointer data,
            gpointer user_data)
{
  RestoreWork *work = data;
  gint64 start = g_get_monotonic_time ();

  g_debug ("Restore: +%.3f s %s: reverting", seconds_since (work->restore_start), work->node->name);
  if (virDomainRevertToSnapshot (work->snap, VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED) < 0)
    {
      _slipway_set_virt_error (&work->error, _("Node “%s” could not be restored"), work->node->name);
      virResetLastError ();
    }
  g_debug ("Restore: +%.3f s %s: reverted in %.3f s%s", seconds_since (work->restore_start),
           work->node->name, seconds_since (start), work->error != NULL ? " (failed)" : "");
}

/* The clock --------------------------------------------------------------- */

/* How long a restored node may take to answer SSH, for its clock. */
#define CLOCK_SSH_DEADLINE_S 30

/* How long after the resume libvirt may still be connecting to a guest
 * agent. QEMU tells that the guest holds the agent's port open only once
 * the restored guest runs, and libvirt connects when it hears of it: a
 * call right after the resume can find it "not connected". */
#define AGENT_CONNECT_WAIT_MS 3000
#define AGENT_RETRY_MS        100

/* How far a clock synchronised from the RTC may be from the host's before
 * Slipway sets the host's time instead. */
#define CLOCK_TOLERANCE_US (G_USEC_PER_SEC / 2)

/* How far @dom's clock is from the host's, in µs; G_MAXINT64 when the
 * agent does not say. */
static gint64
clock_offset (virDomainPtr dom)
{
  long long seconds = 0;
  unsigned int nseconds = 0;
  gint64 host = g_get_real_time ();

  if (virDomainGetTime (dom, &seconds, &nseconds, 0) < 0)
    {
      virResetLastError ();
      return G_MAXINT64;
    }

  return seconds * G_USEC_PER_SEC + nseconds / 1000 - host;
}

/* Sets the host's time, read just before, through the agent. */
static int
set_host_time (virDomainPtr dom)
{
  gint64 now = g_get_real_time ();

  return virDomainSetTime (dom, now / G_USEC_PER_SEC, (unsigned int)(now % G_USEC_PER_SEC) * 1000, 0);
}

/* Sets the clock through the QEMU guest agent; marks @work when no agent
 * answers.
 *
 * QEMU's emulated RTC runs on the host's clock, also while a checkpoint
 * waits on disk, so after a revert it already shows the host's time while
 * the system clock lags. VIR_DOMAIN_TIME_SYNC has the agent copy the RTC
 * to the system clock (`hwclock -s`, which sleeps until the RTC ticks):
 * about half the guest CPU of setting a given time (`hwclock -w` busy-waits
 * for the right moment, measured 0.27 s against 0.55 s of TCG time), and
 * seven guests just resumed on two cores share that CPU. The result is
 * read back; where it is off (an image whose RTC keeps local time), the
 * host's time is set. */
static void
set_time_by_agent (gpointer data,
                   gpointer user_data)
{
  RestoreWork *work = data;
  gint64 start = g_get_monotonic_time ();
  gint64 offset;
  guint tries = 1;

  for (;; tries++)
    {
      virErrorPtr error;

      if (virDomainSetTime (work->dom, 0, 0, VIR_DOMAIN_TIME_SYNC) == 0)
        break;

      error = virGetLastError ();
      if (error == NULL || error->code != VIR_ERR_AGENT_UNRESPONSIVE ||
          g_get_monotonic_time () - start >= AGENT_CONNECT_WAIT_MS * 1000)
        {
          g_debug ("Restore: +%.3f s %s: no clock through the guest agent after %.3f s (%u tries): %s",
                   seconds_since (work->restore_start), work->node->name, seconds_since (start), tries,
                   virGetLastErrorMessage ());
          virResetLastError ();
          work->no_agent = TRUE;
          return;
        }
      virResetLastError ();
      g_usleep (AGENT_RETRY_MS * 1000);
    }

  offset = clock_offset (work->dom);
  if (ABS (offset) > CLOCK_TOLERANCE_US)
    {
      g_debug ("Restore: +%.3f s %s: the clock from the RTC is off by %.3f s: setting the host's",
               seconds_since (work->restore_start), work->node->name,
               offset == G_MAXINT64 ? NAN : offset / (double)G_USEC_PER_SEC);
      if (set_host_time (work->dom) < 0)
        {
          g_debug ("Restore: %s: %s", work->node->name, virGetLastErrorMessage ());
          virResetLastError ();
          work->no_agent = TRUE;
          return;
        }
    }

  g_debug ("Restore: +%.3f s %s: clock set through the guest agent in %.3f s (%u tries)",
           seconds_since (work->restore_start), work->node->name, seconds_since (start), tries);
}

/* The node's shell says it is there, then reads the time from stdin: the
 * host's time is read only once the login is done, so a slow login (seconds
 * under TCG on a loaded host) does not set the clock behind by its length.
 * A constant command line; the time goes in as digits. */
#define CLOCK_COMMAND "echo slipway-clock && read t && sudo -n date -u -s \"@$t\" > /dev/null"

static gboolean
set_time_over_ssh_once (RestoreWork *work,
                        const char  *ssh_config,
                        GError     **error)
{
  g_auto(GStrv) argv = slipway_ssh_batch_argv (ssh_config, work->node->name, CLOCK_COMMAND);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *when = NULL;
  gboolean asked = FALSE;
  gint64 now;

  process = g_subprocess_newv ((const char * const *)argv,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               error);
  if (process == NULL)
    return FALSE;

  /* Whatever a login script prints comes first: wait for our line. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while (!asked)
    {
      g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, NULL);

      if (line == NULL)
        break;
      asked = g_str_equal (g_strchomp (line), "slipway-clock");
    }
  if (!asked)
    {
      g_subprocess_wait (process, NULL, NULL);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no login");
      return FALSE;
    }

  now = g_get_real_time ();
  when = g_strdup_printf ("%" G_GINT64_FORMAT ".%06d\n", now / G_USEC_PER_SEC,
                          (int)(now % G_USEC_PER_SEC));
  if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), when, strlen (when),
                                  NULL, NULL, error) ||
      !g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, error) ||
      !g_subprocess_wait_check (process, NULL, error))
    {
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/* Sets the clock of @work's node over SSH with the cluster's key: for a
 * guest without the QEMU guest agent. Tries again while the node's SSH is
 * not back yet. */
static void
set_time_over_ssh (gpointer data,
                   gpointer user_data)
{
  RestoreWork *work = data;
  const char *ssh_config = user_data;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + CLOCK_SSH_DEADLINE_S * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;

      if (set_time_over_ssh_once (work, ssh_config, &error))
        {
          g_debug ("Restore: +%.3f s %s: clock set over SSH in %.3f s",
                   seconds_since (work->restore_start), work->node->name, seconds_since (start));
          return;
        }
      g_debug ("Setting the clock of %s over SSH: %s", work->node->name, error->message);
      if (error->domain == G_SPAWN_ERROR)
        return;   /* no ssh here: trying again will not help */
      g_usleep (G_USEC_PER_SEC / 2);
    }

  g_debug ("Setting the clock of %s over SSH: no answer in %d s", work->node->name, CLOCK_SSH_DEADLINE_S);
}

/* After a revert the guest clock is behind by the time since the
 * checkpoint: set it to the host's through the QEMU guest agent, every
 * node at once, then over SSH where no agent answered. */
static void
set_guest_times (SlipwayJob *job,
                 GPtrArray  *works,
                 guint       max_calls)
{
  g_autoptr(GPtrArray) resumed = g_ptr_array_new ();
  g_autoptr(GPtrArray) no_agent = g_ptr_array_new ();
  g_autofree char *ssh_config = NULL;

  if (job->is_test)
    return;

  for (guint i = 0; i < works->len; i++)
    {
      RestoreWork *work = g_ptr_array_index (works, i);

      if (work->error == NULL)
        g_ptr_array_add (resumed, work);
    }
  _slipway_run_parallel (resumed, set_time_by_agent, NULL, max_calls);

  for (guint i = 0; i < resumed->len; i++)
    {
      RestoreWork *work = g_ptr_array_index (resumed, i);

      if (work->no_agent)
        g_ptr_array_add (no_agent, work);
    }

  ssh_config = slipway_cluster_ssh_config (job->cluster);
  if (no_agent->len == 0 || !g_file_test (ssh_config, G_FILE_TEST_EXISTS))
    return;

  for (guint i = 0; i < no_agent->len; i++)
    _slipway_job_progress (job, ((RestoreWork *)g_ptr_array_index (no_agent, i))->node->name, 0.9,
                           _("Setting the clock"));
  _slipway_run_parallel (no_agent, set_time_over_ssh, ssh_config, max_calls);
}

/* Restore ------------------------------------------------------------------- */

/* Names the nodes of @works without checkpoint @name, or returns TRUE. */
static gboolean
check_all_hold (GPtrArray   *works,
                const char  *name,
                GError     **error)
{
  g_autoptr(GString) lacking = g_string_new (NULL);
  guint n_lacking = 0;

  for (guint i = 0; i < works->len; i++)
    {
      RestoreWork *work = g_ptr_array_index (works, i);

      if (work->snap != NULL)
        continue;
      if (lacking->len > 0)
        g_string_append (lacking, ", ");
      g_string_append_printf (lacking, "“%s”", work->node->name);
      n_lacking++;
    }

  if (n_lacking == 0)
    return TRUE;

  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
               /* Translators: %s is a list of quoted node names, then a checkpoint name */
               g_dngettext (GETTEXT_PACKAGE,
                            "Node %s has no checkpoint “%s”: restore only the nodes that have it, or rebuild this one.",
                            "Nodes %s have no checkpoint “%s”: restore only the nodes that have it, or rebuild these.",
                            n_lacking),
               lacking->str, name);
  return FALSE;
}

gboolean
_slipway_op_restore_nodes (SlipwayJob    *job,
                           GPtrArray     *nodes,
                           GPtrArray     *domains,
                           const char    *name,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GPtrArray) works = g_ptr_array_new_with_free_func ((GDestroyNotify)restore_work_free);
  g_autoptr(GPtrArray) connections = NULL;
  gint64 start = g_get_monotonic_time ();
  guint max_calls;

  for (guint i = 0; i < nodes->len; i++)
    {
      RestoreWork *work = g_new0 (RestoreWork, 1);
      virDomainPtr dom = g_ptr_array_index (domains, i);

      work->node = g_ptr_array_index (nodes, i);
      work->restore_start = start;
      work->snap = _slipway_virt_lookup_checkpoint (dom, job->cluster, name);
      if (work->snap != NULL)
        {
          virDomainRef (dom);
          work->dom = dom;
        }
      g_ptr_array_add (works, work);
    }

  if (!check_all_hold (works, name, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Every node's work on one connection, the connections in turn. */
  connections = _slipway_job_open_connections (job, works->len);
  max_calls = connections->len * SLIPWAY_JOB_CALLS_PER_CONNECTION;
  for (guint i = 0; i < works->len; i++)
    {
      virConnectPtr conn = g_ptr_array_index (connections, i % connections->len);

      if (conn != job->conn)
        work_move (g_ptr_array_index (works, i), conn, name);
    }
  g_debug ("Restore: +%.3f s %u node(s) to checkpoint %s over %u connection(s)",
           seconds_since (start), works->len, name, connections->len);

  for (guint i = 0; i < works->len; i++)
    _slipway_job_progress (job, ((RestoreWork *)g_ptr_array_index (works, i))->node->name, 0.1,
                           _("Restoring"));

  /* Reverted nodes stay paused until the resume below: until then this
   * worker must finish, even when the process wants to exit. */
  _slipway_worker_must_finish_begin ();
  _slipway_run_parallel (works, revert_one, NULL, max_calls);

  /* Every reverted node starts again at once; one that failed stays as
   * libvirt left it, and says why. */
  for (guint i = 0; i < works->len; i++)
    {
      RestoreWork *work = g_ptr_array_index (works, i);

      if (work->error == NULL)
        _slipway_job_progress (job, work->node->name, 0.8, _("Resuming"));
    }
  for (guint i = 0; i < works->len; i++)
    {
      RestoreWork *work = g_ptr_array_index (works, i);

      if (work->error == NULL && virDomainResume (work->dom) < 0)
        {
          _slipway_set_virt_error (&work->error, _("Node “%s” could not be resumed"), work->node->name);
          virResetLastError ();
        }
    }
  _slipway_worker_must_finish_end ();
  g_debug ("Restore: +%.3f s every node resumed", seconds_since (start));

  set_guest_times (job, works, max_calls);
  g_debug ("Restore: +%.3f s clocks set", seconds_since (start));

  for (guint i = 0; i < works->len; i++)
    {
      RestoreWork *work = g_ptr_array_index (works, i);

      if (work->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&work->error));
          return FALSE;
        }
    }

  for (guint i = 0; i < works->len; i++)
    _slipway_job_progress (job, ((RestoreWork *)g_ptr_array_index (works, i))->node->name, 1.0,
                           _("Restored"));

  return TRUE;
}
