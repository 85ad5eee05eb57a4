/* slipway-connection-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-connection-private.h is private to libslipway and its tests."
#endif

#include "slipway-cluster.h"
#include "slipway-connection.h"
#include "slipway-provisioner-private.h"

G_BEGIN_DECLS

typedef struct _SlipwayLockWatch SlipwayLockWatch;
typedef struct _SlipwayWatcher SlipwayWatcher;

struct _SlipwayConnection
{
  GObject             parent_instance;

  char               *uri;
  SlipwayProvisioner *provisioner;
  SlipwayWatcher     *watcher;
  SlipwayLockWatch   *lock_watch;
  GListStore         *clusters;       /* SlipwayCluster, by name */
  GHashTable         *queued_reads;   /* cluster name → GSource * */
  GHashTable         *joining;        /* cluster name → reads in flight for a
                                       * cluster not in the model (yet) */
  GCancellable       *cancellable;    /* reads and syncs; cancelled on dispose */
  gulong              progress_id;
  guint               removals;       /* clusters that left the model, ever */
  guint64             reads;          /* reads and syncs begun, ever: each one's
                                       * serial (slipway-connection-read.c) */
  gboolean            connected;
};

/* The engine behind the model, until the model has its own. */
SlipwayProvisioner *_slipway_connection_get_provisioner  (SlipwayConnection    *self);
/* Reads the cluster's status (in a thread) and applies it; a cluster that
 * is gone, or not ours, leaves the model (NOT_FOUND, NOT_OWNED). */
void                _slipway_connection_read_cluster_async  (SlipwayConnection    *self,
                                                             const char           *name,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean            _slipway_connection_read_cluster_finish (SlipwayConnection    *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
/* One read of a cluster, from its beginning (what the model was then) to
 * the status libvirt gave: the steps of the read above, apart so that a
 * test can order them. */
typedef struct _SlipwayRead SlipwayRead;
SlipwayRead        *_slipway_connection_begin_read       (SlipwayConnection    *self,
                                                          const char           *name);
void                _slipway_connection_apply_read       (SlipwayConnection    *self,
                                                          const SlipwayRead    *read,
                                                          const SlipwayClusterStatus *status);
void                _slipway_connection_end_read         (SlipwayConnection    *self,
                                                          SlipwayRead          *read);
/* The same, soon and coalesced, for the watcher's events and lease polls. */
void                _slipway_connection_queue_read       (SlipwayConnection    *self,
                                                          const char           *name);
void                _slipway_connection_domain_unmatched (SlipwayConnection    *self,
                                                          const char           *domain_name);
void                _slipway_connection_add_cluster      (SlipwayConnection    *self,
                                                          SlipwayCluster       *cluster);
void                _slipway_connection_remove_cluster   (SlipwayConnection    *self,
                                                          SlipwayCluster       *cluster);
/* For the watcher. */
void                _slipway_connection_set_connected    (SlipwayConnection    *self,
                                                          gboolean              connected);

G_END_DECLS
