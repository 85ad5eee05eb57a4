/* slipway-types.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

/* Every public enum and flags type of libslipway. Each gets a GType from
 * gnome.mkenums_simple() in slipway-enums.h (SLIPWAY_TYPE_ROLE…), which this
 * header includes at its end. */

/* Roles in id order: gateways get the lowest node ids, then control, then worker. */
typedef enum
{
  SLIPWAY_ROLE_GATEWAY,
  SLIPWAY_ROLE_CONTROL,
  SLIPWAY_ROLE_WORKER,
} SlipwayRole;

#define SLIPWAY_N_ROLES 3

typedef enum
{
  SLIPWAY_NETWORK_NAT,
  SLIPWAY_NETWORK_ISOLATED,
} SlipwayNetworkMode;

typedef enum
{
  SLIPWAY_ACCELERATOR_AUTO,
  SLIPWAY_ACCELERATOR_KVM,
  SLIPWAY_ACCELERATOR_TCG,
} SlipwayAccelerator;

/* What balances the Kubernetes API on the gateway (docs/cluster-file.md). */
typedef enum
{
  SLIPWAY_LOAD_BALANCER_HAPROXY,
  SLIPWAY_LOAD_BALANCER_IPVS,
  SLIPWAY_LOAD_BALANCER_NONE,
} SlipwayLoadBalancer;
/* The architecture of a node's virtual machine. DEFAULT: for a cluster the
 * host's own, for a role the cluster's. */
typedef enum
{
  SLIPWAY_ARCH_DEFAULT,
  SLIPWAY_ARCH_X86_64,
  SLIPWAY_ARCH_AARCH64,
  SLIPWAY_ARCH_I686,            /* all libvirt's test driver runs */
} SlipwayArch;

#define SLIPWAY_N_ARCHES 4

/* What an operation does to a cluster. */
typedef enum
{
  SLIPWAY_OPERATION_CREATE,
  SLIPWAY_OPERATION_START,
  SLIPWAY_OPERATION_STOP,
  SLIPWAY_OPERATION_FORCE_OFF,
  SLIPWAY_OPERATION_RESET,
  SLIPWAY_OPERATION_DESTROY,
  SLIPWAY_OPERATION_REBUILD,              /* fresh disks, boot again */
  SLIPWAY_OPERATION_SAVE_CHECKPOINT,
  SLIPWAY_OPERATION_RESTORE_CHECKPOINT,
  SLIPWAY_OPERATION_DELETE_CHECKPOINT,
} SlipwayOperationKind;

typedef enum
{
  SLIPWAY_NODE_STATE_MISSING,        /* no domain: not created, or destroyed */
  SLIPWAY_NODE_STATE_STOPPED,
  SLIPWAY_NODE_STATE_RUNNING,
  SLIPWAY_NODE_STATE_PAUSED,
  SLIPWAY_NODE_STATE_SHUTTING_DOWN,
  SLIPWAY_NODE_STATE_CRASHED,
} SlipwayNodeState;

/**
 * SlipwayClusterState:
 * @SLIPWAY_CLUSTER_STATE_MISSING: there is no such cluster: its network is
 *   not defined (not created yet, or destroyed)
 * @SLIPWAY_CLUSTER_STATE_CREATING: the network is defined but some nodes
 *   have no virtual machine yet: a create runs, or one stopped half way and
 *   creating again resumes it
 * @SLIPWAY_CLUSTER_STATE_STOPPED: every node exists, none runs
 * @SLIPWAY_CLUSTER_STATE_PARTIAL: every node exists, some run and some do not
 * @SLIPWAY_CLUSTER_STATE_RUNNING: every node runs
 * @SLIPWAY_CLUSTER_STATE_CRASHED: a node crashed; start or reset it
 *
 * What the cluster as a whole is, read from its nodes. Whether an operation
 * runs on it is a separate fact (an operation in progress does not change
 * the state by itself; what it does to the nodes does).
 */
typedef enum
{
  SLIPWAY_CLUSTER_STATE_MISSING,
  SLIPWAY_CLUSTER_STATE_CREATING,
  SLIPWAY_CLUSTER_STATE_STOPPED,
  SLIPWAY_CLUSTER_STATE_PARTIAL,
  SLIPWAY_CLUSTER_STATE_RUNNING,
  SLIPWAY_CLUSTER_STATE_CRASHED,
} SlipwayClusterState;

/**
 * SlipwayReadiness:
 * @SLIPWAY_READINESS_MISSING: the node has no domain
 * @SLIPWAY_READINESS_DEFINED: the domain exists and is not running
 * @SLIPWAY_READINESS_RUNNING: the domain runs; no address yet
 * @SLIPWAY_READINESS_LEASED: the node holds its reserved address
 * @SLIPWAY_READINESS_SSH_PORT: its SSH port accepts connections
 * @SLIPWAY_READINESS_SSH_AUTHENTICATED: SSH login with the cluster key works,
 *   and the host key is the pinned one
 * @SLIPWAY_READINESS_READY: cloud-init has finished
 * @SLIPWAY_READINESS_HOST_KEY_MISMATCH: the node answers with a host key that
 *   is not the one Slipway gave it; it is not trusted
 * @SLIPWAY_READINESS_READY_WITH_ERRORS: cloud-init has finished and reported
 *   errors (#SlipwayNode:cloud-init-errors); SSH login works
 *
 * Observed, in this order, as a node boots. Each step is seen, not guessed.
 */
