/* slipway-virt-host.c
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
#include "slipway-host.h"
#include "slipway-job-private.h"
#include "slipway-plan-private.h"
#include "slipway-remote.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"


static gboolean
parse_ipv4 (const char *str,
            guint32    *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (str);
  const guint8 *b;

  if (inet == NULL || g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV4)
    return FALSE;

  b = g_inet_address_to_bytes (inet);
  *address = ((guint32)b[0] << 24) | ((guint32)b[1] << 16) | ((guint32)b[2] << 8) | b[3];
  return TRUE;
}

static void
add_network_subnets (SlipwayHostInfo *info,
                     const char      *xml,
                     const char      *owner,
                     const char      *cluster)
{
  g_auto(GStrv) ips = _slipway_xpath_strings (xml, "/network/ip[not(@family) or @family='ipv4']/@address");

  for (guint i = 0; ips != NULL && ips[i] != NULL; i++)
    {
      g_autofree char *mask_expr = g_strdup_printf ("string(/network/ip[not(@family) or @family='ipv4'][%u]/@netmask)", i + 1);
      g_autofree char *prefix_expr = g_strdup_printf ("string(/network/ip[not(@family) or @family='ipv4'][%u]/@prefix)", i + 1);
      g_autofree char *netmask = _slipway_xpath_string (xml, mask_expr);
      g_autofree char *prefix_str = _slipway_xpath_string (xml, prefix_expr);
      guint32 address, mask;
      guint prefix = 24;

      if (!parse_ipv4 (ips[i], &address))
        continue;

      if (netmask != NULL && parse_ipv4 (netmask, &mask))
        for (prefix = 0; prefix < 32 && (mask & (0x80000000u >> prefix)) != 0; prefix++)
          ;
      else if (prefix_str != NULL && prefix_str[0] != '\0')
        prefix = MIN (32, (guint)g_ascii_strtoull (prefix_str, NULL, 10));

      mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
      slipway_host_info_add_subnet (info, address & mask, prefix, owner, cluster);
    }
}

/* The IPv4 subnets on the active interfaces of a remote libvirt host: its
 * routes are not this machine's, so they are asked of libvirt. A host
 * whose libvirt has no interface driver tells nothing: logged, not fatal. */
static void
add_interface_subnets (SlipwayHostInfo *info,
                       virConnectPtr    conn)
{
  virInterfacePtr *ifaces = NULL;
  int n_ifaces;

  n_ifaces = virConnectListAllInterfaces (conn, &ifaces, VIR_CONNECT_LIST_INTERFACES_ACTIVE);
  if (n_ifaces < 0)
    {
      g_debug ("Could not list the interfaces of the libvirt host: %s", virGetLastErrorMessage ());
      virResetLastError ();
      return;
    }

  for (int i = 0; i < n_ifaces; i++)
    {
      g_autofree char *xml = virInterfaceGetXMLDesc (ifaces[i], 0);
      g_auto(GStrv) ips = NULL;
      g_auto(GStrv) prefixes = NULL;
      g_autofree char *owner = NULL;

      if (xml == NULL)
        {
          virResetLastError ();
          virInterfaceFree (ifaces[i]);
          continue;
        }

      ips = _slipway_xpath_strings (xml, "//protocol[@family='ipv4']/ip/@address");
      prefixes = _slipway_xpath_strings (xml, "//protocol[@family='ipv4']/ip/@prefix");
      /* Translators: %s is the name of a network interface, such as eth0 */
      owner = g_strdup_printf (_("the interface %s of the libvirt host"), virInterfaceGetName (ifaces[i]));
      for (guint j = 0; ips != NULL && ips[j] != NULL; j++)
        {
          guint prefix = prefixes != NULL && j < g_strv_length (prefixes)
                         ? MIN (32, (guint)g_ascii_strtoull (prefixes[j], NULL, 10)) : 24;
          guint32 address, mask;

          if (!parse_ipv4 (ips[j], &address) || prefix == 0)
            continue;
          mask = 0xffffffffu << (32 - prefix);
          slipway_host_info_add_subnet (info, address & mask, prefix, owner, NULL);
        }
      virInterfaceFree (ifaces[i]);
    }
  free (ifaces);
}

/* Routes (or a remote host's interfaces), other libvirt networks and their
 * Slipway clusters, memory. */
