/* provisioner-fixture.h: a provisioner on libvirt's test driver, with
 * its progress recorded, for test-provisioner and test-parallel
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libvirt/libvirt.h>

#include "slipway.h"
#include "slipway-provisioner-private.h"

#define TEST_URI "test:///default"

/* test:///default keeps its state while any connection to it is open: the
 * program holds this one, to look behind the provisioner's back. */
extern virConnectPtr observer;

typedef struct
{
  SlipwayProvisioner *provisioner;
  char               *image;
  GPtrArray          *progress;       /* SlipwayProgress* */
  GCancellable       *cancel_at_step; /* cancelled when a progress step matches */
  const char         *cancel_step;
} Fixture;

/* Before g_test_run(). */
void                  provisioner_fixture_init (void);
void                  fixture_set_up          (Fixture              *fixture,
                                               gconstpointer         data);
void                  fixture_tear_down       (Fixture              *fixture,
                                               gconstpointer         data);
/* A gateway, a control node and two workers, 512 MiB each. */
SlipwaySpec          *small_spec              (Fixture              *fixture,
                                               const char           *name);
gboolean              do_create               (Fixture              *fixture,
                                               const SlipwaySpec    *spec,
                                               GCancellable         *cancellable,
                                               GError              **error);
gboolean              do_run                  (Fixture              *fixture,
                                               SlipwayOperationKind  operation,
                                               const char           *cluster,
                                               const char * const   *targets,
                                               GError              **error);
gboolean              do_destroy              (Fixture              *fixture,
                                               const char           *cluster,
                                               SlipwayDestroyFlags   flags,
                                               GError              **error);
SlipwayClusterStatus *do_status               (Fixture              *fixture,
                                               const char           *cluster,
                                               GError              **error);
GPtrArray            *do_list                 (Fixture              *fixture,
                                               GError              **error);
/* Names of every libvirt object that mentions @cluster. */
GPtrArray            *objects_of              (const char           *cluster);
void                  assert_no_objects       (const char           *cluster);
/* Per node, node_fraction never falls and ends at exactly 1; returns how
 * many nodes reported. */
guint                 assert_node_fractions   (GPtrArray            *progress);
