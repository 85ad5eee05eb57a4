/* fuzz-render.c: libFuzzer target for what a parsed spec renders
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cluster file that reads and validates without errors becomes a
 * topology, the network XML with the spec inside, every node's domain
 * XML and its cloud-init meta-data and user-data: none of that may crash,
 * and the network XML must carry the spec back out.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "slipway.h"
#include "slipway-plan-private.h"
#include "slipway-xml-private.h"

#define CLUSTER_KEY "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFuzzFuzzFuzzFuzzFuzzFuzzFuzzFuzzFuzzFuzzFuzz slipway"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
render_node (const SlipwaySpec     *spec,
             const SlipwayTopology *topology,
             const SlipwayNodeInfo *node)
{
  const SlipwayDomainParams params = {
    .virt_type = "qemu",
    .arch = "x86_64",
    .overlay_path = "/var/lib/libvirt/images/slipway/overlay.qcow2",
    .seed_path = "/var/lib/libvirt/images/slipway/seed.iso",
  };
  GVirConfigDomain *domain;
  g_autoptr(GError) error = NULL;
  g_autofree char *domain_xml = NULL;
  g_autofree char *meta_data = NULL;
  g_autofree char *user_data = NULL;

  domain = slipway_xml_domain (topology, node, &params);
  if (domain == NULL)
    abort ();
  domain_xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (domain));
  g_object_unref (domain);
  if (domain_xml == NULL || !slipway_xml_parse_domain (domain_xml, NULL, NULL, NULL))
    abort ();

  user_data = _slipway_plan_render_user_data (spec, topology, node, CLUSTER_KEY, NULL, NULL, &meta_data, &error);
  if (user_data == NULL && error == NULL)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwayTopology) topology = NULL;
  g_autofree char *spec_data = NULL;
  g_autofree char *network_xml = NULL;
  g_autofree char *cluster = NULL;
  g_autofree char *carried = NULL;

  spec = slipway_spec_new_from_data ((const char *)data, size, problems);
  if (spec == NULL)
    return 0;
  slipway_spec_validate (spec, problems);
  if (slipway_problems_has_errors (problems) || spec->subnet == NULL)
    return 0;

  topology = slipway_topology_new (spec, NULL);
  if (topology == NULL)
    return 0;

  spec_data = slipway_spec_to_data (spec, FALSE);
  network_xml = slipway_xml_network (topology, spec->network, spec_data);
  if (network_xml == NULL ||
      !slipway_xml_parse_network (network_xml, &cluster, &carried) ||
      g_strcmp0 (cluster, spec->name) != 0 || g_strcmp0 (carried, spec_data) != 0)
    abort ();

  for (guint i = 0; i < topology->nodes->len; i++)
    render_node (spec, topology, g_ptr_array_index (topology->nodes, i));

  return 0;
}
