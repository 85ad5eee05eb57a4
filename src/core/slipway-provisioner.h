/* slipway-provisioner.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-host.h"
#include "slipway-spec.h"
#include "slipway-topology.h"

G_BEGIN_DECLS

typedef enum
{
  SLIPWAY_OPERATION_CREATE,
  SLIPWAY_OPERATION_START,
  SLIPWAY_OPERATION_STOP,
  SLIPWAY_OPERATION_FORCE_OFF,
  SLIPWAY_OPERATION_RESET,
  SLIPWAY_OPERATION_DESTROY,
} SlipwayOperation;

typedef enum
{
  SLIPWAY_NODE_STATE_MISSING,        /* no domain: not created, or destroyed */
  SLIPWAY_NODE_STATE_STOPPED,
  SLIPWAY_NODE_STATE_RUNNING,
  SLIPWAY_NODE_STATE_PAUSED,
  SLIPWAY_NODE_STATE_SHUTTING_DOWN,
  SLIPWAY_NODE_STATE_CRASHED,
} SlipwayNodeState;

typedef enum
{
  SLIPWAY_DESTROY_FLAGS_NONE         = 0,
  SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE = 1 << 0,   /* also the base image, if no other cluster uses it */
  SLIPWAY_DESTROY_FLAGS_DELETE_KEYS  = 1 << 1,   /* also the local key folder */
} SlipwayDestroyFlags;

typedef enum
{
  SLIPWAY_CONSOLE_FLAGS_NONE  = 0,
  SLIPWAY_CONSOLE_FLAGS_FORCE = 1 << 0,   /* take the console from whoever has it */
} SlipwayConsoleFlags;

/**
 * SlipwayProgress:
 * @node: the node the step is about, or %NULL for the cluster as a whole
 * @step: what happens now, translated, for people
 * @fraction: how much of the whole operation is done, 0 to 1
 */
typedef struct
{
  SlipwayOperation  operation;
  char             *cluster;
  char             *node;
  char             *step;
  double            fraction;
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

  /* What SlipwayMonitor observes. @leased and @domain_ids have one entry
   * per node, like @states. */
  gboolean           leases_known;   /* the driver reports DHCP leases */
  gboolean          *leased;         /* the node's reserved address is leased */
  guint             *domain_ids;     /* libvirt's id of the running domain, 0 if not
                                      * running: a new one after every start */
} SlipwayClusterStatus;

#define SLIPWAY_TYPE_PROVISIONER (slipway_provisioner_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayProvisioner, slipway_provisioner, SLIPWAY, PROVISIONER, GObject)

char                 *slipway_default_uri                  (void);
const char           *slipway_operation_to_string          (SlipwayOperation          operation);
const char           *slipway_node_state_to_string         (SlipwayNodeState          state);
const char           *slipway_node_state_get_title         (SlipwayNodeState          state);

SlipwayProgress      *slipway_progress_copy                (const SlipwayProgress    *progress);
void                  slipway_progress_free                (SlipwayProgress          *progress);
void                  slipway_cluster_status_free          (SlipwayClusterStatus     *status);
guint                 slipway_cluster_status_count         (const SlipwayClusterStatus *status,
                                                            SlipwayNodeState          state);

SlipwayProvisioner   *slipway_provisioner_new              (const char               *uri);
const char           *slipway_provisioner_get_uri          (SlipwayProvisioner       *self);
void                  slipway_provisioner_set_stop_timeout (SlipwayProvisioner       *self,
                                                            guint                     seconds);

void                  slipway_provisioner_check_async      (SlipwayProvisioner       *self,
                                                            const SlipwaySpec        *spec,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
GPtrArray            *slipway_provisioner_check_finish     (SlipwayProvisioner       *self,
                                                            GAsyncResult             *result,
                                                            SlipwaySpec             **resolved,
                                                            GError                  **error);

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
                                                            SlipwayOperation          operation,
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

void                  slipway_provisioner_status_async     (SlipwayProvisioner       *self,
                                                            const char               *cluster,
                                                            GCancellable             *cancellable,
                                                            GAsyncReadyCallback       callback,
                                                            gpointer                  user_data);
SlipwayClusterStatus *slipway_provisioner_status_finish    (SlipwayProvisioner       *self,
                                                            GAsyncResult             *result,
                                                            GError                  **error);

void                  slipway_provisioner_open_console_async  (SlipwayProvisioner    *self,
                                                               const char            *cluster,
                                                               const char            *node,
                                                               SlipwayConsoleFlags    flags,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
GVirStream           *slipway_provisioner_open_console_finish (SlipwayProvisioner    *self,
                                                               GAsyncResult          *result,
                                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayProgress, slipway_progress_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayClusterStatus, slipway_cluster_status_free)

G_END_DECLS
