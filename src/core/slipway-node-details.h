/* slipway-node-details.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <gio/gio.h>

#include "slipway-cluster.h"
#include "slipway-types.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_NODE_DETAILS (slipway_node_details_get_type ())

/**
 * SlipwayNodeDetails:
 * @node: the node's name
 * @role: its role
 * @vcpus: virtual CPUs of its domain (of the spec when it has none)
 * @memory_bytes: memory of its domain (of the spec when it has none)
 * @disk_capacity: virtual size of its disk, 0 when it is not known
 * @disk_allocation: bytes its disk takes on the host, when @disk_capacity
 *   is known
 * @mac: its MAC address
 * @ipv4: its reserved address
 * @fqdn: its name in the cluster's DNS domain
 * @lease_known: libvirt answered for the network's DHCP leases (its test
 *   driver has none to tell)
 * @leased: a DHCP lease of @mac on @ipv4 was seen
 * @lease_expiry: when that lease ends (Unix time), 0 when it does not
 * @uptime_seconds: how long the guest has been up, -1 when not known
 * @host_key_fingerprint: (nullable): the SHA256 fingerprint of the host
 *   key Slipway pinned for the node, "SHA256:…" as ssh-keygen -l says it
 *
 * What one look at a node found, besides its live properties.
 */
typedef struct
{
  char        *node;
  SlipwayRole  role;
  guint        vcpus;
  guint64      memory_bytes;
  guint64      disk_capacity;
  guint64      disk_allocation;
  char        *mac;
  char        *ipv4;
  char        *fqdn;
  gboolean     lease_known;
  gboolean     leased;
  gint64       lease_expiry;
  gint64       uptime_seconds;
  char        *host_key_fingerprint;
} SlipwayNodeDetails;

GType               slipway_node_details_get_type   (void) G_GNUC_CONST;
SlipwayNodeDetails *slipway_node_details_copy       (const SlipwayNodeDetails *details);
void                slipway_node_details_free       (SlipwayNodeDetails       *details);

char               *slipway_ssh_key_fingerprint     (const char               *public_key,
                                                     GError                  **error);

void                slipway_cluster_query_node_details_async  (SlipwayCluster       *self,
                                                               const char           *node,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
SlipwayNodeDetails *slipway_cluster_query_node_details_finish (SlipwayCluster       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayNodeDetails, slipway_node_details_free)

G_END_DECLS
