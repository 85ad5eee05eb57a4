/* slipway-job.c: the base of every operation's worker: its connection
 * reference and its progress
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-connection.h"
#include "slipway-job-private.h"
#include "slipway-provisioner-private.h"

/* Worker threads in flight ------------------------------------------------- */

/*
 * exit() tears down the libraries we use (libxml2 frees its locks in a
 * destructor) while other threads still run: a worker thread inside libvirt
 * at that moment aborts the process. So every worker of the core holds a
 * count from before its thread starts until the last thing it owns (a
 * libvirt handle, the provisioner its task holds) is released, and
 * slipway_wait_idle_async() completes once none is left.
 */
static GMutex  workers_lock;
static guint   n_workers;
static GSList *idle_waiters;    /* GTask, waiting for n_workers to be 0 */

static void schedule_idle_check (GTask *task);

void
_slipway_worker_hold (void)
{
  g_mutex_lock (&workers_lock);
  n_workers++;
  g_mutex_unlock (&workers_lock);
}

/* Any thread; the last thing a worker's data does when it is freed. */
void
_slipway_worker_release (void)
{
  GSList *waiters = NULL;

  g_mutex_lock (&workers_lock);
  g_assert (n_workers > 0);
  if (--n_workers == 0)
    waiters = g_steal_pointer (&idle_waiters);
  g_mutex_unlock (&workers_lock);

  for (GSList *l = waiters; l != NULL; l = l->next)
    schedule_idle_check (l->data);
  g_slist_free (waiters);
}

/* On the waiter's main context: a callback dispatched before this one may
 * have started another worker, so the count is read here, not trusted from
 * the thread that released it. */
static gboolean
idle_check_cb (gpointer user_data)
{
  GTask *task = user_data;
  gboolean idle;

  g_mutex_lock (&workers_lock);
  idle = n_workers == 0;
  if (!idle)
    idle_waiters = g_slist_prepend (idle_waiters, g_object_ref (task));
  g_mutex_unlock (&workers_lock);

  if (idle)
    g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

/* Takes @task. Low priority: what is ready at the default priority (a
 * callback that starts another worker) runs first. */
static void
schedule_idle_check (GTask *task)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, idle_check_cb, task, g_object_unref);
  g_source_set_static_name (source, "[slipway] idle check");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/* Workers between pausing nodes and resuming them. */
static gint n_must_finish;

void
_slipway_worker_must_finish_begin (void)
{
  g_atomic_int_inc (&n_must_finish);
}

void
_slipway_worker_must_finish_end (void)
{
  g_assert (g_atomic_int_get (&n_must_finish) > 0);
  g_atomic_int_add (&n_must_finish, -1);
}

/**
 * slipway_worker_must_finish:
 *
 * Whether a worker thread holds nodes in a state that only its own end
 * undoes: a checkpoint pauses every node, saves each one and resumes
 * them, a restore resumes the nodes it reverted. A process that exits
 * in between leaves those nodes paused, so one that waits for its
 * workers with a time limit (slipway_wait_idle_async()) must not give up
 * on these.
 *
 * Returns: %TRUE while such work runs
 */
gboolean
slipway_worker_must_finish (void)
{
  return g_atomic_int_get (&n_must_finish) > 0;
}

/**
 * slipway_wait_idle_async:
 * @callback: called on the thread-default main context of the caller
 *
 * Waits until no worker thread of Slipway runs any more: call it before
 * the process exits, once the connections, clusters and provisioners are
 * dropped (a dropped connection stops watching libvirt). Workers started
 * meanwhile are waited for too. The main context must run meanwhile: the
 * workers finish through it.
 */
void
slipway_wait_idle_async (GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, slipway_wait_idle_async);
  schedule_idle_check (task);
}

gboolean
slipway_wait_idle_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Runs @func (item, @user_data) on every item of @items, at most
 * @max_threads at a time, and returns when all are done. The items report
 * their own errors; @func must not emit progress (a job's progress is
 * emitted from its own thread). */
