/* xml-test-utils.h: what the tests of libvirt XML share
 *
 * Topologies built by hand (these tests must not depend on
 * slipway-topology.c), XPath over what Slipway writes, and libvirt's own
 * tools (virt-xml-validate, virsh), which fail a test when missing.
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libvirt/libvirt.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "slipway.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"

G_BEGIN_DECLS

#define TEST_URI "test:///default"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

SlipwayTopology *test_topology_new    (const char                *cluster,
                                       guint                      n_gateways,
                                       guint                      n_control,
                                       guint                      n_workers);
void             test_topology_free   (SlipwayTopology           *topology);
SlipwayNodeInfo *topology_node        (SlipwayTopology           *topology,
                                       guint                      id);
char            *domain_xml_for       (SlipwayTopology           *topology,
                                       guint                      id,
                                       const SlipwayDomainParams *params);

xmlXPathObject  *xpath_eval           (const char                *xml,
                                       const char                *expr);
char            *xpath_string         (const char                *xml,
                                       const char                *expr);
int              xpath_count          (const char                *xml,
                                       const char                *expr);

char            *find_tool            (const char                *name,
                                       const char                *package);
char            *write_temp_xml       (const char                *xml);
int              run_tool             (const char * const        *argv,
                                       char                     **output);
void             assert_tool_succeeds (const char * const        *argv,
                                       const char                *xml);
void             assert_valid         (const char                *xml,
                                       const char                *schema);
virConnectPtr    open_test_driver     (void);

typedef SlipwayTopology TestTopology;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestTopology, test_topology_free)

#define assert_xpath_str(xml, expr, expected) \
  G_STMT_START { \
    g_autofree char *_value = xpath_string ((xml), (expr)); \
    if (g_strcmp0 (_value, (expected)) != 0) \
      g_test_message ("In:\n%s", (xml)); \
    g_assert_cmpstr (_value, ==, (expected)); \
  } G_STMT_END

#define assert_xpath_count(xml, expr, expected) \
  G_STMT_START { \
    int _count = xpath_count ((xml), (expr)); \
    if (_count != (expected)) \
      g_test_message ("count(%s) in:\n%s", (expr), (xml)); \
    g_assert_cmpint (_count, ==, (expected)); \
  } G_STMT_END

G_END_DECLS
