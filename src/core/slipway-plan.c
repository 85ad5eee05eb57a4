/* slipway-plan.c: what creating a cluster will make, before it is made
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-host-private.h"
#include "slipway-load-balancer.h"
#include "slipway-plan-private.h"
#include "slipway-problem.h"
#include "slipway-topology-private.h"
#include "slipway-xml.h"

/**
 * SlipwayPlan:
 *
 * A cluster spec checked once, with its subnet resolved, and everything
 * create derives from it: the topology, the network XML, each node's
 * cloud-init user-data and the cluster file. The wizard's preview and the
 * engine's create render from the same plan, so the preview is what
 * create makes. Immutable once made.
 */
struct _SlipwayPlan
{
  GObject          parent_instance;

  SlipwaySpec     *spec;       /* resolved: subnet picked */
  SlipwayTopology *topology;   /* NULL while there are errors */
  GPtrArray       *problems;
};

G_DEFINE_FINAL_TYPE (SlipwayPlan, slipway_plan, G_TYPE_OBJECT)

static void
slipway_plan_finalize (GObject *object)
{
  SlipwayPlan *self = SLIPWAY_PLAN (object);

  g_clear_pointer (&self->spec, slipway_spec_free);
  g_clear_pointer (&self->topology, slipway_topology_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (slipway_plan_parent_class)->finalize (object);
}

static void
slipway_plan_class_init (SlipwayPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = slipway_plan_finalize;
}

static void
slipway_plan_init (SlipwayPlan *self)
{
  self->problems = slipway_problems_new ();
}

/* Private: @stored_subnet is the subnet an earlier attempt at this cluster
 * picked (read from libvirt in a worker); resuming keeps it. */
SlipwayPlan *
_slipway_plan_new_full (const SlipwaySpec     *spec,
                        const SlipwayHostInfo *host,
                        const char            *stored_subnet,
                        gboolean               check_files)
{
  g_autoptr(SlipwayPlan) self = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_PLAN, NULL);
  self->spec = slipway_spec_copy (spec);

  /* The subnet is resolved here, on the copy: @spec stays as it is. */
  if ((self->spec->subnet == NULL || self->spec->subnet[0] == '\0') &&
      slipway_is_valid_name (self->spec->name))
    {
      g_clear_pointer (&self->spec->subnet, g_free);
      if (stored_subnet != NULL)
        self->spec->subnet = g_strdup (stored_subnet);
      else if (host != NULL)
        self->spec->subnet = slipway_host_info_pick_subnet (host, self->spec->name);
    }

  /* The one validation of a create. */
  slipway_spec_validate (self->spec, self->problems);
  if (host != NULL)
    _slipway_host_info_check_spec_full (host, self->spec, check_files, self->problems);

  if (self->spec->subnet == NULL || self->spec->subnet[0] == '\0')
    g_ptr_array_add (self->problems,
                     slipway_problem_new ("cluster", "subnet", FALSE,
                                          _("No subnet is chosen yet: write one, or let "
                                            "Slipway pick a free one when it creates the "
                                            "cluster.")));

  if (!slipway_problems_has_errors (self->problems))
    self->topology = _slipway_topology_new_valid (self->spec);

  return g_steal_pointer (&self);
}

/**
 * slipway_plan_new:
 * @spec: a cluster spec; it is copied, never changed
 * @host: (nullable): the host's facts, to pick a subnet and check the spec
 *   against; slipway_connection_plan_async() passes them
 *
 * Validates @spec once. Without a subnet in @spec, one is picked from
 * @host; without @host either, the plan has a problem saying so.
 *
 * Returns: (transfer full): the plan
 */
SlipwayPlan *
slipway_plan_new (const SlipwaySpec     *spec,
                  const SlipwayHostInfo *host)
{
  return _slipway_plan_new_full (spec, host, NULL, TRUE);
}

/**
 * slipway_plan_new_without_files:
 * @spec: a cluster spec; it is copied, never changed
 * @host: (nullable): the host's facts
 *
 * Like slipway_plan_new(), but the image files are not looked at (whether
 * they exist and what they hold is left out of the problems): what a main
 * loop may call as the user types. slipway_connection_plan_async() checks
 * them too, in a worker thread.
 *
 * Returns: (transfer full): the plan
 */
SlipwayPlan *
slipway_plan_new_without_files (const SlipwaySpec     *spec,
                                const SlipwayHostInfo *host)
{
  return _slipway_plan_new_full (spec, host, NULL, FALSE);
}

/**
 * slipway_plan_get_spec:
 *
 * Returns: (transfer none): the spec create uses, its subnet resolved
 */
const SlipwaySpec *
slipway_plan_get_spec (SlipwayPlan *self)
{
  g_return_val_if_fail (SLIPWAY_IS_PLAN (self), NULL);

  return self->spec;
}

/**
 * slipway_plan_get_topology:
 *
 * Returns: (transfer none) (nullable): the nodes with their names and
 *   addresses, or %NULL while the spec has errors
 */
