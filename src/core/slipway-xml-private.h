/* slipway-xml-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-xml-private.h is private to libslipway and its tests."
#endif

#include <libvirt-gconfig/libvirt-gconfig.h>

#include "slipway-topology.h"
#include "slipway-xml.h"

G_BEGIN_DECLS

/* Every libvirt object Slipway makes carries metadata in this namespace. */
#define SLIPWAY_XML_NS        "https://slipway.github.io/xmlns/libvirt/1"
#define SLIPWAY_XML_NS_PREFIX "slipway"

/* Bump only with a reader for the old version: parse_network() refuses
 * versions it does not know, and the engine then treats the network as
 * somebody else's.
 */
#define SLIPWAY_XML_METADATA_VERSION "1"

/**
 * SlipwayDomainParams:
 *
 * What the host decides for a domain: taken from libvirt's capabilities and
 * from the storage pool. Borrowed strings.
 */
typedef struct
{
  const char *virt_type;        /* "kvm", "qemu" or, on the test driver, "test" */
  const char *arch;             /* "x86_64", "aarch64" */
  const char *machine;          /* NULL: the hypervisor's default */
  const char *cpu_model;        /* NULL: the default; else emulated, e.g. "cortex-a57" */
  gboolean    efi;              /* UEFI firmware, chosen by libvirt (aarch64) */
  const char *overlay_path;     /* the node's qcow2 overlay volume */
  const char *seed_path;        /* the node's NoCloud seed volume (raw ISO) */
  const char *console_log;      /* NULL, or where libvirt keeps the serial port's output
                                 * from the domain's start (_slipway_console_log_path()) */
  gboolean    io_uring;         /* the overlay's I/O through Linux io_uring, not QEMU's threads */
} SlipwayDomainParams;

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

/* Evaluates @expr on the XML document @xml and returns the string value of
 * every node it selects, in document order; an empty array when nothing
 * matches, %NULL when @xml is not well-formed. The prefix "slipway" is bound
 * to SLIPWAY_XML_NS. */
GStrv                  _slipway_xpath_strings           (const char                *xml,
                                                         const char                *expr);
/* The first match of @expr, or %NULL. */
char                  *_slipway_xpath_string            (const char                *xml,
                                                         const char                *expr);

G_END_DECLS
