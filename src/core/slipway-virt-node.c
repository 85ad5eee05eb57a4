/* slipway-virt-node.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-cloud-init.h"
#include "slipway-console-private.h"
#include "slipway-error.h"
#include "slipway-job-private.h"
#include "slipway-keys.h"
#include "slipway-plan-private.h"
#include "slipway-remote.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"

void
_slipway_virt_cluster_plan_free (ClusterPlan *plan)
{
  g_clear_pointer (&plan->spec, slipway_spec_free);
  g_clear_pointer (&plan->topology, slipway_topology_free);
  for (guint i = 0; i < G_N_ELEMENTS (plan->guests); i++)
    _slipway_virt_guest_kind_free (plan->guests[i]);
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      g_free (plan->base_path[r]);
      g_free (plan->base_format[r]);
    }
  g_free (plan->public_key);
  g_free (plan);
}

SlipwaySeedHook _slipway_virt_seed_hook;

static GBytes *
build_seed (const ClusterPlan      *plan,
            const SlipwayNodeInfo  *node,
            GError                **error)
{
  g_autofree char *meta_data = NULL;
  g_autofree char *user_data = NULL;
  g_autofree char *host_private = NULL;
  g_autofree char *host_public = NULL;

  /* The node's own host key, the one pinned in the cluster's known_hosts;
   * the same on every reset. */
  if (!slipway_keys_ensure_host_key (plan->spec->name, node->name, &host_private, &host_public,
                                     NULL, error))
    return NULL;

  /* Rendered as the plan's preview renders it. */
  user_data = _slipway_plan_render_user_data (plan->spec, plan->topology, node, plan->public_key,
                                              host_private, host_public, &meta_data, error);
  if (user_data == NULL)
    return NULL;
  if (_slipway_virt_seed_hook != NULL)
    _slipway_virt_seed_hook (node->name, meta_data, user_data);

  return slipway_seed_iso_build (meta_data, user_data, error);
}

/* A fresh overlay and seed for @node; existing ones are replaced. */
gboolean
_slipway_virt_make_node_volumes (SlipwayJob             *job,
                                 virStoragePoolPtr       pool,
                                 const ClusterPlan      *plan,
                                 const SlipwayNodeInfo  *node,
                                 GPtrArray              *created_volumes,
                                 char                  **overlay_path,
                                 char                  **seed_path,
                                 GCancellable           *cancellable,
                                 GError                **error)
{
  g_autofree char *overlay_name = _slipway_virt_overlay_volume_name (node);
  g_autofree char *seed_name = _slipway_virt_seed_volume_name (node);
  g_autoptr(GVirConfigStorageVol) overlay_config = NULL;
  g_autoptr(GVirConfigStorageVol) seed_config = NULL;
  g_autoptr(virStorageVol) overlay = NULL;
  g_autoptr(virStorageVol) seed = NULL;
  g_autoptr(GBytes) seed_bytes = NULL;
  BytesReader reader = { 0 };

  if (!_slipway_virt_delete_volume (pool, overlay_name, error) ||
      !_slipway_virt_delete_volume (pool, seed_name, error))
    return FALSE;

  _slipway_job_progress (job, node->name, 0.0, _("Creating the disk"));
  overlay_config = slipway_xml_overlay_volume (overlay_name, node->disk_bytes,
                                               plan->base_path[node->role],
                                               plan->base_format[node->role]);
  overlay = _slipway_virt_create_volume (pool, overlay_name, overlay_config, error);
  if (overlay == NULL)
    return FALSE;
  if (created_volumes != NULL)
    g_ptr_array_add (created_volumes, g_strdup (overlay_name));

  _slipway_job_progress (job, node->name, 0.3, _("Writing the cloud-init seed"));
  seed_bytes = build_seed (plan, node, error);
  if (seed_bytes == NULL)
    return FALSE;

  seed_config = slipway_xml_volume (seed_name, g_bytes_get_size (seed_bytes), "raw");
  seed = _slipway_virt_create_volume (pool, seed_name, seed_config, error);
  if (seed == NULL)
    return FALSE;
  if (created_volumes != NULL)
    g_ptr_array_add (created_volumes, g_strdup (seed_name));

  reader.bytes = seed_bytes;
  /* Between "Writing the cloud-init seed" (0.3) and what the caller says
   * next: "Defining the virtual machine" (0.8). */
  if (!_slipway_virt_upload_volume (job, seed, g_bytes_get_size (seed_bytes), _slipway_virt_read_bytes_cb, &reader,
                                                  node->name, _("Writing the cloud-init seed"), 0.3, 0.7, cancellable, error))
    return FALSE;

  *overlay_path = _slipway_virt_vol_path (overlay);
  *seed_path = _slipway_virt_vol_path (seed);

  return TRUE;
}

