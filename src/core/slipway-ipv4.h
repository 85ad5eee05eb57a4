/* slipway-ipv4.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* Addresses are guint32 in host byte order: 10.77.3.0 is 0x0a4d0300. */

/* Node N has the address network + SLIPWAY_FIRST_NODE_HOST + N. */
#define SLIPWAY_FIRST_NODE_HOST 10
/* Node ids are the last byte of the MAC, and 10 + id must stay a host of a /24. */
#define SLIPWAY_MAX_NODES 244

gboolean     slipway_ipv4_parse_address     (const char  *str,
                                             guint32     *address);
gboolean     slipway_ipv4_parse_cidr        (const char  *cidr,
                                             guint32     *network,
                                             guint       *prefix,
                                             GError     **error);
char        *slipway_ipv4_to_string         (guint32      address);
char        *slipway_ipv4_format_cidr       (guint32      network,
                                             guint        prefix);
guint32      slipway_ipv4_prefix_to_mask    (guint        prefix);
gboolean     slipway_ipv4_mask_to_prefix    (guint32      mask,
                                             guint       *prefix);
guint64      slipway_ipv4_subnet_size       (guint        prefix);
gboolean     slipway_ipv4_is_private        (guint32      network,
                                             guint        prefix);
gboolean     slipway_ipv4_overlaps          (guint32      a,
                                             guint        a_prefix,
                                             guint32      b,
                                             guint        b_prefix);
guint        slipway_ipv4_max_nodes         (guint        prefix);
const char  *slipway_ipv4_find_reserved     (guint32      network,
                                             guint        prefix,
                                             guint32     *reserved_network,
                                             guint       *reserved_prefix);

G_END_DECLS
