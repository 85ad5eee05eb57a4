/* slipway-node-details.c: one look at one node, for its details
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "slipway-cluster-private.h"
#include "slipway-connection-private.h"
#include "slipway-error.h"
#include "slipway-job-private.h"
#include "slipway-node-details.h"
#include "slipway-paths-private.h"
#include "slipway-paths.h"
#include "slipway-ssh.h"
#include "slipway-virt-private.h"
#include "slipway-xpath-private.h"

/* What the model does not hold about a node (its disk's allocation, its
 * DHCP lease, its uptime, the fingerprint of its pinned host key) is
 * looked up here, in a worker thread: libvirt, the cluster folder and, for
 * the uptime of a node that accepts SSH logins, one short ssh. */

G_DEFINE_BOXED_TYPE (SlipwayNodeDetails, slipway_node_details,
                     slipway_node_details_copy, slipway_node_details_free)

SlipwayNodeDetails *
slipway_node_details_copy (const SlipwayNodeDetails *details)
{
  SlipwayNodeDetails *copy;

  g_return_val_if_fail (details != NULL, NULL);

  copy = g_memdup2 (details, sizeof *details);
  copy->node = g_strdup (details->node);
  copy->mac = g_strdup (details->mac);
  copy->ipv4 = g_strdup (details->ipv4);
  copy->fqdn = g_strdup (details->fqdn);
  copy->host_key_fingerprint = g_strdup (details->host_key_fingerprint);

  return copy;
}

void
slipway_node_details_free (SlipwayNodeDetails *details)
{
  if (details == NULL)
    return;

  g_free (details->node);
  g_free (details->mac);
  g_free (details->ipv4);
  g_free (details->fqdn);
  g_free (details->host_key_fingerprint);
  g_free (details);
}

/**
 * slipway_ssh_key_fingerprint:
 * @public_key: an OpenSSH public key line, "ssh-ed25519 AAAA… comment"
 *
 * Returns: (transfer full): its SHA256 fingerprint as `ssh-keygen -l`
 *   prints it, "SHA256:" and the unpadded base64 of the key blob's digest,
 *   or %NULL with @error set when @public_key is not a key line
 */
char *
slipway_ssh_key_fingerprint (const char  *public_key,
                             GError     **error)
{
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree guchar *blob = NULL;
  g_autofree char *encoded = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gsize blob_len = 0;
  gsize len;

  g_return_val_if_fail (public_key != NULL, NULL);

  line = g_strstrip (g_strdup (public_key));
  words = g_strsplit_set (line, " \t", 3);
  if (g_strv_length (words) >= 2)
    blob = g_base64_decode (words[1], &blob_len);

  if (blob == NULL || blob_len < 4)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS,
                   _("This is not an SSH public key."));
      return NULL;
    }

  {
    g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

    g_checksum_update (checksum, blob, blob_len);
    g_checksum_get_digest (checksum, digest, &digest_len);
  }

  encoded = g_base64_encode (digest, digest_len);
  len = strlen (encoded);
  while (len > 0 && encoded[len - 1] == '=')
    encoded[--len] = '\0';

  return g_strconcat ("SHA256:", encoded, NULL);
}

/* ------------------------------------------------------------------------ */
/* The look, in a worker thread                                             */

typedef struct
{
  SlipwayProvisioner *provisioner;
  SlipwayNodeDetails *details;      /* filled in by the worker */
  char               *cluster;
  char               *domain_name;
  char               *network_name;
  char               *ssh_config;   /* NULL: no ssh (not running, not ready, test driver) */
} Look;

static void
look_free (Look *look)
{
  g_clear_object (&look->provisioner);
  g_clear_pointer (&look->details, slipway_node_details_free);
  g_free (look->cluster);
  g_free (look->domain_name);
  g_free (look->network_name);
  g_free (look->ssh_config);
  g_free (look);
  /* The task that owned @look let go of the cluster before this. */
  _slipway_worker_release ();
}

static void
look_at_domain (Look          *look,
                virConnectPtr  conn)
{
  g_autoptr(virDomain) dom = _slipway_virt_lookup_domain (conn, look->domain_name);
  virDomainInfo info;

  if (dom == NULL || virDomainGetInfo (dom, &info) < 0)
    return;

  look->details->vcpus = info.nrVirtCpu;
  look->details->memory_bytes = (guint64)info.maxMem * 1024;
}

static void
look_at_disk (Look          *look,
              virConnectPtr  conn)
{
  g_autoptr(virDomain) dom = _slipway_virt_lookup_domain (conn, look->domain_name);
  g_autoptr(virStorageVol) vol = NULL;
  g_autofree char *xml = dom != NULL ? _slipway_virt_domain_xml (dom) : NULL;
  g_autofree char *path = NULL;
  virStorageVolInfo info;

  /* The node's first disk, its overlay, in whichever pool the cluster uses. */
  path = xml != NULL ? _slipway_xpath_string (xml, "string(/domain/devices/disk[@device='disk'][1]/source/@file)") : NULL;
  if (path == NULL || path[0] == '\0')
    return;

  vol = virStorageVolLookupByPath (conn, path);
  if (vol == NULL || virStorageVolGetInfo (vol, &info) < 0)
    {
      virResetLastError ();
      return;
    }

  look->details->disk_capacity = info.capacity;
  look->details->disk_allocation = info.allocation;
}

