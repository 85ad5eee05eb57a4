/* slipway-host.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include "slipway-spec.h"

G_BEGIN_DECLS

/**
 * SlipwaySubnetUse:
 * @network: host byte order
 * @owner: who uses it, for messages: "the host route on eth0",
 *   "the libvirt network “default”"
 * @cluster: the Slipway cluster owning it, or %NULL
 */
typedef struct
{
  guint32  network;
  guint    prefix;
  char    *owner;
  char    *cluster;
} SlipwaySubnetUse;

/**
 * SlipwayHostInfo:
 *
 * Facts about the host that validation of a spec needs and that can only be
 * gathered with I/O (routes, libvirt networks, memory). The provisioner fills
 * it in a worker thread; checking a spec against it is pure.
 */
typedef struct
{
  GPtrArray *subnets;          /* SlipwaySubnetUse* */
  GPtrArray *mac_prefixes;     /* SlipwaySubnetUse* reused: network = 16-bit prefix, owner = cluster */
  guint64    memory_bytes;     /* 0: unknown */
  guint64    memory_free_bytes;    /* what is free now; 0: unknown */
  guint      n_cpus;           /* 0: unknown */
  guint64    pool_capacity_bytes;  /* the size of the storage pool's file system; 0: unknown */
  char      *pool_name;        /* the pool that size is of */
  guint64    pool_allocation_bytes;  /* how much of it is in use now */
  char      *pool_missing;     /* the pool a spec names that is not there or not started */
  SlipwayArch host_arch;       /* the host's own; DEFAULT: unknown */
  gboolean   arches[SLIPWAY_N_ARCHES];  /* those libvirt runs guests of */
} SlipwayHostInfo;

/* A node may have at most this many times the host's memory. */
#define SLIPWAY_MEMORY_OVERCOMMIT_LIMIT 4

SlipwayHostInfo *slipway_host_info_new            (void);
void             slipway_host_info_free           (SlipwayHostInfo       *info);
void             slipway_host_info_add_subnet     (SlipwayHostInfo       *info,
                                                   guint32                network,
                                                   guint                  prefix,
                                                   const char            *owner,
                                                   const char            *cluster);
void             slipway_host_info_add_mac_prefix (SlipwayHostInfo       *info,
                                                   const guint8           bytes[2],
                                                   const char            *cluster);
gboolean         slipway_host_info_add_routes     (SlipwayHostInfo       *info,
                                                   const char            *proc_net_route,
                                                   GError               **error);
gboolean         slipway_host_info_add_meminfo    (SlipwayHostInfo       *info,
                                                   const char            *proc_meminfo,
                                                   GError               **error);
void             slipway_host_info_check_spec     (const SlipwayHostInfo *info,
                                                   const SlipwaySpec     *spec,
                                                   GPtrArray             *problems);
void             slipway_host_info_check_spec_without_files
                                                  (const SlipwayHostInfo *info,
                                                   const SlipwaySpec     *spec,
                                                   GPtrArray             *problems);
char            *slipway_host_info_pick_subnet    (const SlipwayHostInfo *info,
                                                   const char            *cluster);

SlipwayArch      slipway_image_guess_arch         (const char            *path_or_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayHostInfo, slipway_host_info_free)

/* The version of the libvirt library Slipway runs with, for people. */
char *slipway_get_libvirt_version (void);

G_END_DECLS
