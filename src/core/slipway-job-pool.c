/* slipway-job-pool.c: one bounded pool of workers for the per-node work
 * of every operation
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libvirt/virterror.h>

#include "slipway-job-private.h"
#include "slipway-provisioner-private.h"

/* Creating, starting, stopping, rebuilding and destroying nodes is mostly
 * waiting on libvirtd (a QEMU process to spawn or end, a volume to write):
 * the nodes go at once, not one after the other.
 *
 * Why the bound: libvirtd serves at most max_client_requests (5 by
 * default) calls of one connection at a time and holds the rest back, and
 * it has 20 worker threads for every client together. One connection thus
 * takes SLIPWAY_JOB_CALLS_PER_CONNECTION calls at once and keeps a slot
 * for the watcher's and the GUI's calls; a second connection of the job's
 * own lets seven nodes (a full lab) go in one wave. More would tie up
 * libvirtd's workers, which other clients share, for nothing: past eight
 * QEMU processes starting at once the host's CPUs are the limit anyway. */
#define MAX_CONNECTIONS 2

static void
connection_close (gpointer conn)
{
  virConnectClose (conn);
}

/* The connections @n_items' work is spread over: the job's own, and a
 * second when more than one connection serves at once. A second that
 * cannot be opened is not an error: the work then waits its turn. */
GPtrArray *
_slipway_job_open_connections (SlipwayJob *job,
                               guint       n_items)
{
  GPtrArray *connections = g_ptr_array_new_with_free_func (connection_close);
  guint wanted = MIN ((n_items + SLIPWAY_JOB_CALLS_PER_CONNECTION - 1) / SLIPWAY_JOB_CALLS_PER_CONNECTION,
                      MAX_CONNECTIONS);

  virConnectRef (job->conn);
  g_ptr_array_add (connections, job->conn);

  /* Each open of a test:///file URI is a world of its own. */
  if (job->is_test)
    return connections;

  while (connections->len < wanted)
    {
      virConnectPtr conn = virConnectOpenAuth (slipway_provisioner_get_uri (job->self),
                                               virConnectAuthPtrDefault, 0);

      if (conn == NULL)
        {
          g_debug ("No second connection (%s); the nodes take turns", virGetLastErrorMessage ());
          virResetLastError ();
          break;
        }
      g_ptr_array_add (connections, conn);
    }

  return connections;
}

/* @dom as seen on @conn, a new reference; @dom itself (its calls then go
 * over its own connection) when it cannot be found there. */
virDomainPtr
_slipway_job_domain_on (virConnectPtr conn,
                        virDomainPtr  dom)
{
  unsigned char uuid[VIR_UUID_BUFLEN];
  virDomainPtr found = NULL;

  if (virDomainGetConnect (dom) != conn && virDomainGetUUID (dom, uuid) == 0)
    found = virDomainLookupByUUID (conn, uuid);
  if (found != NULL)
    return found;

  virResetLastError ();
  virDomainRef (dom);
  return dom;
}

typedef struct
{
  SlipwayJob          *job;
  SlipwayJobNodeFunc   func;
  gpointer             user_data;
  GCancellable        *cancellable;
  GPtrArray           *connections;
  GMutex               lock;
  gboolean             stopped;       /* a node failed: the others do not start */
  GError              *error;         /* the first failure */
  guint                n_done;
} Pool;

typedef struct
{
  Pool     *pool;
  guint     index;
  gpointer  item;
} PoolItem;

static void
pool_run_one (gpointer data,
              gpointer user_data)
{
  PoolItem *work = data;
  Pool *pool = work->pool;
  virConnectPtr conn = g_ptr_array_index (pool->connections, work->index % pool->connections->len);
  g_autoptr(GError) error = NULL;
  gboolean skip;

  g_mutex_lock (&pool->lock);
  skip = pool->stopped;
  g_mutex_unlock (&pool->lock);

  if (!skip && !g_cancellable_set_error_if_cancelled (pool->cancellable, &error))
    pool->func (pool->job, conn, work->index, work->item, pool->user_data, pool->cancellable, &error);

  g_mutex_lock (&pool->lock);
  if (error != NULL)
    {
      pool->stopped = TRUE;
      if (pool->error == NULL)
        pool->error = g_steal_pointer (&error);
    }
  pool->n_done++;
  g_mutex_unlock (&pool->lock);
}

/**
 * _slipway_job_run_nodes:
 * @items: what the nodes' work is about, one per node
 * @func: does one node's work; runs in a worker thread, any number at once
 *
 * Runs @func on every item, at most SLIPWAY_JOB_CALLS_PER_CONNECTION per
 * connection at a time, and returns once every one that started is done.
 * Progress is a wave: each node reports its own part (0 to 1) with
 * _slipway_job_progress() from its thread, and the job's span fills with
 * the mean of them. After the first failure or a cancel, nodes that did not
 * start yet do not; those under way finish (or see the cancellable), so that
 * what was made is known exactly when this returns. The first failure is
 * the error.
 */
gboolean
_slipway_job_run_nodes (SlipwayJob          *job,
                        GPtrArray           *items,
                        SlipwayJobNodeFunc   func,
                        gpointer             user_data,
                        GCancellable        *cancellable,
                        GError             **error)
{
  Pool pool = { 0 };
  g_autoptr(GPtrArray) works = g_ptr_array_new_with_free_func (g_free);
  GThreadPool *threads;
  guint max_threads;

  if (items->len == 0)
    return TRUE;

  pool.job = job;
  pool.func = func;
  pool.user_data = user_data;
  pool.cancellable = cancellable;
  pool.connections = _slipway_job_open_connections (job, items->len);
  g_mutex_init (&pool.lock);
  max_threads = MIN (items->len, pool.connections->len * SLIPWAY_JOB_CALLS_PER_CONNECTION);

  _slipway_job_wave_begin (job, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      PoolItem *work = g_new0 (PoolItem, 1);

      work->pool = &pool;
      work->index = i;
      work->item = g_ptr_array_index (items, i);
      g_ptr_array_add (works, work);
    }

  if (max_threads == 1)
    {
      for (guint i = 0; i < works->len; i++)
        pool_run_one (g_ptr_array_index (works, i), NULL);
    }
  else
    {
      threads = g_thread_pool_new (pool_run_one, NULL, max_threads, FALSE, NULL);
      for (guint i = 0; i < works->len; i++)
        g_thread_pool_push (threads, g_ptr_array_index (works, i), NULL);
      g_thread_pool_free (threads, FALSE, TRUE);
    }
  _slipway_job_wave_end (job);

  g_assert (pool.n_done == items->len);
  g_ptr_array_unref (pool.connections);
  g_mutex_clear (&pool.lock);

  if (pool.error != NULL)
    {
      g_propagate_error (error, pool.error);
      return FALSE;
    }

  return TRUE;
}
