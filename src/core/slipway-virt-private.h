/* slipway-virt-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-virt-private.h is private to libslipway and its tests."
#endif

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libvirt-gconfig/libvirt-gconfig.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-host.h"
#include "slipway-job-private.h"
#include "slipway-plan.h"
#include "slipway-provisioner-private.h"
#include "slipway-spec.h"
#include "slipway-topology.h"
#include "slipway-types.h"

G_BEGIN_DECLS

/* libvirt-glib 4.0 (Debian 12) ships no g_autoptr() cleanups, and neither
 * does libvirt itself; keep them here only, so that no two headers ever
 * define the same cleanup. Add a type when you first need it.
 */

/* libvirt-gconfig */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigObject, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigCapabilities, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigCapabilitiesGuest, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigCapabilitiesHost, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomain, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainChardevSourcePty, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainConsole, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainCpu, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainCpuModel, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainDevice, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainDisk, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainDiskDriver, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainInterface, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainInterfaceNetwork, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainMemballoon, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainOs, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainSerial, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigNetwork, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStoragePermissions, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStoragePool, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStoragePoolTarget, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVol, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVolBackingStore, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigStorageVolTarget, g_object_unref)

/* libvirt-gobject */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConnection, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirDomain, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirNetwork, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirStoragePool, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirStorageVol, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirStream, g_object_unref)

/* Raw libvirt handles, e.g. from g_object_get (obj, "handle", &ptr, NULL),
 * which hands out a new reference: g_autoptr(virNetwork) net = NULL;
 */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virConnect, virConnectClose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virDomain, virDomainFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virNetwork, virNetworkFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStoragePool, virStoragePoolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStorageVol, virStorageVolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virStream, virStreamFree)

/* The storage pool a Slipway cluster keeps its volumes in, unless its
 * file names another ("pool="): Slipway makes this one when needed. */
#define SLIPWAY_POOL_NAME "slipway"
#define _slipway_virt_pool_name(spec) ((spec)->pool != NULL ? (spec)->pool : SLIPWAY_POOL_NAME)

/* slipway-virt.c: small libvirt helpers, worker threads only. */

/* Wraps libvirt's last error of this thread, with our context in front. */
void              _slipway_set_virt_error            (GError                 **error,
                                                      const char              *format,
                                                      ...) G_GNUC_PRINTF (2, 3);
gboolean          _slipway_virt_connection_lost      (virConnectPtr            conn,
                                                      const char              *uri,
                                                      GError                 **error);
char             *_slipway_virt_network_xml          (virNetworkPtr            net);
char             *_slipway_virt_domain_xml           (virDomainPtr             dom);
char             *_slipway_virt_vol_xml              (virStorageVolPtr         vol);
char             *_slipway_virt_vol_path             (virStorageVolPtr         vol);
/* Lookups return NULL, with libvirt's error cleared, when there is none. */
virDomainPtr      _slipway_virt_lookup_domain        (virConnectPtr            conn,
                                                      const char              *name);
virNetworkPtr     _slipway_virt_lookup_network       (virConnectPtr            conn,
                                                      const char              *name);
virStoragePoolPtr _slipway_virt_pool_on              (virConnectPtr            conn,
                                                      virStoragePoolPtr        pool,
                                                      GError                 **error);
virStorageVolPtr  _slipway_virt_lookup_volume        (virStoragePoolPtr        pool,
                                                      const char              *name);
virStoragePoolPtr _slipway_virt_domain_disk_pool     (virDomainPtr             dom);
gboolean          _slipway_virt_domain_belongs_to    (virDomainPtr             dom,
                                                      const char              *cluster,
                                                      guint                   *node_id);
void              _slipway_virt_domain_free          (gpointer                 dom);
SlipwayNodeState  _slipway_virt_domain_state         (virDomainPtr             dom);
gboolean          _slipway_virt_domain_is_active     (virDomainPtr             dom);
char             *_slipway_virt_overlay_volume_name  (const SlipwayNodeInfo   *node);
char             *_slipway_virt_seed_volume_name     (const SlipwayNodeInfo   *node);

/* slipway-virt-read.c: clusters read back from libvirt. */
SlipwaySpec      *_slipway_virt_load_cluster_spec    (virConnectPtr            conn,
                                                      const char              *cluster,
                                                      gboolean                *active,
                                                      GError                 **error);
SlipwayClusterStatus *_slipway_virt_load_cluster_status (virConnectPtr         conn,
                                                         const char           *cluster,
                                                         GError              **error);
