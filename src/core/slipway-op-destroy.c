/* slipway-op-destroy.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-job-private.h"
#include "slipway-keys.h"
#include "slipway-provisioner-private.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"
#include "slipway-xpath-private.h"

/* One domain of the cluster to remove. */
typedef struct
{
  virDomainPtr  dom;
  const char   *node_name;   /* of the topology, or the domain's */
  GError       *error;
} Removal;

static void
removal_free (Removal *removal)
{
  g_clear_pointer (&removal->dom, virDomainFree);
  g_clear_error (&removal->error);
  g_free (removal);
}

/* The others are still removed when one fails: it keeps its error, and
 * the first is reported. */
static gboolean
remove_domain (SlipwayJob     *job,
               virConnectPtr   conn,
               guint           index,
               gpointer        item,
               gpointer        user_data,
               GCancellable   *cancellable,
               GError        **error)
{
  Removal *removal = item;
  g_autoptr(virDomain) dom = _slipway_job_domain_on (conn, removal->dom);

  _slipway_job_progress (job, removal->node_name, 0.0, _("Removing the virtual machine"));
  if (_slipway_virt_undefine_domain (dom, &removal->error))
    _slipway_job_progress (job, removal->node_name, 1.0, _("Virtual machine removed"));
  return TRUE;
}

