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

#include "slipway-topology.h"
#include "slipway-types.h"

G_BEGIN_DECLS

/* The network XML create defines for @topology, as text. Public only for
 * the wizard's review page, until a plan object renders it; everything
 * else of the XML builders is in slipway-xml-private.h. */
char *slipway_xml_network (const SlipwayTopology *topology,
                           SlipwayNetworkMode     mode,
                           const char            *spec_data);

G_END_DECLS