void
_slipway_run_parallel (GPtrArray *items,
                       GFunc      func,
                       gpointer   user_data,
                       guint      max_threads)
{
  GThreadPool *pool;

  g_return_if_fail (max_threads > 0);

  if (items->len == 0)
    return;
  if (items->len == 1 || max_threads == 1)
    {
      for (guint i = 0; i < items->len; i++)
        func (g_ptr_array_index (items, i), user_data);
      return;
    }

  pool = g_thread_pool_new (func, user_data, MIN (items->len, max_threads), FALSE, NULL);
  for (guint i = 0; i < items->len; i++)
    g_thread_pool_push (pool, g_ptr_array_index (items, i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

/* Jobs --------------------------------------------------------------------- */

SlipwayJob *
_slipway_job_new (gsize                 size,
                  GDestroyNotify        clear,
                  SlipwayProvisioner   *self,
                  GTask                *task,
                  SlipwayOperationKind  operation,
                  const char           *cluster)
{
  SlipwayJob *job;

  g_assert (size >= sizeof (SlipwayJob));

  job = g_malloc0 (size);
  job->clear = clear;
  job->task = task;
  job->self = self;
  job->operation = operation;
  job->cluster = g_strdup (cluster);
  job->span_end = 1.0;
  job->node_fractions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&job->progress_lock);
  _slipway_worker_hold ();

  return job;
}

void
_slipway_job_free (SlipwayJob *job)
{
  if (job->clear != NULL)
    job->clear (job);
  g_clear_pointer (&job->lock, _slipway_lock_release);
  g_clear_pointer (&job->cluster, g_free);
  g_clear_pointer (&job->node_fractions, g_hash_table_unref);
  g_clear_pointer (&job->wave, g_hash_table_unref);
  g_mutex_clear (&job->progress_lock);
  g_clear_pointer (&job->conn, virConnectClose);
  g_free (job);
  /* The task that owned @job let go of the provisioner before this. */
  _slipway_worker_release ();
}

static void
locked_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SlipwayJob *job = task_data;
  g_autoptr(GError) error = NULL;
  const char * const *nodes = NULL;

  switch (job->operation)
    {
    case SLIPWAY_OPERATION_START:
    case SLIPWAY_OPERATION_STOP:
    case SLIPWAY_OPERATION_FORCE_OFF:
    case SLIPWAY_OPERATION_RESET:
    case SLIPWAY_OPERATION_REBUILD:
      nodes = (const char * const *)((SlipwayLifecycleJob *)job)->targets;
      break;
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
      nodes = (const char * const *)((SlipwayCheckpointJob *)job)->targets;
      break;
    case SLIPWAY_OPERATION_CREATE:
    case SLIPWAY_OPERATION_DESTROY:
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
    default:
      break;
    }

  job->lock = _slipway_lock_acquire (slipway_provisioner_get_uri (job->self), job->cluster,
                                     job->operation, nodes, &error);
  if (job->lock == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job->locked_worker (task, source_object, task_data, cancellable);
}

void
_slipway_job_run_locked (GTask           *task,
                         GTaskThreadFunc  worker)
{
  SlipwayJob *job = g_task_get_task_data (task);

  g_assert (job != NULL && job->cluster != NULL);

  job->locked_worker = worker;
  g_task_run_in_thread (task, locked_worker);
}

/* Lets the cluster's lock go, from the task's callback: the next
 * operation may start there. */
void
_slipway_job_unlock (SlipwayJob *job)
{
  g_clear_pointer (&job->lock, _slipway_lock_release);
}

/* Gives @job its own reference to the connection, for its whole run. */
void
_slipway_create_job_clear (gpointer job)
{
  g_clear_pointer (&((SlipwayCreateJob *)job)->spec, slipway_spec_free);
  g_clear_object (&((SlipwayCreateJob *)job)->plan);
}

void
_slipway_lifecycle_job_clear (gpointer job)
{
  g_clear_pointer (&((SlipwayLifecycleJob *)job)->targets, g_strfreev);
}

gboolean
_slipway_job_connect (SlipwayJob    *job,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_assert (job->conn == NULL);

  job->conn = _slipway_provisioner_dup_handle (job->self, cancellable, error);
  if (job->conn == NULL)
    return FALSE;

  job->is_test = g_strcmp0 (virConnectGetType (job->conn), "TEST") == 0;
  return TRUE;
}

typedef struct
{
  SlipwayProvisioner *self;
  SlipwayProgress    *progress;
} ProgressEmit;

static void
progress_emit_free (ProgressEmit *emit)
{
  g_clear_object (&emit->self);
  g_clear_pointer (&emit->progress, slipway_progress_free);
  g_free (emit);
}

static gboolean
progress_emit_cb (gpointer data)
{
  ProgressEmit *emit = data;

  _slipway_provisioner_emit_progress (emit->self, emit->progress);

  return G_SOURCE_REMOVE;
}

/* The wave's part of the span, with @node now at @fraction of its own
 * part. Called with the progress lock held. */
static double
wave_fraction (SlipwayJob *job,
               const char *node,
               double      fraction)
{
  if (node != NULL)
    {
      guint last = GPOINTER_TO_UINT (g_hash_table_lookup (job->wave, node));
      guint now = (guint)(CLAMP (fraction, 0.0, 1.0) * SLIPWAY_JOB_FRACTION_SCALE + 0.5);

      if (now > last)
        {
          job->wave_sum += (double)(now - last) / SLIPWAY_JOB_FRACTION_SCALE;
          g_hash_table_insert (job->wave, g_strdup (node), GUINT_TO_POINTER (now));
        }
    }

  return job->wave_n > 0 ? job->wave_sum / job->wave_n : 1.0;
}

static GMutex             step_hook_lock;
static SlipwayJobStepHook step_hook;
static gpointer           step_hook_data;

void
_slipway_job_set_step_hook (SlipwayJobStepHook hook,
                            gpointer           data)
{
  g_mutex_lock (&step_hook_lock);
  step_hook = hook;
  step_hook_data = data;
  g_mutex_unlock (&step_hook_lock);
}

/* Any thread: reports of a wave's nodes come from the pool's workers. */
void
_slipway_job_emit (SlipwayJob *job,
                   const char *node,
                   double      fraction,
                   const char *step)
{
  ProgressEmit *emit = g_new0 (ProgressEmit, 1);
  double node_fraction = -1.0;
  double whole;
  GSource *source;

  if (node != NULL)
    {
      g_mutex_lock (&step_hook_lock);
      if (step_hook != NULL)
        step_hook (node, step, step_hook_data);
      g_mutex_unlock (&step_hook_lock);
    }

  g_mutex_lock (&job->progress_lock);

  if (node != NULL)
    {
      gpointer last = NULL;

      /* Per node, the fraction never falls. */
      if (g_hash_table_lookup_extended (job->node_fractions, node, NULL, &last))
        node_fraction = MAX (GPOINTER_TO_UINT (last) / (double)SLIPWAY_JOB_FRACTION_SCALE, 0.0);
      else
        node_fraction = 0.0;
      if (job->node_span || job->wave != NULL)
        node_fraction = MAX (node_fraction, CLAMP (fraction, 0.0, 1.0));
      g_hash_table_insert (job->node_fractions, g_strdup (node),
                           GUINT_TO_POINTER ((guint)(node_fraction * SLIPWAY_JOB_FRACTION_SCALE + 0.5)));
    }

  whole = job->wave != NULL ? wave_fraction (job, node, fraction) : CLAMP (fraction, 0.0, 1.0);

  emit->self = g_object_ref (job->self);
  emit->progress = g_new0 (SlipwayProgress, 1);
  emit->progress->operation = job->operation;
  emit->progress->cluster = g_strdup (job->cluster);
  emit->progress->node = g_strdup (node);
  emit->progress->step = g_strdup (step);
  emit->progress->fraction = job->span_start + (job->span_end - job->span_start) * whole;
  emit->progress->node_fraction = node_fraction;

  /* Always through a source, never g_main_context_invoke(): that one runs
   * the callback right here, in the worker, whenever the context is free
   * for a moment (the caller is between two iterations), and the handlers
   * then touch the model from this thread. Attached under the lock: the
   * reports arrive in the order their fractions were reckoned. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_emit_cb, emit, (GDestroyNotify)progress_emit_free);
  g_source_set_static_name (source, "[slipway] progress");
  g_source_attach (source, g_task_get_context (job->task));
  g_source_unref (source);

  g_mutex_unlock (&job->progress_lock);
}

/* From here to _slipway_job_wave_end(), @n_nodes nodes report at once, each
 * its own part 0 to 1; the current span fills with their mean. */
void
_slipway_job_wave_begin (SlipwayJob *job,
                         guint       n_nodes)
{
  g_mutex_lock (&job->progress_lock);
  g_clear_pointer (&job->wave, g_hash_table_unref);
  job->wave = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->wave_sum = 0.0;
  job->wave_n = n_nodes;
  g_mutex_unlock (&job->progress_lock);
}

void
_slipway_job_wave_end (SlipwayJob *job)
{
  g_mutex_lock (&job->progress_lock);
  g_clear_pointer (&job->wave, g_hash_table_unref);
  job->wave_n = 0;
  job->wave_sum = 0.0;
  g_mutex_unlock (&job->progress_lock);
}

/* Tells the main context (the one the task was made in) how far we are:
 * @fraction is the part done of the current span. In a node's own span
 * (_slipway_job_node_span()) it is also that node's own progress;
 * elsewhere an event about a node leaves the node's own progress where it
 * was. */
void
_slipway_job_progress (SlipwayJob *job,
                       const char *node,
                       double      fraction,
                       const char *format,
                       ...)
{
  g_autofree char *step = NULL;
  va_list args;

  va_start (args, format);
  step = g_strdup_vprintf (format, args);
  va_end (args);

  _slipway_job_emit (job, node, fraction, step);
}

/* A span of the whole operation. */
void
_slipway_job_span (SlipwayJob *job,
                   double      start,
                   double      end)
{
  job->span_start = start;
  job->span_end = end;
  job->node_span = FALSE;
}

/* A span that is one node's whole part of the operation. */
void
_slipway_job_node_span (SlipwayJob *job,
                        double      start,
                        double      end)
{
  _slipway_job_span (job, start, end);
  job->node_span = TRUE;
}

/* Every node that reported progress and is not done yet is now: called
 * when an operation succeeded, so that each node's own fraction ends at 1. */
void
_slipway_job_finish_nodes (SlipwayJob *job,
                           const char *step)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, job->node_fractions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) < SLIPWAY_JOB_FRACTION_SCALE)
      g_ptr_array_add (pending, g_strdup (key));
  g_ptr_array_sort (pending, (GCompareFunc)g_strcmp0);

  _slipway_job_node_span (job, job->span_end, job->span_end);
  for (guint i = 0; i < pending->len; i++)
    _slipway_job_emit (job, g_ptr_array_index (pending, i), 1.0, step);
}
