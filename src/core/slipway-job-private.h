/* slipway-job-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-job-private.h is private to libslipway."
#endif

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "slipway-lock-private.h"
#include "slipway-plan.h"
#include "slipway-provisioner-private.h"
#include "slipway-spec.h"
#include "slipway-types.h"

G_BEGIN_DECLS

/* A job is one operation running in a worker thread. It owns copies of what
 * it needs, and its own reference to the connection. */
typedef struct _SlipwayJob SlipwayJob;

struct _SlipwayJob
{
  GTask                *task;           /* borrowed for the worker's lifetime */
  SlipwayProvisioner   *self;           /* borrowed, the task holds a ref */
  SlipwayOperationKind  operation;
  char                 *cluster;
  GDestroyNotify        clear;          /* frees what a subtype adds */
  virConnectPtr         conn;           /* ref'd for the job's whole run, see _slipway_job_connect() */
  gboolean              is_test;        /* conn is libvirt's test driver */

  /* Progress goes from span_start to span_end while a step runs. */
  double                span_start;
  double                span_end;
  gboolean              node_span;      /* the span is one node's own part */
  GHashTable           *node_fractions; /* node name → its fraction × SLIPWAY_JOB_FRACTION_SCALE */
  /* A wave of nodes at once (_slipway_job_run_nodes()): the span fills
   * with the mean of their own fractions. Progress may then come from
   * any thread: @progress_lock guards all of the above. */
  GMutex                progress_lock;
  GHashTable           *wave;           /* node name → its fraction in the wave, × SCALE */
  double                wave_sum;
  guint                 wave_n;

  /* An operation that changes the cluster holds its lock from the start
   * of its worker until its callback runs; see _slipway_job_run_locked(). */
  GTaskThreadFunc       locked_worker;
  SlipwayLock          *lock;
};

#define SLIPWAY_JOB_FRACTION_SCALE 1000000u

/* What each kind of operation adds to the base: its own typed job data. */
typedef struct
{
  SlipwayJob            parent;
  SlipwaySpec          *spec;           /* a copy */
  SlipwayPlan          *plan;           /* NULL: the worker makes it from @spec */
} SlipwayCreateJob;                     /* create and check */

typedef struct
{
  SlipwayJob            parent;
  char                **targets;        /* node and role names, NULL: all */
} SlipwayLifecycleJob;                  /* start, stop, force off, reset */

typedef struct
{
  SlipwayJob            parent;
  SlipwayDestroyFlags   flags;
} SlipwayDestroyJob;

typedef struct
{
  SlipwayJob            parent;
  char                 *name;           /* the checkpoint */
  char                 *description;    /* save only, never NULL there */
  gboolean              baseline;       /* save only: Slipway takes it by itself */
  char                **targets;        /* restore only: node and role names, NULL: all */
} SlipwayCheckpointJob;                 /* save, restore, delete a checkpoint */

/* A worker thread in flight: see slipway_wait_idle_async(). */
void        _slipway_worker_hold         (void);
void        _slipway_worker_release      (void);
/* Around work that leaves nodes in a state only its own end undoes (paused
 * for a checkpoint): see slipway_worker_must_finish(). */
void        _slipway_worker_must_finish_begin (void);
void        _slipway_worker_must_finish_end   (void);

void        _slipway_run_parallel        (GPtrArray *items,
                                          GFunc      func,
                                          gpointer   user_data,
                                          guint      max_threads);

/* How many calls of one job go to one libvirt connection at once; see
 * slipway-job-pool.c. */
#define SLIPWAY_JOB_CALLS_PER_CONNECTION 4

/* Tests only: called in the worker with every report of a node's step,
 * before it is sent to the main context (which sees it later). */
typedef void (*SlipwayJobStepHook) (const char *node,
                                    const char *step,
                                    gpointer    data);
void _slipway_job_set_step_hook (SlipwayJobStepHook hook,
                                 gpointer           data);

/* A create's or a rebuild's nodes get their disks and definitions in one
 * wave and are started in the next (slipway-op-create.c): a node's own
 * fraction once it is defined. */