SlipwayHostInfo *
_slipway_virt_query_host_info (virConnectPtr   conn,
                               const char     *uri,
                               const char     *pool_name,
                               GError        **error)
{
  g_autoptr(SlipwayHostInfo) info = slipway_host_info_new ();
  virNetworkPtr *nets = NULL;
  virNodeInfo node_info;
  int n_nets;

  if (!slipway_uri_is_remote (uri) && g_file_test ("/proc/net/route", G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) local_error = NULL;

      if (!slipway_host_info_add_routes (info, "/proc/net/route", &local_error))
        g_debug ("Could not read host routes: %s", local_error->message);
    }
  else if (slipway_uri_is_remote (uri))
    {
      add_interface_subnets (info, conn);
    }

  /* Unknown when the capabilities cannot be read: nothing is checked then. */
  info->host_arch = _slipway_virt_host_arches (conn, info->arches, NULL);

  n_nets = virConnectListAllNetworks (conn, &nets, 0);
  if (n_nets < 0)
    {
      _slipway_set_virt_error (error, _("Could not list the libvirt networks"));
      return NULL;
    }

  for (int i = 0; i < n_nets; i++)
    {
      g_autofree char *xml = _slipway_virt_network_xml (nets[i]);
      g_autofree char *cluster = NULL;
      g_autofree char *owner = NULL;

      /* No XML: gone since the list was read. */
      if (xml != NULL && !slipway_xml_parse_network (xml, &cluster, NULL))
        g_clear_pointer (&cluster, g_free);

      /* Translators: %s is the name of a libvirt network */
      owner = g_strdup_printf (_("the libvirt network “%s”"), virNetworkGetName (nets[i]));
      if (xml != NULL)
        add_network_subnets (info, xml, owner, cluster);

      if (cluster != NULL)
        {
          guint8 prefix[2];

          slipway_topology_mac_prefix (cluster, prefix);
          slipway_host_info_add_mac_prefix (info, prefix, cluster);
        }

      virNetworkFree (nets[i]);
    }
  free (nets);

  /* The pool the cluster names; else Slipway's pool, or the default pool
   * its folder will be made in. */
  {
    const char *names[] = { SLIPWAY_POOL_NAME, "default", NULL };

    if (pool_name != NULL)
      {
        names[0] = pool_name;
        names[1] = NULL;
      }
    for (guint i = 0; names[i] != NULL && info->pool_name == NULL; i++)
      {
        g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, names[i]);
        virStoragePoolInfo pool_info;

        if (pool != NULL && virStoragePoolGetInfo (pool, &pool_info) == 0 && pool_info.capacity > 0)
          {
            info->pool_name = g_strdup (names[i]);
            info->pool_capacity_bytes = pool_info.capacity;
            info->pool_allocation_bytes = pool_info.allocation;
          }
        virResetLastError ();
      }
    /* Not there, or not started: its size is unknown. */
    if (pool_name != NULL && info->pool_name == NULL)
      info->pool_missing = g_strdup (pool_name);
  }

  /* 0 is an error, or nothing free: unknown either way. */
  info->memory_free_bytes = virNodeGetFreeMemory (conn);
  virResetLastError ();

  if (virNodeGetInfo (conn, &node_info) == 0)
    {
      info->memory_bytes = (guint64)node_info.memory * 1024;
      info->n_cpus = node_info.cpus;
    }
  else
    {
      virResetLastError ();
    }

  return g_steal_pointer (&info);
}

/* Fills in the subnet when unset and checks everything about @spec that
 * needs the host. Returns the problems; @spec is updated in place. */
/* The plan of @spec on this host: its facts, and the subnet an earlier
 * attempt at this cluster picked. @spec is not changed. */
SlipwayPlan *
_slipway_virt_plan (virConnectPtr       conn,
                    const char         *uri,
                    const SlipwaySpec  *spec,
                    GError            **error)
{
  g_autoptr(SlipwayHostInfo) info = NULL;
  g_autoptr(SlipwaySpec) existing = NULL;

  info = _slipway_virt_query_host_info (conn, uri, spec->pool, error);
  if (info == NULL)
    return NULL;

  /* Resuming keeps the subnet the first attempt picked. */
  if (spec->subnet == NULL && slipway_is_valid_name (spec->name))
    existing = _slipway_virt_load_cluster_spec (conn, spec->name, NULL, NULL);

  return _slipway_plan_new_full (spec, info, existing != NULL ? existing->subnet : NULL, TRUE);
}

void
_slipway_virt_query_host_worker (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  SlipwayJob *job = task_data;
  g_autoptr(GError) error = NULL;
  SlipwayHostInfo *info;

  if (_slipway_job_connect (job, cancellable, &error))
    info = _slipway_virt_query_host_info (job->conn, slipway_provisioner_get_uri (job->self), NULL, &error);
  else
    info = NULL;

  if (info == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, info, (GDestroyNotify)slipway_host_info_free);
}