void
_slipway_op_destroy_worker (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  SlipwayDestroyJob *destroy = task_data;
  SlipwayJob *job = &destroy->parent;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwayTopology) topology = NULL;
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(GHashTable) volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) overlay_roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean base_seen[SLIPWAY_N_ROLES] = { FALSE, };   /* a disk of the role stood on one */
  g_autofree char *net_name = NULL;
  g_autoptr(virNetwork) net = NULL;
  g_autoptr(GPtrArray) removals = g_ptr_array_new_with_free_func ((GDestroyNotify)removal_free);
  const char *pool_name;
  g_autofree char *disk_pool_name = NULL;
  virDomainPtr *doms = NULL;
  gboolean found = FALSE;
  int n_doms;

  if (!_slipway_job_connect (job, cancellable, &error))
    goto out;

  net_name = slipway_topology_network_name (job->cluster);
  spec = _slipway_virt_load_cluster_spec (job->conn, job->cluster, NULL, &error);
  if (spec == NULL)
    {
      /* A network that is not ours stops everything; a missing one does not:
       * an interrupted create can leave domains without their network. */
      if (!g_error_matches (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND))
        goto out;
      g_clear_error (&error);
    }
  else
    {
      found = TRUE;
      topology = slipway_topology_new (spec, NULL);
    }

  pool_name = spec != NULL ? _slipway_virt_pool_name (spec) : SLIPWAY_POOL_NAME;
  pool = virStoragePoolLookupByName (job->conn, pool_name);
  if (pool == NULL)
    virResetLastError ();
  else if (!_slipway_virt_refresh_pool (pool))
    {
      /* Without it, volumes made since the last refresh would be left over. */
      _slipway_set_virt_error (&error, _("Could not refresh the storage pool “%s”"), pool_name);
      goto out;
    }

  /* Every domain whose metadata names this cluster, whatever its name. */
  _slipway_job_span (job, 0.0, 0.7);
  n_doms = virConnectListAllDomains (job->conn, &doms, 0);
  if (n_doms < 0)
    {
      _slipway_set_virt_error (&error, _("Could not list the virtual machines"));
      goto out;
    }
  for (int i = 0; i < n_doms; i++)
    {
      guint node_id = G_MAXUINT;

      if (_slipway_virt_domain_belongs_to (doms[i], job->cluster, &node_id))
        {
          Removal *removal = g_new0 (Removal, 1);

          /* Without its network the cluster's pool is unknown (it may be
           * one of the user's, "pool="): its disks say where they are. */
          if (spec == NULL && disk_pool_name == NULL)
            {
              virStoragePoolPtr disk_pool = _slipway_virt_domain_disk_pool (doms[i]);

              if (disk_pool != NULL)
                {
                  g_clear_pointer (&pool, virStoragePoolFree);
                  pool = disk_pool;
                  pool_name = disk_pool_name = g_strdup (virStoragePoolGetName (pool));
                }
            }

          removal->dom = g_steal_pointer (&doms[i]);
          removal->node_name = virDomainGetName (removal->dom);
          /* Progress names the node, as every other operation does. */
          for (guint j = 0; topology != NULL && j < topology->nodes->len; j++)
            {
              const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, j);

              if (node->id == node_id)
                removal->node_name = node->name;
            }
          g_ptr_array_add (removals, removal);
          found = TRUE;
        }
      g_clear_pointer (&doms[i], virDomainFree);
    }
  free (doms);

  if (disk_pool_name != NULL && !_slipway_virt_refresh_pool (pool))
    {
      _slipway_set_virt_error (&error, _("Could not refresh the storage pool “%s”"), pool_name);
      goto out;
    }

  _slipway_job_run_nodes (job, removals, remove_domain, NULL, NULL, NULL);
  for (guint i = 0; i < removals->len; i++)
    {
      Removal *removal = g_ptr_array_index (removals, i);
      const char *name = virDomainGetName (removal->dom);

      if (removal->error != NULL)
        {
          if (error == NULL)
            error = g_steal_pointer (&removal->error);
          continue;
        }
      g_hash_table_add (volumes, g_strdup_printf ("%s.qcow2", name));
      g_hash_table_add (volumes, g_strdup_printf ("%s-seed.iso", name));
    }

  /* What is left stays whole (its disks, the network), so that destroying
   * again can finish the job. */
  if (error != NULL)
    {
      g_prefix_error (&error, _("Cluster “%s” was not completely destroyed. "), job->cluster);
      goto out;
    }

  if (!found)
    {
      g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("There is no cluster named “%s” on this connection."), job->cluster);
      goto out;
    }

  /* Volumes are ours by name, in our pool: those of every node the cluster
   * has or had. */
  for (guint i = 0; topology != NULL && i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      char *overlay = _slipway_virt_overlay_volume_name (node);

      g_hash_table_add (volumes, overlay);
      g_hash_table_add (volumes, _slipway_virt_seed_volume_name (node));
      g_hash_table_insert (overlay_roles, g_strdup (overlay), GUINT_TO_POINTER (node->role));
    }

  _slipway_job_span (job, 0.7, 0.9);
  if (pool != NULL)
    {
      GHashTableIter iter;
      const char *name;
      g_hash_table_iter_init (&iter, volumes);
      while (g_hash_table_iter_next (&iter, (gpointer *)&name, NULL))
        {
          gpointer role;
          g_autoptr(virStorageVol) vol = _slipway_virt_lookup_volume (pool, name);
          g_autofree char *xml = NULL;
          g_autofree char *backing = NULL;

          if (vol == NULL)
            continue;

          xml = _slipway_virt_vol_xml (vol);
          backing = _slipway_xpath_string (xml, "string(/volume/backingStore/path)");
          if (backing != NULL && backing[0] != '\0')
            {
              g_hash_table_add (bases, g_steal_pointer (&backing));
              if (g_hash_table_lookup_extended (overlay_roles, name, NULL, &role))
                base_seen[GPOINTER_TO_UINT (role)] = TRUE;
            }

          _slipway_job_progress (job, NULL, 0.5, _("Removing disks"));
          if (virStorageVolDelete (vol, 0) < 0)
            {
              _slipway_set_virt_error (&error, _("Could not delete the volume “%s”"), name);
              goto out;
            }
        }
    }

  /* A role none of whose disks was left: its base is found by its image's
   * checksum (the file is read only then). Like the others, it goes only
   * when no other overlay uses it. */
  for (guint r = 0; pool != NULL && spec != NULL && (destroy->flags & SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE) != 0 &&
                    r < SLIPWAY_N_ROLES; r++)
    {
      const char *image = slipway_spec_get_role_image (spec, (SlipwayRole)r);
      g_autoptr(virStorageVol) vol = NULL;

      if (spec->roles[r].count > 0 && !base_seen[r] && image != NULL)
        vol = _slipway_virt_find_image_base_volume (job, pool, image, NULL, cancellable);
      if (vol != NULL)
        g_hash_table_add (bases, _slipway_virt_vol_path (vol));
    }

  if (pool != NULL && (destroy->flags & SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE) != 0)
    {
      virStorageVolPtr *vols = NULL;
      int n_vols = virStoragePoolListAllVolumes (pool, &vols, 0);

      if (n_vols < 0)
        {
          _slipway_set_virt_error (&error, _("Could not list the volumes of the storage pool “%s”"), pool_name);
          goto out;
        }

      /* A base image stays while any other overlay still uses it. */
      for (int i = 0; i < n_vols; i++)
        {
          g_autofree char *xml = _slipway_virt_vol_xml (vols[i]);
          g_autofree char *backing = _slipway_xpath_string (xml, "string(/volume/backingStore/path)");

          if (backing != NULL)
            g_hash_table_remove (bases, backing);
        }
      for (int i = 0; i < n_vols; i++)
        {
          g_autofree char *path = _slipway_virt_vol_path (vols[i]);

          if (g_hash_table_contains (bases, path))
            {
              _slipway_job_progress (job, NULL, 0.9, _("Removing the base image"));
              if (error == NULL && virStorageVolDelete (vols[i], 0) < 0)
                _slipway_set_virt_error (&error, _("Could not delete the base image “%s”"), path);
            }
          virStorageVolFree (vols[i]);
        }
      free (vols);
      if (error != NULL)
        goto out;
    }

  _slipway_job_span (job, 0.9, 1.0);
  net = _slipway_virt_lookup_network (job->conn, net_name);
  if (net != NULL && spec != NULL)
    {
      _slipway_job_progress (job, NULL, 0.0, _("Removing the network"));
      if (virNetworkIsActive (net) == 1 && virNetworkDestroy (net) < 0)
        {
          _slipway_set_virt_error (&error, _("Could not stop the network “%s”"), net_name);
          goto out;
        }
      if (virNetworkUndefine (net) < 0)
        {
          _slipway_set_virt_error (&error, _("Could not remove the network “%s”"), net_name);
          goto out;
        }
    }

  if ((destroy->flags & SLIPWAY_DESTROY_FLAGS_DELETE_KEYS) != 0 &&
      !slipway_keys_delete_cluster (job->cluster, &error))
    goto out;

  _slipway_job_progress (job, NULL, 1.0, _("Cluster destroyed"));

out:
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}
