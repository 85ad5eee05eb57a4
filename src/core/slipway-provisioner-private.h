/* slipway-provisioner-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-provisioner-private.h is private to libslipway and its tests."
#endif

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "slipway-host.h"
#include "slipway-plan.h"
#include "slipway-spec.h"
#include "slipway-topology.h"
#include "slipway-types.h"

/* The engine under the object model: SlipwayConnection, SlipwayCluster and
 * SlipwayConsole run their work through it. Nothing outside libslipway
 * uses it; its tests do. */

G_BEGIN_DECLS


/**
 * SlipwayProgress:
 * @operation: what runs
 * @cluster: the cluster it runs on
 * @node: the node the step is about, or %NULL for the cluster as a whole
 * @step: what happens now, translated, for people
 * @fraction: how much of the whole operation is done, 0 to 1
 * @node_fraction: how much of @node's own part is done, 0 to 1: per node it
 *   never falls, and reaches exactly 1 when the node is done. -1 when
 *   @node is %NULL
 *
 * A boxed type, %SLIPWAY_TYPE_PROGRESS.
 */
typedef struct
{
  SlipwayOperationKind  operation;
  char                 *cluster;
  char                 *node;
  char                 *step;
  double                fraction;
  double                node_fraction;
} SlipwayProgress;

/**
 * SlipwayClusterStatus:
 *
 * A cluster found on the connection. @spec and @topology are read back from
 * the metadata of its network; @states has one entry per node of @topology.
 */
typedef struct
{
  char              *name;
  SlipwaySpec       *spec;
  SlipwayTopology   *topology;
  SlipwayNodeState  *states;
  gboolean           network_active;
  char              *virt_type;      /* of the first defined node, or NULL */
  gboolean           nvram;          /* a node boots with UEFI: no checkpoints */

  /* What the cluster model observes. @leased and @domain_ids have one entry
   * per node, like @states. */
  gboolean           leases_known;   /* the driver reports DHCP leases */
  gboolean          *leased;         /* the node's reserved address is leased */
  guint             *domain_ids;     /* libvirt's id of the running domain, 0 if not
                                      * running: a new one after every start */
  GPtrArray         *checkpoints;    /* private to libslipway: what checkpoints
                                      * the nodes hold, oldest first, or NULL */
} SlipwayClusterStatus;

#define SLIPWAY_TYPE_PROGRESS (slipway_progress_get_type ())

#define SLIPWAY_TYPE_PROVISIONER (slipway_provisioner_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayProvisioner, slipway_provisioner, SLIPWAY, PROVISIONER, GObject)

GType                 slipway_progress_get_type            (void) G_GNUC_CONST;
SlipwayProgress      *slipway_progress_copy                (const SlipwayProgress    *progress);
void                  slipway_progress_free                (SlipwayProgress          *progress);
void                  slipway_cluster_status_free          (SlipwayClusterStatus     *status);
guint                 slipway_cluster_status_count         (const SlipwayClusterStatus *status,
                                                            SlipwayNodeState          state);

SlipwayProvisioner   *slipway_provisioner_new              (const char               *uri);
const char           *slipway_provisioner_get_uri          (SlipwayProvisioner       *self);
void                  slipway_provisioner_set_stop_timeout (SlipwayProvisioner       *self,
                                                            guint                     seconds);

