/* slipway-cluster-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-cluster-private.h is private to libslipway and its tests."
#endif

#include "slipway-cluster.h"
#include "slipway-provisioner-private.h"

G_BEGIN_DECLS

typedef struct _SlipwayConnection SlipwayConnection;

/* What the cluster knows of a node besides its properties. */
typedef struct
{
  gboolean          leased;
  guint             domain_id;
  SlipwayReadiness  probed;       /* what the SSH probes saw, while watched */
  guint             generation;   /* bumped when the domain starts again */
  GCancellable     *probing;      /* the probe in flight, or NULL */
  gint64            next_probe;   /* monotonic µs */
  guint             backoff_ms;
  char            **cloud_init_errors;  /* of this boot, as the last probe saw them */
  /* The domain's QEMU process came from a revert to the baseline that an
   * operation of this process made: the node is the machine that was
   * ready when the baseline was taken (every node was), so its pinned
   * host key answering is enough to call it ready. Kept while the node is
   * paused and resumed; the next start of another kind ends it. */
  gboolean          restored_ready;
} NodeExtra;

struct _SlipwayCluster
{
  GObject              parent_instance;

  SlipwayConnection   *connection;    /* weak */
  char                *name;
  SlipwaySpec         *spec;
  SlipwayTopology     *topology;
  GListStore          *nodes;         /* SlipwayNode, id order */
  GHashTable          *extra;         /* node name → NodeExtra */
  SlipwayOperation    *operation;
  /* While @operation reverts nodes to the baseline, and for a moment
   * after it (its events may come later than its end): monotonic µs. */
  gint64               restoring_baseline_until;
  char                *lock_holder;   /* another process's operation, see slipway-lock-watch.c */
  SlipwayClusterState  state;
  gboolean             network_active;
  gboolean             leases_known;
  char                *virt_type;     /* libvirt's domain type, of the first node defined */
  gboolean             nvram;         /* a node boots with UEFI: no checkpoints */
  gboolean             known;         /* a status was read, the connection holds */
  guint                generation;    /* bumped by each domain event */
  guint64              read_serial;   /* the newest read it shows, see
                                       * slipway-connection-read.c */
  gboolean             read_deferred; /* asked for while reads wait, see
                                       * _slipway_cluster_defers_reads() */

  /* Watch handles held, and the SSH probes they keep running: one
   * source, ready when the next node is due. */
  guint                n_watches;
  GSource             *probe_source;
  char                *ssh_config;

  /* slipway-cluster-checkpoint.c */
  GListStore          *checkpoints;   /* SlipwayCheckpoint, oldest first */
  gboolean             taking_baseline;
  gboolean             baseline_failed;  /* this process tries once */
  GHashTable          *consoles;      /* node name → SlipwayConsole, weak */
};

SlipwayCluster *_slipway_cluster_new                (SlipwayConnection          *connection,
                                                     const char                 *name,
                                                     const SlipwaySpec          *spec);
/* What a status read saw. @node_states: FALSE when a libvirt event came
 * after the read started, so the nodes' states it read are older. */
void            _slipway_cluster_apply_status       (SlipwayCluster             *self,
                                                     const SlipwayClusterStatus *status,
                                                     gboolean                    node_states);
void            _slipway_cluster_set_operation      (SlipwayCluster             *self,
                                                     SlipwayOperation           *operation);
void            _slipway_cluster_set_lock_holder    (SlipwayCluster             *self,
                                                     const char                 *holder);
void            _slipway_cluster_set_network_active (SlipwayCluster             *self,
                                                     gboolean                    active);
/* A lifecycle event of the domain of one node. */
void            _slipway_cluster_set_node_state     (SlipwayCluster             *self,
                                                     SlipwayNode                *node,
                                                     SlipwayNodeState            state);
SlipwayNode    *_slipway_cluster_find_domain        (SlipwayCluster             *self,
                                                     const char                 *domain_name);
/* The connection is lost: what the cluster showed is no longer known. */
void            _slipway_cluster_forget             (SlipwayCluster             *self);
/* Some running node has no lease yet, and the driver reports leases. */
gboolean        _slipway_cluster_wants_leases       (SlipwayCluster             *self);
/* Bumped on every libvirt event about the cluster. */
guint           _slipway_cluster_get_generation     (SlipwayCluster             *self);
gboolean        _slipway_cluster_defers_reads       (SlipwayCluster             *self);

/* slipway-cluster.c, for its other files */
NodeExtra      *_slipway_cluster_get_extra          (SlipwayCluster             *self,
                                                     SlipwayNode                *node);
void            _slipway_cluster_update_readiness   (SlipwayCluster             *self,
                                                     SlipwayNode                *node);
/* slipway-cluster-checkpoint.c */
void            _slipway_cluster_apply_checkpoints  (SlipwayCluster             *self,
                                                     GPtrArray                  *checkpoints);
/* Takes the baseline when the cluster is watched, every node is ready and
 * it has none yet (and the spec does not say baseline=false). */
void            _slipway_cluster_maybe_take_baseline (SlipwayCluster            *self);
/* slipway-cluster-run.c: starts checkpoint operation @kind (for the
 * baseline too) as a SlipwayOperation on @self. */
void            _slipway_cluster_checkpoint_async   (SlipwayCluster             *self,
                                                     SlipwayOperationKind        kind,
                                                     const char                 *name,
                                                     const char                 *description,
                                                     gboolean                    baseline,
                                                     const char * const         *targets,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data);
/* slipway-cluster-watch.c */
void            _slipway_cluster_node_extra_free    (NodeExtra                  *extra);
/* A node started again, or stopped: what was seen of it is from before. */
void            _slipway_cluster_node_restarted     (SlipwayCluster             *self,
                                                     NodeExtra                  *extra);
void            _slipway_cluster_record_probe       (SlipwayCluster             *self,
                                                     SlipwayNode                *node,
                                                     SlipwayReadiness            seen,
                                                     char                      **cloud_init_errors);
void            _slipway_cluster_sync_console       (SlipwayCluster             *self,
                                                     SlipwayNode                *node);
void            _slipway_cluster_domain_replaced    (SlipwayCluster             *self,
                                                     SlipwayNode                *node);
/* libvirt said the domain of @node started: @from_snapshot, by a revert. */
void            _slipway_cluster_domain_started     (SlipwayCluster             *self,
                                                     SlipwayNode                *node,
                                                     gboolean                    from_snapshot);
void            _slipway_cluster_drop_consoles      (SlipwayCluster             *self);
void            _slipway_cluster_schedule_probes    (SlipwayCluster             *self);
void            _slipway_cluster_stop_probes        (SlipwayCluster             *self);

G_END_DECLS