/* Whether QEMU on @uri can do its disk I/O through io_uring: QEMU on this
 * machine (a remote host's kernel cannot be asked) whose kernel has not
 * turned io_uring off (kernel.io_uring_disabled, Linux 6.6). A QEMU built
 * without it is caught when the domain is defined. */
static gboolean
io_uring_usable (const char *uri)
{
  g_autofree char *disabled = NULL;
  g_autofree char *local_qemu = slipway_uri_local_qemu_path (uri);

  if (local_qemu == NULL)
    return FALSE;

  if (!g_file_get_contents ("/proc/sys/kernel/io_uring_disabled", &disabled, NULL, NULL))
    return TRUE;

  return g_str_equal (g_strstrip (disabled), "0");
}

/* Defines the domain of @params, with io_uring if libvirt takes it. */
static virDomainPtr
define_domain (virConnectPtr              conn,
               const ClusterPlan         *plan,
               const SlipwayNodeInfo     *node,
               SlipwayDomainParams       *params)
{
  g_autoptr(GVirConfigDomain) config = slipway_xml_domain (plan->topology, node, params);
  g_autofree char *xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));
  virDomainPtr dom = virDomainDefineXML (conn, xml);

  if (dom == NULL && params->io_uring)
    {
      g_debug ("Defining %s without io_uring: %s", node->domain_name, virGetLastErrorMessage ());
      virResetLastError ();
      params->io_uring = FALSE;
      return define_domain (conn, plan, node, params);
    }

  return dom;
}

virDomainPtr
_slipway_virt_define_node_domain (virConnectPtr           conn,
                                  const ClusterPlan      *plan,
                                  const SlipwayNodeInfo  *node,
                                  const char             *overlay_path,
                                  const char             *seed_path,
                                  GError                **error)
{
  g_autofree char *console_log = NULL;
  g_autofree char *log_dir = NULL;
  SlipwayDomainParams params = { 0 };
  const GuestKind *kind;
  char *uri;
  virDomainPtr dom;

  kind = _slipway_virt_plan_guest (plan, node);
  params.virt_type = kind->virt_type;
  params.arch = kind->arch;
  params.machine = kind->machine;
  params.cpu_model = kind->cpu_model;
  params.efi = kind->efi;
  params.overlay_path = overlay_path;
  params.seed_path = seed_path;

  /* Where this process can read it back, the serial port is logged from
   * each start, for consoles opened after the boot. virtlogd makes no
   * folders. */
  uri = virConnectGetURI (conn);
  console_log = _slipway_console_log_path (uri, node->domain_name);
  params.io_uring = io_uring_usable (uri);
  free (uri);
  if (console_log != NULL)
    {
      log_dir = g_path_get_dirname (console_log);
      if (g_mkdir_with_parents (log_dir, 0700) == 0)
        params.console_log = console_log;
      else
        g_debug ("Not logging the serial port of %s: cannot make %s", node->domain_name, log_dir);
    }

  dom = define_domain (conn, plan, node, &params);
  if (dom == NULL)
    _slipway_set_virt_error (error, _("Could not define the virtual machine “%s”"), node->domain_name);

  return dom;
}

gboolean
_slipway_virt_force_off_domain (virDomainPtr   dom,
                                GError       **error)
{
  if (_slipway_virt_domain_is_active (dom) && virDomainDestroy (dom) < 0)
    {
      _slipway_set_virt_error (error, _("Could not force off “%s”"), virDomainGetName (dom));
      return FALSE;
    }

  return TRUE;
}

gboolean
_slipway_virt_undefine_domain (virDomainPtr   dom,
                               GError       **error)
{
  if (!_slipway_virt_force_off_domain (dom, error))
    return FALSE;

  if (virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                   VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                   VIR_DOMAIN_UNDEFINE_NVRAM) < 0)
    {
      /* Drivers that know not all of these flags refuse them all; the
       * snapshots of checkpoints must go with the domain. */
      virResetLastError ();
      if (virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                       VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA) < 0 &&
          (virResetLastError (), virDomainUndefine (dom) < 0))
        {
          _slipway_set_virt_error (error, _("Could not remove the virtual machine “%s”"), virDomainGetName (dom));
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
_slipway_virt_ensure_network_active (virConnectPtr   conn,
                                     const char     *name,
                                     GError        **error)
{
  g_autoptr(virNetwork) net = _slipway_virt_lookup_network (conn, name);

  if (net == NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("The libvirt network “%s” is missing. Destroy the cluster and create it again."), name);
      return FALSE;
    }

  if (virNetworkIsActive (net) != 1 && virNetworkCreate (net) < 0)
    {
      _slipway_set_virt_error (error, _("Could not start the network “%s”"), name);
      return FALSE;
    }

  return TRUE;
}
