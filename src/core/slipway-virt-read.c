/* slipway-virt-read.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "slipway-error.h"
#include "slipway-job-private.h"
#include "slipway-provisioner-private.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"


/* The spec stored in the metadata of the cluster's network. Returns NULL with
 * NOT_FOUND when there is no such network, NOT_OWNED when it is not ours. */
SlipwaySpec *
_slipway_virt_load_cluster_spec (virConnectPtr   conn,
                                 const char     *cluster,
                                 gboolean       *active,
                                 GError        **error)
{
  g_autofree char *net_name = slipway_topology_network_name (cluster);
  g_autoptr(virNetwork) net = _slipway_virt_lookup_network (conn, net_name);
  g_autofree char *xml = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;

  if (net == NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("There is no cluster named “%s” on this connection."), cluster);
      return NULL;
    }

  /* No XML: the network went away since the lookup (a destroy runs). */
  xml = _slipway_virt_network_xml (net);
  if (xml == NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("There is no cluster named “%s” on this connection."), cluster);
      return NULL;
    }
  if (!slipway_xml_parse_network (xml, &owner, &data) || g_strcmp0 (owner, cluster) != 0)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED,
                   _("The libvirt network “%s” was not made by Slipway; Slipway leaves it alone. Choose another cluster name."),
                   net_name);
      return NULL;
    }

  spec = slipway_spec_new_from_data (data, -1, problems);
  if (spec == NULL || !slipway_problems_to_error (problems, net_name, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                     _("The description of cluster “%s” stored in libvirt cannot be read."), cluster);
      return NULL;
    }

  if (active != NULL)
    *active = virNetworkIsActive (net) == 1;

  return g_steal_pointer (&spec);
}

/* Which nodes hold a DHCP lease on their reserved address. Returns FALSE
 * when the driver cannot tell (the test driver). */
static gboolean
load_leases (virConnectPtr          conn,
             const SlipwayTopology *topology,
             gboolean              *leased)
{
  g_autoptr(virNetwork) net = _slipway_virt_lookup_network (conn, topology->network_name);
  virNetworkDHCPLeasePtr *leases = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int n;

  if (net == NULL)
    return FALSE;

  n = virNetworkGetDHCPLeases (net, NULL, &leases, 0);
  if (n < 0)
    {
      g_debug ("No DHCP leases from %s: %s", topology->network_name, virGetLastErrorMessage ());
      virResetLastError ();
      return FALSE;
    }

  for (int i = 0; i < n; i++)
    {
      for (guint j = 0; j < topology->nodes->len; j++)
        {
          const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, j);

          if (leases[i]->mac != NULL && leases[i]->ipaddr != NULL &&
              g_ascii_strcasecmp (leases[i]->mac, node->mac) == 0 &&
              g_strcmp0 (leases[i]->ipaddr, node->ipv4) == 0 &&
              (leases[i]->expirytime == 0 || leases[i]->expirytime > now))
            leased[j] = TRUE;
        }
      virNetworkDHCPLeaseFree (leases[i]);
    }
  free (leases);

  return TRUE;
}