/* GTask workers of slipway_provisioner_list_async() and _status_async(). */
void              _slipway_virt_list_worker          (GTask                   *task,
                                                      gpointer                 source_object,
                                                      gpointer                 task_data,
                                                      GCancellable            *cancellable);
void              _slipway_virt_remains_worker       (GTask                   *task,
                                                      gpointer                 source_object,
                                                      gpointer                 task_data,
                                                      GCancellable            *cancellable);
void              _slipway_virt_status_worker        (GTask                   *task,
                                                      gpointer                 source_object,
                                                      gpointer                 task_data,
                                                      GCancellable            *cancellable);

/* slipway-virt-checkpoint.c: the snapshots that make checkpoints. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (virDomainSnapshot, virDomainSnapshotFree)

/* An empty array of SlipwayCheckpointInfo. */
GPtrArray        *_slipway_virt_checkpoints_new      (void);
/* Adds what @dom, the domain of @node, holds to @checkpoints. */
gboolean          _slipway_virt_domain_has_nvram     (virDomainPtr             dom);
void              _slipway_virt_collect_checkpoints  (virDomainPtr             dom,
                                                      const char              *cluster,
                                                      const char              *node,
                                                      GPtrArray               *checkpoints);
/* Oldest first, then by name. */
void              _slipway_virt_sort_checkpoints     (GPtrArray               *checkpoints);
/* The snapshot of @dom that is checkpoint @name of @cluster, or NULL. */
virDomainSnapshotPtr _slipway_virt_lookup_checkpoint (virDomainPtr             dom,
                                                      const char              *cluster,
                                                      const char              *name);
/* The first disk of @dom that libvirt cannot snapshot internally (a
 * writable disk in another format than qcow2), as "target (format)", or NULL. */
char             *_slipway_virt_unsnapshottable_disk (virDomainPtr             dom);

/* slipway-virt-host.c: host facts over libvirt. */
SlipwayHostInfo  *_slipway_virt_query_host_info      (virConnectPtr            conn,
                                                      const char              *uri,
                                                      const char              *pool_name,
                                                      GError                 **error);
SlipwayPlan      *_slipway_virt_plan                 (virConnectPtr            conn,
                                                      const char              *uri,
                                                      const SlipwaySpec       *spec,
                                                      GError                 **error);
/* GTask worker of slipway_provisioner_query_host_async(). */
void              _slipway_virt_query_host_worker    (GTask                   *task,
                                                      gpointer                 source_object,
                                                      gpointer                 task_data,
                                                      GCancellable            *cancellable);

typedef gssize (*ReadFunc) (gpointer data, char *buf, gsize len, GError **error);

typedef struct
{
  GBytes *bytes;
  gsize   offset;
} BytesReader;

typedef struct
{
  char    *path;            /* local file */
  char    *format;          /* "qcow2" or "raw" */
  guint64  file_size;
  guint64  virtual_size;
  char    *checksum;        /* sha256, hex */
} ImageInfo;

/* slipway-virt-storage.c: the pool, volumes, uploads, the base image. Worker threads only. */
virStoragePoolPtr _slipway_virt_ensure_pool (virConnectPtr   conn,
                                             const char     *uri,
                                             const char     *name,
                                             GError        **error);
/* Refreshes @pool under its lock, waiting out another client's volume build. */
gboolean         _slipway_virt_refresh_pool  (virStoragePoolPtr      pool);
virStorageVolPtr _slipway_virt_create_volume (virStoragePoolPtr      pool,
                                              const char            *name,
                                              GVirConfigStorageVol  *config,
                                              GError               **error);
gboolean _slipway_virt_delete_volume (virStoragePoolPtr   pool,
                                      const char         *name,
                                      GError            **error);
gboolean _slipway_virt_upload_volume (SlipwayJob        *job,
                                      virStorageVolPtr   vol,
                                      guint64            length,
                                      ReadFunc           read_func,
                                      gpointer           read_data,
                                      const char        *node,
                                      const char        *step,
                                      double             from,
                                      double             to,
                                      GCancellable      *cancellable,
                                      GError           **error);
gssize _slipway_virt_read_bytes_cb (gpointer   data,
                                    char      *buf,
                                    gsize      len,
                                    GError   **error);
void _slipway_virt_image_info_free (ImageInfo *image);
ImageInfo *_slipway_virt_inspect_image (SlipwayJob    *job,
                                        const char    *path,
                                        GCancellable  *cancellable,
                                        GError       **error);
