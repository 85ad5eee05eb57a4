/* slipway-load-balancer.h
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

#include "slipway-cloud-init.h"
#include "slipway-topology.h"

G_BEGIN_DECLS

/* The port of the Kubernetes API, on the balancer and on every control node. */
#define SLIPWAY_API_PORT 6443

/* What a node gets for the load balancer, owned; see slipway_lb_seed_new(). */
typedef struct
{
  GStrv       packages;   /* NULL-terminated, maybe empty */
  GArray     *files;      /* SlipwayCloudFile, strings owned in @strings */
  GPtrArray  *commands;   /* GStrv, NULL-terminated */
  GPtrArray  *strings;
} SlipwayLbSeed;

/**
 * SlipwayLbState:
 * @SLIPWAY_LB_STATE_RUNNING: the balancer runs
 * @SLIPWAY_LB_STATE_STOPPED: installed, but its service does not run
 * @SLIPWAY_LB_STATE_MISSING: not installed: a program is missing from the node
 */
typedef enum
{
  SLIPWAY_LB_STATE_RUNNING,
  SLIPWAY_LB_STATE_STOPPED,
  SLIPWAY_LB_STATE_MISSING,
} SlipwayLbState;

/* What the balancer says about itself (slipway_lb_status_parse()). */
typedef struct
{
  SlipwayLbState  state;
  char           *missing;       /* programs, space-separated, for MISSING */
  guint           backends_up;
  guint           backends;
} SlipwayLbStatus;

SlipwayLbSeed  *slipway_lb_seed_new          (const SlipwayTopology  *topology,
                                              SlipwayNetworkMode      network,
                                              const SlipwayNodeInfo  *node);
void            slipway_lb_seed_free         (SlipwayLbSeed          *seed);
void            slipway_lb_seed_apply        (const SlipwayLbSeed    *seed,
                                              SlipwayCloudConfig     *config);

char           *slipway_lb_haproxy_cfg       (const SlipwayTopology  *topology);
char           *slipway_lb_keepalived_conf   (const SlipwayTopology  *topology);
char           *slipway_lb_dup_endpoint      (const SlipwayTopology  *topology);
const SlipwayNodeInfo *slipway_lb_get_node   (const SlipwayTopology  *topology);
guint           slipway_lb_count_backends    (const SlipwayTopology  *topology);

const char     *slipway_lb_status_command    (void);
gboolean        slipway_lb_status_parse      (const char             *output,
                                              guint                   backends,
                                              SlipwayLbStatus        *status,
                                              GError                **error);
void            slipway_lb_status_clear      (SlipwayLbStatus        *status);
void            slipway_lb_status_free       (SlipwayLbStatus        *status);
void            slipway_lb_query_async       (const char             *ssh_config,
                                              const SlipwayTopology  *topology,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
SlipwayLbStatus *slipway_lb_query_finish     (GAsyncResult           *result,
                                              GError                **error);
char           *slipway_lb_status_describe   (const SlipwayLbStatus  *status,
                                              SlipwayLoadBalancer     lb,
                                              SlipwayNetworkMode      network);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayLbSeed, slipway_lb_seed_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayLbStatus, slipway_lb_status_free)

G_END_DECLS
