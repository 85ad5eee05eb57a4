/* slipway-topology.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include "slipway-ipv4.h"
#include "slipway-spec.h"

G_BEGIN_DECLS

/**
 * SlipwayNodeInfo:
 *
 * Everything derived about one node. Stable for a given cluster name, subnet
 * and topology: MAC, address and names never change across resets.
 */
typedef struct
{
  guint        id;
  SlipwayRole  role;
  guint        role_index;      /* 0 for control0, 1 for control1... */
  char        *name;            /* hostname: "control0" */
  char        *fqdn;            /* "control0.lab.test" */
  char        *domain_name;     /* libvirt domain: "lab-control0" */
  char        *mac;             /* "52:54:00:xx:yy:id" */
  char        *ipv4;            /* "10.77.3.11" */
  guint        vcpus;
  guint64      memory_bytes;
  guint64      disk_bytes;
  SlipwayArch  arch;            /* its role's, else the cluster's; DEFAULT: the host's */
} SlipwayNodeInfo;

/**
 * SlipwayTopology:
 *
 * The network and the nodes derived from a #SlipwaySpec whose subnet is set.
 */
typedef struct
{
  char      *cluster;
  char      *domain;            /* DNS domain */
  char      *network_name;      /* libvirt network: "slipway-lab" */
  char      *subnet;            /* canonical CIDR "10.77.3.0/24" */
  guint32    network_address;   /* host byte order */
  guint      prefix;
  char      *host_ipv4;         /* ".1", DNS name "vmhost" */
  char      *netmask;
  char      *dhcp_start;
  char      *dhcp_end;
  char      *api_ipv4;          /* DNS name "kubernetes": the IPVS address, else gateway0, else control0, else NULL */
  SlipwayLoadBalancer load_balancer; /* slipway_spec_get_load_balancer() */
  GPtrArray *nodes;             /* SlipwayNodeInfo*, in id order */
} SlipwayTopology;

SlipwayTopology       *slipway_topology_new           (const SlipwaySpec     *spec,
                                                       GError               **error);
SlipwayTopology       *slipway_topology_copy          (const SlipwayTopology *topology);
void                   slipway_topology_free          (SlipwayTopology       *topology);
guint                  slipway_topology_get_n_nodes   (const SlipwayTopology *topology);
SlipwayNodeInfo       *slipway_topology_get_node      (const SlipwayTopology *topology,
                                                       guint                  id);
SlipwayNodeInfo       *slipway_topology_find_node     (const SlipwayTopology *topology,
                                                       const char            *name);
GPtrArray             *slipway_topology_select        (const SlipwayTopology *topology,
                                                       const char * const    *targets,
                                                       GError               **error);

char                  *slipway_topology_network_name  (const char            *cluster);
char                  *slipway_topology_domain_name   (const char            *cluster,
                                                       const char            *node);
void                   slipway_topology_mac_prefix    (const char            *cluster,
                                                       guint8                 bytes[2]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayTopology, slipway_topology_free)

G_END_DECLS