static void
look_at_lease (Look          *look,
               virConnectPtr  conn)
{
  g_autoptr(virNetwork) net = _slipway_virt_lookup_network (conn, look->network_name);
  virNetworkDHCPLeasePtr *leases = NULL;
  int n;

  if (net == NULL)
    return;

  n = virNetworkGetDHCPLeases (net, look->details->mac, &leases, 0);
  if (n < 0)
    {
      g_debug ("No DHCP leases from %s: %s", look->network_name, virGetLastErrorMessage ());
      virResetLastError ();
      return;
    }

  look->details->lease_known = TRUE;
  for (int i = 0; i < n; i++)
    {
      if (!look->details->leased && g_strcmp0 (leases[i]->ipaddr, look->details->ipv4) == 0)
        {
          look->details->leased = TRUE;
          look->details->lease_expiry = leases[i]->expirytime;
        }
      virNetworkDHCPLeaseFree (leases[i]);
    }
  free (leases);
}

static void
look_at_uptime (Look         *look,
                GCancellable *cancellable)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) ssh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  double seconds;
  char *end;

  if (look->ssh_config == NULL)
    return;

  argv = slipway_ssh_batch_argv (look->ssh_config, look->details->node, "cat /proc/uptime");
  ssh = g_subprocess_newv ((const char * const *)argv,
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error);
  if (ssh == NULL ||
      !g_subprocess_communicate_utf8 (ssh, NULL, cancellable, &out, NULL, &error) ||
      !g_subprocess_get_successful (ssh))
    {
      g_debug ("No uptime from %s: %s", look->details->node,
               error != NULL ? error->message : "ssh failed");
      return;
    }

  seconds = g_ascii_strtod (out, &end);
  if (end != out && seconds >= 0)
    look->details->uptime_seconds = (gint64)seconds;
}

static void
look_at_host_key (Look *look)
{
  g_autofree char *dir = slipway_cluster_dir (look->cluster);
  g_autofree char *name = g_strconcat (HOST_KEY_PREFIX, look->details->node, ".pub", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;

  if (g_file_get_contents (path, &contents, NULL, NULL))
    look->details->host_key_fingerprint = slipway_ssh_key_fingerprint (contents, NULL);
}

static void
look_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Look *look = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(virConnect) conn = _slipway_provisioner_dup_handle (look->provisioner, cancellable,
                                                                &error);

  if (conn == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  look_at_domain (look, conn);
  look_at_disk (look, conn);
  look_at_lease (look, conn);
  look_at_host_key (look);
  look_at_uptime (look, cancellable);

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&look->details),
                           (GDestroyNotify)slipway_node_details_free);
}

/**
 * slipway_cluster_query_node_details_async:
 * @node: a node name of the cluster
 *
 * Looks at @node once, in a worker thread: its domain's vCPUs and memory,
 * its disk's virtual size and allocation, its DHCP lease, the fingerprint
 * of the host key Slipway pinned for it and, when it accepts SSH logins,
 * its uptime. What cannot be known (libvirt's test driver has no leases
 * and no guests to ask) is left unknown, never guessed. Fails with
 * %SLIPWAY_ERROR_NOT_FOUND when there is no such node.
 */
void
slipway_cluster_query_node_details_async (SlipwayCluster      *self,
                                          const char          *node,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const SlipwayTopology *topology;
  const SlipwayNodeInfo *info;
  SlipwayNode *item;
  SlipwayNodeDetails *details;
  Look *look;

  g_return_if_fail (SLIPWAY_IS_CLUSTER (self));
  g_return_if_fail (node != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_cluster_query_node_details_async);

  topology = slipway_cluster_get_topology (self);
  item = slipway_cluster_find_node (self, node);
  info = topology != NULL ? slipway_topology_find_node (topology, node) : NULL;
  if (self->connection == NULL || item == NULL || info == NULL)
    {
      g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                               /* Translators: %s is a node name */
                               _("There is no node named “%s” in this cluster."), node);
      return;
    }

  details = g_new0 (SlipwayNodeDetails, 1);
  details->node = g_strdup (node);
  details->role = info->role;
  details->vcpus = info->vcpus;
  details->memory_bytes = info->memory_bytes;
  details->mac = g_strdup (info->mac);
  details->ipv4 = g_strdup (info->ipv4);
  details->fqdn = g_strdup (info->fqdn);
  details->uptime_seconds = -1;

  look = g_new0 (Look, 1);
  _slipway_worker_hold ();
  look->details = details;
  look->provisioner = g_object_ref (_slipway_connection_get_provisioner (self->connection));
  look->cluster = g_strdup (self->name);
  look->domain_name = g_strdup (info->domain_name);
  look->network_name = g_strdup (topology->network_name);
  if (slipway_node_get_ssh_ready (item) && !_slipway_provisioner_is_test (look->provisioner))
    look->ssh_config = slipway_cluster_ssh_config (self->name);
  g_task_set_task_data (task, look, (GDestroyNotify)look_free);

  g_task_run_in_thread (task, look_worker);
}

/**
 * slipway_cluster_query_node_details_finish:
 *
 * Returns: (transfer full): what the look found
 */
SlipwayNodeDetails *
slipway_cluster_query_node_details_finish (SlipwayCluster  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