const SlipwayTopology *
slipway_plan_get_topology (SlipwayPlan *self)
{
  g_return_val_if_fail (SLIPWAY_IS_PLAN (self), NULL);

  return self->topology;
}

/**
 * slipway_plan_get_problems:
 *
 * Returns: (transfer none) (element-type SlipwayProblem): the errors and
 *   warnings of the spec, on this host when the plan had its facts
 */
GPtrArray *
slipway_plan_get_problems (SlipwayPlan *self)
{
  g_return_val_if_fail (SLIPWAY_IS_PLAN (self), NULL);

  return self->problems;
}

gboolean
slipway_plan_has_errors (SlipwayPlan *self)
{
  g_return_val_if_fail (SLIPWAY_IS_PLAN (self), TRUE);

  return self->topology == NULL;
}

/**
 * slipway_plan_dup_cluster_file:
 *
 * Returns: (transfer full): the resolved spec as a cluster file with
 *   comments, the file `slipwayctl init` writes
 */
char *
slipway_plan_dup_cluster_file (SlipwayPlan *self)
{
  g_return_val_if_fail (SLIPWAY_IS_PLAN (self), NULL);

  return slipway_spec_to_data (self->spec, TRUE);
}

/**
 * slipway_plan_dup_network_xml:
 *
 * The libvirt network create defines, with the spec it stores in the
 * network's metadata.
 *
 * Returns: (transfer full) (nullable): the XML, or %NULL while the spec
 *   has errors
 */
char *
slipway_plan_dup_network_xml (SlipwayPlan *self)
{
  g_autofree char *data = NULL;

  g_return_val_if_fail (SLIPWAY_IS_PLAN (self), NULL);

  if (self->topology == NULL)
    return NULL;

  data = slipway_spec_to_data (self->spec, FALSE);
  return slipway_xml_network (self->topology, self->spec->network, data);
}

/* Private: the NoCloud files of @node; create passes the real keys. */
char *
_slipway_plan_render_user_data (const SlipwaySpec      *spec,
                                const SlipwayTopology  *topology,
                                const SlipwayNodeInfo  *node,
                                const char             *cluster_key,
                                const char             *host_key_private,
                                const char             *host_key_public,
                                char                  **meta_data,
                                GError                **error)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_auto(GStrv) key_list = NULL;
  g_autofree char *instance_id = NULL;
  g_autoptr(SlipwayLbSeed) lb = NULL;
  SlipwayCloudConfig config = { 0 };

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (cluster_key != NULL, NULL);

  g_strv_builder_add (keys, cluster_key);
  if (spec->ssh_authorized_keys != NULL)
    g_strv_builder_addv (keys, (const char **)spec->ssh_authorized_keys);
  key_list = g_strv_builder_end (keys);

  instance_id = g_strdup_printf ("iid-%s", node->domain_name);
  config.instance_id = instance_id;
  config.hostname = node->name;
  config.fqdn = node->fqdn;
  config.user = spec->user;
  config.authorized_keys = (const char * const *)key_list;
  config.host_key_private = host_key_private;
  config.host_key_public = host_key_public;
  config.password_hash = spec->password_hash;
  config.console_autologin = spec->console_autologin;
  lb = slipway_lb_seed_new (topology, spec->network, node);
  slipway_lb_seed_apply (lb, &config);

  if (meta_data != NULL)
    *meta_data = slipway_cloud_init_meta_data (&config);
  return slipway_cloud_init_user_data (&config, error);
}

/**
 * slipway_plan_dup_user_data:
 * @node: a node name of the plan's topology
 * @cluster_key: (nullable): the cluster's public key, or %NULL before it
 *   exists: a placeholder shows where it goes
 *
 * The cloud-init user-data create writes into @node's seed. The node's
 * host key is made at creation and is never shown: placeholders show
 * where it goes.
 *
 * Returns: (transfer full) (nullable): the user-data, or %NULL while the
 *   spec has errors or when the plan has no node @node
 */
char *
slipway_plan_dup_user_data (SlipwayPlan *self,
                            const char  *node,
                            const char  *cluster_key)
{
  const SlipwayNodeInfo *info;
  g_autoptr(GError) error = NULL;
  char *user_data;

  g_return_val_if_fail (SLIPWAY_IS_PLAN (self), NULL);
  g_return_val_if_fail (node != NULL, NULL);

  if (self->topology == NULL || (info = slipway_topology_find_node (self->topology, node)) == NULL)
    return NULL;

  user_data = _slipway_plan_render_user_data (self->spec, self->topology, info,
                                              cluster_key != NULL
                                              ? cluster_key
                                              : _("ssh-ed25519 AAAA… (the cluster key, made when the cluster is created)"),
                                              _("(the node’s host key, made when the cluster is created)"),
                                              _("ssh-ed25519 AAAA… (the node’s host key, made when the cluster is created)"),
                                              NULL, &error);
  if (user_data == NULL)
    g_warning ("Could not render the user-data of %s: %s", node, error->message);

  return user_data;
}