void                  slipway_provisioner_query_host_async (SlipwayProvisioner       *self,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
SlipwayHostInfo      *slipway_provisioner_query_host_finish (SlipwayProvisioner      *self,
                                                             GAsyncResult            *result,
                                                             GError                 **error);

void                  slipway_provisioner_create_async     (SlipwayProvisioner       *self,
                                                            const SlipwaySpec        *spec,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
gboolean              slipway_provisioner_create_finish    (SlipwayProvisioner       *self,
                                                            GAsyncResult             *result,
                                                            GError                  **error);

void                  slipway_provisioner_run_async        (SlipwayProvisioner       *self,
                                                            SlipwayOperationKind      operation,
                                                            const char               *cluster,
                                                            const char * const       *targets,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
gboolean              slipway_provisioner_run_finish       (SlipwayProvisioner       *self,
                                                            GAsyncResult             *result,
                                                            GError                  **error);

void                  slipway_provisioner_destroy_async    (SlipwayProvisioner       *self,
                                                            const char               *cluster,
                                                            SlipwayDestroyFlags       flags,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
gboolean              slipway_provisioner_destroy_finish   (SlipwayProvisioner       *self,
                                                            GAsyncResult             *result,
                                                            GError                  **error);

void                  slipway_provisioner_list_async       (SlipwayProvisioner       *self,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
GPtrArray            *slipway_provisioner_list_finish      (SlipwayProvisioner       *self,
                                                            GAsyncResult             *result,
                                                            GError                  **error);

void                  slipway_provisioner_remains_async    (SlipwayProvisioner       *self,
                                                            const char               *cluster,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
char                **slipway_provisioner_remains_finish   (SlipwayProvisioner       *self,
                                                            GAsyncResult             *result,
                                                            GError                  **error);
void                  slipway_provisioner_status_async     (SlipwayProvisioner       *self,
                                                            const char               *cluster,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
SlipwayClusterStatus *slipway_provisioner_status_finish    (SlipwayProvisioner       *self,
                                                            GAsyncResult             *result,
                                                            GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayProgress, slipway_progress_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayClusterStatus, slipway_cluster_status_free)


/* Connects if needed (outside any lock held across the open), returns a
 * virConnectRef()'d handle: the caller virConnectClose()s it. Worker
 * threads only: the open may take as long as the network does. */
virConnectPtr _slipway_provisioner_dup_handle (SlipwayProvisioner  *self,
                                               GCancellable        *cancellable,
                                               GError             **error);
/* TRUE when the current connection is libvirt's test driver; FALSE before
 * the first connection. */
gboolean      _slipway_provisioner_is_test    (SlipwayProvisioner  *self);

/* For SlipwayConsole: the running domain of @node, (transfer full), with
 * its own reference on the connection; NOT_FOUND or HYPERVISOR errors that
 * name the cluster or node. Worker threads only. */
guint         _slipway_provisioner_get_stop_timeout (SlipwayProvisioner *self);

/* The plan of @spec on this host (a worker reads the host's facts and a
 * stored subnet), and create from a plan: no second validation. The
 * create finishes with slipway_provisioner_create_finish(). */
void          _slipway_provisioner_plan_async        (SlipwayProvisioner   *self,
                                                      const SlipwaySpec    *spec,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
SlipwayPlan  *_slipway_provisioner_plan_finish       (SlipwayProvisioner   *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void          _slipway_provisioner_create_plan_async (SlipwayProvisioner   *self,
                                                      SlipwayPlan          *plan,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);

/* A task whose data is a zeroed job of @size bytes (a SlipwayJob subtype)
 * that holds @cluster until its callback ran; NULL after reporting
 * SLIPWAY_ERROR_BUSY to @callback while another operation runs on it. */
GTask        *_slipway_provisioner_exclusive_task_new (SlipwayProvisioner   *self,
                                                       gsize                 size,
                                                       GDestroyNotify        clear,
                                                       SlipwayOperationKind  operation,
                                                       const char           *cluster,
                                                       gpointer              source_tag,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);

/* Save, restore or delete checkpoint @name of @cluster (slipway-op-checkpoint.c).
 * @targets: restore only, node and role names, NULL for every node. */
void          _slipway_provisioner_checkpoint_async  (SlipwayProvisioner   *self,
                                                      SlipwayOperationKind  operation,
                                                      const char           *cluster,
                                                      const char           *name,
                                                      const char           *description,
                                                      gboolean              baseline,
                                                      const char * const   *targets,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean      _slipway_provisioner_checkpoint_finish (SlipwayProvisioner   *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Emits SlipwayProvisioner::progress; main context of the operation only. */
void          _slipway_provisioner_emit_progress (SlipwayProvisioner    *self,
                                                  const SlipwayProgress *progress);

G_END_DECLS
