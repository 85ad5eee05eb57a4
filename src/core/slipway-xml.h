/* slipway-xml.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <libvirt-gconfig/libvirt-gconfig.h>

#include "slipway-topology.h"

G_BEGIN_DECLS

/* Every libvirt object Slipway makes carries metadata in this namespace. */
#define SLIPWAY_XML_NS        "https://slipway.github.io/xmlns/libvirt/1"
#define SLIPWAY_XML_NS_PREFIX "slipway"

/**
 * SlipwayDomainParams:
 *
 * What the host decides for a domain: taken from libvirt's capabilities and
 * from the storage pool. Borrowed strings.
 */
typedef struct
{
  const char *virt_type;        /* "kvm", "qemu" or, on the test driver, "test" */
  const char *arch;             /* "x86_64" */
  const char *machine;          /* NULL: the hypervisor's default */
  const char *overlay_path;     /* the node's qcow2 overlay volume */
  const char *seed_path;        /* the node's NoCloud seed volume (raw ISO) */
} SlipwayDomainParams;

char                  *slipway_xml_network              (const SlipwayTopology     *topology,
                                                         SlipwayNetworkMode         mode,
                                                         const char                *spec_data);
GVirConfigDomain      *slipway_xml_domain               (const SlipwayTopology     *topology,
                                                         const SlipwayNodeInfo     *node,
                                                         const SlipwayDomainParams *params);
GVirConfigStoragePool *slipway_xml_pool                 (const char                *name,
                                                         const char                *path);
GVirConfigStorageVol  *slipway_xml_volume               (const char                *name,
                                                         guint64                    capacity,
                                                         const char                *format);
GVirConfigStorageVol  *slipway_xml_overlay_volume       (const char                *name,
                                                         guint64                    capacity,
                                                         const char                *backing_path,
                                                         const char                *backing_format);

/* Reading our metadata back. Each returns FALSE when the object is not Slipway's. */
gboolean               slipway_xml_parse_network        (const char                *network_xml,
                                                         char                     **cluster,
                                                         char                     **spec_data);
gboolean               slipway_xml_parse_domain         (const char                *domain_xml,
                                                         char                     **cluster,
                                                         SlipwayRole               *role,
                                                         guint                     *node_id);

G_END_DECLS