SlipwayClusterStatus *
_slipway_virt_load_cluster_status (virConnectPtr   conn,
                                   const char     *cluster,
                                   GError        **error)
{
  g_autoptr(SlipwayClusterStatus) status = g_new0 (SlipwayClusterStatus, 1);

  status->name = g_strdup (cluster);
  status->spec = _slipway_virt_load_cluster_spec (conn, cluster, &status->network_active, error);
  if (status->spec == NULL)
    return NULL;

  status->topology = slipway_topology_new (status->spec, error);
  if (status->topology == NULL)
    return NULL;

  status->states = g_new0 (SlipwayNodeState, status->topology->nodes->len);
  status->domain_ids = g_new0 (guint, status->topology->nodes->len);
  status->leased = g_new0 (gboolean, status->topology->nodes->len);
  status->checkpoints = _slipway_virt_checkpoints_new ();
  for (guint i = 0; i < status->topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (status->topology->nodes, i);
      g_autoptr(virDomain) dom = _slipway_virt_lookup_domain (conn, node->domain_name);

      if (dom != NULL && !_slipway_virt_domain_belongs_to (dom, cluster, NULL))
        g_clear_pointer (&dom, virDomainFree);

      status->states[i] = _slipway_virt_domain_state (dom);
      if (dom != NULL)
        _slipway_virt_collect_checkpoints (dom, cluster, node->name, status->checkpoints);
      if (dom != NULL && status->states[i] == SLIPWAY_NODE_STATE_RUNNING)
        {
          unsigned int id = virDomainGetID (dom);

          status->domain_ids[i] = id != (unsigned int)-1 ? id : 0;
        }

      if (dom != NULL && !status->nvram)
        status->nvram = _slipway_virt_domain_has_nvram (dom);
      if (dom != NULL && status->virt_type == NULL)
        {
          g_autofree char *xml = _slipway_virt_domain_xml (dom);

          status->virt_type = _slipway_xpath_string (xml, "string(/domain/@type)");
        }
    }

  _slipway_virt_sort_checkpoints (status->checkpoints);
  if (status->network_active)
    status->leases_known = load_leases (conn, status->topology, status->leased);

  return g_steal_pointer (&status);
}

void
_slipway_virt_list_worker (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  SlipwayJob *job = task_data;
  g_autoptr(GPtrArray) clusters = g_ptr_array_new_with_free_func ((GDestroyNotify)slipway_cluster_status_free);
  g_autoptr(GError) error = NULL;
  virNetworkPtr *nets = NULL;
  int n_nets;

  if (!_slipway_job_connect (job, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  n_nets = virConnectListAllNetworks (job->conn, &nets, 0);
  if (n_nets < 0)
    {
      _slipway_set_virt_error (&error, _("Could not list the libvirt networks"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (int i = 0; i < n_nets; i++)
    {
      g_autofree char *xml = _slipway_virt_network_xml (nets[i]);
      g_autofree char *cluster = NULL;

      if (xml != NULL && slipway_xml_parse_network (xml, &cluster, NULL))
        {
          g_autoptr(GError) local_error = NULL;
          SlipwayClusterStatus *status = _slipway_virt_load_cluster_status (job->conn, cluster, &local_error);

          if (status != NULL)
            g_ptr_array_add (clusters, status);
          else
            g_debug ("Skipping cluster %s: %s", cluster, local_error->message);
        }
      virNetworkFree (nets[i]);
    }
  free (nets);

  g_task_return_pointer (task, g_steal_pointer (&clusters), (GDestroyNotify)g_ptr_array_unref);
}

void
_slipway_virt_status_worker (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  SlipwayJob *job = task_data;
  g_autoptr(GError) error = NULL;
  SlipwayClusterStatus *status;

  if (!_slipway_job_connect (job, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = _slipway_virt_load_cluster_status (job->conn, job->cluster, &error);
  if (status == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, status, (GDestroyNotify)slipway_cluster_status_free);
}

/* The domains whose Slipway metadata names the cluster: what is left of a
 * cluster whose network (and with it the cluster file) is gone. */
void
_slipway_virt_remains_worker (GTask        *task,
                              gpointer      source_object,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
  SlipwayJob *job = task_data;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  virDomainPtr *doms = NULL;
  int n_doms;

  if (!_slipway_job_connect (job, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  n_doms = virConnectListAllDomains (job->conn, &doms, 0);
  if (n_doms < 0)
    {
      _slipway_set_virt_error (&error, _("Could not list the virtual machines"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (int i = 0; i < n_doms; i++)
    {
      if (_slipway_virt_domain_belongs_to (doms[i], job->cluster, NULL))
        g_strv_builder_add (names, virDomainGetName (doms[i]));
      virDomainFree (doms[i]);
    }
  free (doms);

  g_task_return_pointer (task, g_strv_builder_end (names), (GDestroyNotify)g_strfreev);
}