#define SLIPWAY_JOB_NODE_PREPARED 0.85

/* One node's work in _slipway_job_run_nodes(): @conn is the connection
 * this node's calls go to (look its objects up there), @index the item's
 * place. Reports its progress as the node's own part, 0 to 1. */
typedef gboolean (*SlipwayJobNodeFunc) (SlipwayJob     *job,
                                        virConnectPtr   conn,
                                        guint           index,
                                        gpointer        item,
                                        gpointer        user_data,
                                        GCancellable   *cancellable,
                                        GError        **error);

gboolean      _slipway_job_run_nodes        (SlipwayJob          *job,
                                             GPtrArray           *items,
                                             SlipwayJobNodeFunc   func,
                                             gpointer             user_data,
                                             GCancellable        *cancellable,
                                             GError             **error);
GPtrArray    *_slipway_job_open_connections (SlipwayJob          *job,
                                             guint                n_items);
virDomainPtr  _slipway_job_domain_on        (virConnectPtr        conn,
                                             virDomainPtr         dom);
void          _slipway_job_wave_begin       (SlipwayJob          *job,
                                             guint                n_nodes);
void          _slipway_job_wave_end         (SlipwayJob          *job);

void        _slipway_create_job_clear    (gpointer job);
void        _slipway_checkpoint_job_clear (gpointer job);
void        _slipway_lifecycle_job_clear (gpointer job);

/* @size: of the subtype, at least sizeof (SlipwayJob); @clear: (nullable) */
SlipwayJob *_slipway_job_new           (gsize                  size,
                                        GDestroyNotify         clear,
                                        SlipwayProvisioner    *self,
                                        GTask                 *task,
                                        SlipwayOperationKind   operation,
                                        const char            *cluster);
void        _slipway_job_free          (SlipwayJob            *job);
/* Runs @worker in a thread once the cluster's lock is taken; the task
 * fails with SLIPWAY_ERROR_BUSY, saying who holds it, when it is not. */
void        _slipway_job_run_locked    (GTask                 *task,
                                        GTaskThreadFunc        worker);
void        _slipway_job_unlock        (SlipwayJob            *job);
gboolean    _slipway_job_connect       (SlipwayJob            *job,
                                        GCancellable          *cancellable,
                                        GError               **error);
void        _slipway_job_emit          (SlipwayJob            *job,
                                        const char            *node,
                                        double                 fraction,
                                        const char            *step);
void        _slipway_job_progress      (SlipwayJob            *job,
                                        const char            *node,
                                        double                 fraction,
                                        const char            *format,
                                        ...) G_GNUC_PRINTF (4, 5);
void        _slipway_job_span          (SlipwayJob            *job,
                                        double                 start,
                                        double                 end);
void        _slipway_job_node_span     (SlipwayJob            *job,
                                        double                 start,
                                        double                 end);
void        _slipway_job_finish_nodes  (SlipwayJob            *job,
                                        const char            *step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayJob, _slipway_job_free)

/* The workers of the operations that change a cluster: slipway-op-*.c. */
void _slipway_op_create_worker (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable);
void _slipway_op_run_worker (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable);
void _slipway_op_checkpoint_worker (GTask        *task,
                                    gpointer      source_object,
                                    gpointer      task_data,
                                    GCancellable *cancellable);
void _slipway_op_destroy_worker (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable);

/* slipway-op-restore.c, for restore, reset and rebuild: @nodes (SlipwayNodeInfo)
 * and @domains (virDomainPtr, none NULL) side by side. */
gboolean _slipway_op_restore_nodes      (SlipwayJob    *job,
                                         GPtrArray     *nodes,
                                         GPtrArray     *domains,
                                         const char    *name,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* Removes every checkpoint of the cluster from every node of @topology. */
gboolean _slipway_op_delete_checkpoints (SlipwayJob       *job,
                                         SlipwayTopology  *topology,
                                         GError          **error);

G_END_DECLS