virStorageVolPtr _slipway_virt_find_image_base_volume (SlipwayJob         *job,
                                                       virStoragePoolPtr   pool,
                                                       const char         *path,
                                                       char              **format,
                                                       GCancellable       *cancellable);
gboolean         _slipway_virt_has_base_volume    (SlipwayJob         *job,
                                                   virStoragePoolPtr   pool,
                                                   const ImageInfo    *image);
virStorageVolPtr _slipway_virt_ensure_base_volume (SlipwayJob         *job,
                                                   virStoragePoolPtr   pool,
                                                   const ImageInfo    *image,
                                                   gboolean           *created,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImageInfo, _slipway_virt_image_info_free)

/* How the host runs nodes of one architecture (slipway-virt-guest.c). */
typedef struct
{
  char     *virt_type;          /* "kvm", "qemu" or, on the test driver, "test" */
  char     *arch;               /* libvirt's name: "x86_64", "aarch64" */
  char     *machine;            /* NULL: the hypervisor's default */
  char     *cpu_model;          /* NULL: the default (host-passthrough with KVM) */
  gboolean  efi;                /* UEFI by libvirt's firmware autoselection */
} GuestKind;

void _slipway_virt_guest_kind_free (GuestKind *kind);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuestKind, _slipway_virt_guest_kind_free)

/* Everything a node needs that is the same for all nodes of the cluster,
 * or of its role. */
typedef struct
{
  SlipwaySpec     *spec;
  SlipwayTopology *topology;
  SlipwayArch      host_arch;
  GuestKind       *guests[SLIPWAY_N_ARCHES];   /* by architecture; NULL: no node of it */
  /* The base volume each role's nodes are overlays on: a mixed lab has
   * one per image. By role; NULL for a role without nodes. */
  char            *base_path[SLIPWAY_N_ROLES];
  char            *base_format[SLIPWAY_N_ROLES];
  char            *public_key;
} ClusterPlan;

/* slipway-virt-node.c: per-node volumes and seed, domains, the network. Worker threads only. */
/* Tests only: called in the worker with every seed create and reset build,
 * as libvirt's test driver keeps no volume contents to read back. */
typedef void (*SlipwaySeedHook) (const char *node,
                                 const char *meta_data,
                                 const char *user_data);
extern SlipwaySeedHook _slipway_virt_seed_hook;

void _slipway_virt_cluster_plan_free (ClusterPlan *plan);
gboolean _slipway_virt_make_node_volumes (SlipwayJob             *job,
                                          virStoragePoolPtr       pool,
                                          const ClusterPlan      *plan,
                                          const SlipwayNodeInfo  *node,
                                          GPtrArray              *created_volumes,
                                          char                  **overlay_path,
                                          char                  **seed_path,
                                          GCancellable           *cancellable,
                                          GError                **error);
virDomainPtr _slipway_virt_define_node_domain (virConnectPtr           conn,
                                               const ClusterPlan      *plan,
                                               const SlipwayNodeInfo  *node,
                                               const char             *overlay_path,
                                               const char             *seed_path,
                                               GError                **error);
/* The last wave of an operation that starts nodes: @domains (on the job's
 * connection) of @nodes (SlipwayNodeInfo), each unless it runs already;
 * @fresh: as new machines (new UEFI settings from the template). */
gboolean _slipway_virt_start_nodes (SlipwayJob     *job,
                                    GPtrArray      *nodes,
                                    GPtrArray      *domains,
                                    gboolean        fresh,
                                    GCancellable   *cancellable,
                                    GError        **error);
gboolean _slipway_virt_force_off_domain (virDomainPtr   dom,
                                         GError       **error);
gboolean _slipway_virt_undefine_domain (virDomainPtr   dom,
                                        GError       **error);
gboolean _slipway_virt_ensure_network_active (virConnectPtr   conn,
                                              const char     *name,
                                              GError        **error);

SlipwayArch      _slipway_virt_host_arches          (virConnectPtr            conn,
                                                      gboolean                *offered,
                                                      GError                 **error);
gboolean         _slipway_virt_plan_guests          (virConnectPtr            conn,
                                                      ClusterPlan             *plan,
                                                      GError                 **error);
const GuestKind *_slipway_virt_plan_guest           (const ClusterPlan       *plan,
                                                      const SlipwayNodeInfo   *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClusterPlan, _slipway_virt_cluster_plan_free)

G_END_DECLS