typedef enum
{
  SLIPWAY_READINESS_MISSING,
  SLIPWAY_READINESS_DEFINED,
  SLIPWAY_READINESS_RUNNING,
  SLIPWAY_READINESS_LEASED,
  SLIPWAY_READINESS_SSH_PORT,
  SLIPWAY_READINESS_SSH_AUTHENTICATED,
  SLIPWAY_READINESS_READY,
  SLIPWAY_READINESS_HOST_KEY_MISMATCH,
  SLIPWAY_READINESS_READY_WITH_ERRORS,
} SlipwayReadiness;

/* A node's serial console, as a client of it sees it. */
typedef enum
{
  SLIPWAY_CONSOLE_STATUS_OFF,          /* the node does not run: nothing to connect to */
  SLIPWAY_CONSOLE_STATUS_CONNECTING,
  SLIPWAY_CONSOLE_STATUS_CONNECTED,
  SLIPWAY_CONSOLE_STATUS_RETRYING,     /* lost or refused; tries again by itself */
  SLIPWAY_CONSOLE_STATUS_BUSY,         /* another program has it; tries again, never takes it */
} SlipwayConsoleStatus;

typedef enum /*< flags >*/
{
  SLIPWAY_DESTROY_FLAGS_NONE         = 0,
  SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE = 1 << 0,   /* also the base image, if no other cluster uses it */
  SLIPWAY_DESTROY_FLAGS_DELETE_KEYS  = 1 << 1,   /* also the local key folder */
} SlipwayDestroyFlags;

typedef enum /*< flags >*/
{
  SLIPWAY_CONSOLE_FLAGS_NONE  = 0,
  SLIPWAY_CONSOLE_FLAGS_FORCE = 1 << 0,   /* take the console from whoever has it */
} SlipwayConsoleFlags;

/**
 * SlipwayExportFormat:
 * @SLIPWAY_EXPORT_FORMAT_SSH_CONFIG: the cluster's ssh_config
 * @SLIPWAY_EXPORT_FORMAT_ANSIBLE: an Ansible inventory in INI form
 * @SLIPWAY_EXPORT_FORMAT_HOSTS: lines for /etc/hosts
 *
 * What `slipwayctl export --format` prints and the window's Export saves;
 * the nicks are the names on the command line.
 */
typedef enum
{
  SLIPWAY_EXPORT_FORMAT_SSH_CONFIG,
  SLIPWAY_EXPORT_FORMAT_ANSIBLE,
  SLIPWAY_EXPORT_FORMAT_HOSTS,
} SlipwayExportFormat;

const char          *slipway_role_to_string           (SlipwayRole           role);
gboolean             slipway_role_from_string         (const char           *str,
                                                       SlipwayRole          *role);
const char          *slipway_role_get_title           (SlipwayRole           role);
const char          *slipway_network_mode_to_string   (SlipwayNetworkMode    mode);
gboolean             slipway_network_mode_from_string (const char           *str,
                                                       SlipwayNetworkMode   *mode);
const char          *slipway_accelerator_to_string    (SlipwayAccelerator    accel);
gboolean             slipway_accelerator_from_string  (const char           *str,
                                                       SlipwayAccelerator   *accel);

const char          *slipway_load_balancer_to_string  (SlipwayLoadBalancer   lb);
gboolean             slipway_load_balancer_from_string (const char          *str,
                                                        SlipwayLoadBalancer *lb);
const char          *slipway_arch_to_string           (SlipwayArch           arch);
gboolean             slipway_arch_from_string         (const char           *str,
                                                       SlipwayArch          *arch);
const char          *slipway_arch_get_title           (SlipwayArch           arch);

const char          *slipway_operation_kind_to_string (SlipwayOperationKind  kind);

const char          *slipway_node_state_to_string     (SlipwayNodeState      state);
const char          *slipway_node_state_get_title     (SlipwayNodeState      state);
gboolean             slipway_node_state_is_active     (SlipwayNodeState      state);

const char          *slipway_cluster_state_to_string  (SlipwayClusterState   state);
const char          *slipway_cluster_state_get_title  (SlipwayClusterState   state);
SlipwayClusterState  slipway_cluster_state_from_nodes (gboolean               network_defined,
                                                       const SlipwayNodeState *states,
                                                       guint                  n_states);

const char          *slipway_readiness_to_string      (SlipwayReadiness      readiness);
const char          *slipway_readiness_get_title      (SlipwayReadiness      readiness);

const char          *slipway_console_status_to_string (SlipwayConsoleStatus  status);
const char          *slipway_export_format_to_string  (SlipwayExportFormat   format);
gboolean             slipway_export_format_from_string (const char          *str,
                                                        SlipwayExportFormat *format);

G_END_DECLS

#include "slipway-enums.h"
