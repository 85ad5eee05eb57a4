/* slipway-virt-start.c: the nodes of a wave started together
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "slipway-error.h"
#include "slipway-job-private.h"
#include "slipway-virt-private.h"

/*
 * Several nodes start paused, and once each has its QEMU process all are
 * resumed. A QEMU process's start is mostly work for the host's CPUs:
 * QEMU itself, and libvirtd reading the guest CPU's features back one
 * monitor command at a time (hundreds for x86). A node that runs as soon
 * as its own start is over takes those CPUs for its boot, under TCG a
 * whole one, while the others are still starting, and holds them back; a
 * node waiting paused takes nothing. Seven nodes of 512 MiB on two cores:
 * 4.4–4.9 s to seven bare starts, 3.8–4.4 s to seven paused starts and
 * their resumes (docs/benchmarks.md, Orchestration). Every node then boots
 * from the same moment. A single node starts as it is.
 */

typedef struct
{
  GPtrArray  *nodes;           /* SlipwayNodeInfo */
  gboolean    fresh;
  gboolean    paused;
  gboolean   *started_paused;  /* by index: started paused by this wave */
  GError    **resume_errors;   /* by index */
} StartWave;

/* @flags, and with @fresh a node with UEFI gets its settings anew from
 * the firmware's template (a rebuilt node is a new machine). */
static int
start_domain (virDomainPtr  dom,
              unsigned int  flags,
              gboolean      fresh)
{
  if (fresh && _slipway_virt_domain_has_nvram (dom) &&
      virDomainCreateWithFlags (dom, flags | VIR_DOMAIN_START_RESET_NVRAM) == 0)
    return 0;
  virResetLastError ();

  return virDomainCreateWithFlags (dom, flags);
}

static gboolean
start_node (SlipwayJob     *job,
            virConnectPtr   conn,
            guint           index,
            gpointer        item,
            gpointer        user_data,
            GCancellable   *cancellable,
            GError        **error)
{
  StartWave *wave = user_data;
  const SlipwayNodeInfo *node = g_ptr_array_index (wave->nodes, index);
  g_autoptr(virDomain) dom = _slipway_job_domain_on (conn, item);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (_slipway_virt_domain_is_active (dom))
    {
      _slipway_job_progress (job, node->name, 1.0, _("Started"));
      return TRUE;
    }

  _slipway_job_progress (job, node->name, 0.9, _("Starting"));
  if (start_domain (dom, wave->paused ? VIR_DOMAIN_START_PAUSED : 0, wave->fresh) < 0)
    {
      _slipway_set_virt_error (error, _("Could not start the virtual machine “%s”"), node->domain_name);
      return FALSE;
    }

  if (wave->paused)
    {
      wave->started_paused[index] = TRUE;
      _slipway_job_progress (job, node->name, 0.95, _("Waiting for the other nodes"));
    }
  else
    {
      _slipway_job_progress (job, node->name, 1.0, _("Started"));
    }
  return TRUE;
}

/* Never fails, so that the pool goes on with every other node: the
 * error is kept for after the wave. */
static gboolean
resume_node (SlipwayJob     *job,
             virConnectPtr   conn,
             guint           index,
             gpointer        item,
             gpointer        user_data,
             GCancellable   *cancellable,
             GError        **error)
{
  StartWave *wave = user_data;
  const SlipwayNodeInfo *node = g_ptr_array_index (wave->nodes, index);
  g_autoptr(virDomain) dom = NULL;

  if (!wave->started_paused[index])
    return TRUE;

  dom = _slipway_job_domain_on (conn, item);
  if (virDomainResume (dom) < 0)
    {
      _slipway_set_virt_error (&wave->resume_errors[index],
                               /* Translators: %s is a virtual machine's name */
                               _("The virtual machine “%s” started, but could not be resumed from its pause"),
                               node->domain_name);
      return TRUE;
    }

  _slipway_job_progress (job, node->name, 1.0, _("Started"));
  return TRUE;
}

static guint
count_stopped (GPtrArray *domains)
{
  guint n = 0;

  for (guint i = 0; i < domains->len; i++)
    n += !_slipway_virt_domain_is_active (g_ptr_array_index (domains, i));

  return n;
}

gboolean
_slipway_virt_start_nodes (SlipwayJob     *job,
                           GPtrArray      *nodes,
                           GPtrArray      *domains,
                           gboolean        fresh,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autofree gboolean *started_paused = NULL;
  g_autofree GError **resume_errors = NULL;
  StartWave wave = { nodes, fresh, FALSE };
  double start = job->span_start;
  double end = job->span_end;
  g_autoptr(GError) start_error = NULL;
  char *both;

  g_return_val_if_fail (nodes->len == domains->len, FALSE);

  /* libvirt's test driver starts nothing paused. */
  wave.paused = !job->is_test && count_stopped (domains) > 1;
  if (!wave.paused)
    return _slipway_job_run_nodes (job, domains, start_node, &wave, cancellable, error);

  wave.started_paused = started_paused = g_new0 (gboolean, domains->len);
  wave.resume_errors = resume_errors = g_new0 (GError *, domains->len);

  /* Between the two waves nodes are paused that only the second resumes:
   * the process waits for it before it exits. */
  _slipway_worker_must_finish_begin ();
  _slipway_job_span (job, start, start + (end - start) * 0.9);
  _slipway_job_run_nodes (job, domains, start_node, &wave, cancellable, &start_error);

  /* Every node this wave started runs, also after another failed or a
   * cancel: an operation leaves no node paused that was not before. */
  _slipway_job_span (job, start + (end - start) * 0.9, end);
  _slipway_job_run_nodes (job, domains, resume_node, &wave, NULL, NULL);
  _slipway_worker_must_finish_end ();

  /* The first failure is the error; every machine left paused is named. */
  for (guint i = 0; i < domains->len; i++)
    {
      if (resume_errors[i] == NULL)
        continue;
      if (start_error == NULL)
        {
          start_error = g_steal_pointer (&resume_errors[i]);
          continue;
        }
      both = g_strdup_printf ("%s %s", start_error->message, resume_errors[i]->message);
      g_free (start_error->message);
      start_error->message = g_steal_pointer (&both);
      g_clear_error (&resume_errors[i]);
    }

  if (start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&start_error));
      return FALSE;
    }

  return TRUE;
}
