/* slipway-op-lifecycle.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-checkpoint.h"
#include "slipway-error.h"
#include "slipway-job-private.h"
#include "slipway-keys.h"
#include "slipway-provisioner-private.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"
#include "slipway-xpath-private.h"

/* The base volume the first existing overlay of @role's nodes is backed by. */
static gboolean
find_role_base_volume (virStoragePoolPtr   pool,
                       SlipwayTopology    *topology,
                       SlipwayRole         role,
                       char              **path,
                       char              **format)
{
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      g_autofree char *name = NULL;
      g_autoptr(virStorageVol) vol = NULL;
      g_autofree char *xml = NULL;

      if (node->role != role)
        continue;
      name = _slipway_virt_overlay_volume_name (node);
      vol = _slipway_virt_lookup_volume (pool, name);
      if (vol == NULL)
        continue;

      xml = _slipway_virt_vol_xml (vol);
      *path = _slipway_xpath_string (xml, "string(/volume/backingStore/path)");
      *format = _slipway_xpath_string (xml, "string(/volume/backingStore/format/@type)");
      if (*path != NULL && (*path)[0] != '\0')
        {
          if (*format == NULL || (*format)[0] == '\0')
            {
              g_free (*format);
              *format = g_strdup ("qcow2");
            }
          return TRUE;
        }
      g_clear_pointer (path, g_free);
      g_clear_pointer (format, g_free);
    }

  return FALSE;
}

/* The base volume of each role of @nodes (a mixed lab has one per image):
 * the one the role's own overlays stand on, else one of a role with the
 * same image, else the image's own base volume, found by its checksum
 * (every disk of the role may be gone). */
static gboolean
find_base_volumes (SlipwayJob         *job,
                   virStoragePoolPtr   pool,
                   ClusterPlan        *plan,
                   GPtrArray          *nodes,
                   GCancellable       *cancellable,
                   GError            **error)
{
  gboolean needed[SLIPWAY_N_ROLES] = { FALSE, };

  for (guint i = 0; i < nodes->len; i++)
    needed[((const SlipwayNodeInfo *)g_ptr_array_index (nodes, i))->role] = TRUE;

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const char *image = slipway_spec_get_role_image (plan->spec, (SlipwayRole)r);

      if (!needed[r])
        continue;

      find_role_base_volume (pool, plan->topology, (SlipwayRole)r, &plan->base_path[r], &plan->base_format[r]);
      for (guint o = 0; o < SLIPWAY_N_ROLES && plan->base_path[r] == NULL; o++)
        {
          if (o != r && g_strcmp0 (slipway_spec_get_role_image (plan->spec, (SlipwayRole)o), image) == 0)
            find_role_base_volume (pool, plan->topology, (SlipwayRole)o, &plan->base_path[r], &plan->base_format[r]);
        }

      if (plan->base_path[r] == NULL && image != NULL)
        {
          g_autoptr(virStorageVol) vol = _slipway_virt_find_image_base_volume (job, pool, image,
                                                                               &plan->base_format[r],
                                                                               cancellable);

          if (vol != NULL)
            plan->base_path[r] = _slipway_virt_vol_path (vol);
        }

      if (plan->base_path[r] == NULL)
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                       /* Translators: %s are a role, “worker”, and a cluster name */
                       _("The base image of the [%s] nodes of cluster “%s” is gone from the storage pool. Destroy the cluster and create it again."),
                       slipway_role_to_string ((SlipwayRole)r), job->cluster);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
wait_for_shutdown (SlipwayJob    *job,
                   GPtrArray     *domains,
                   guint          timeout,
                   GCancellable  *cancellable,
                   GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout * G_USEC_PER_SEC;

  for (;;)
    {
      guint running = 0;

      for (guint i = 0; i < domains->len; i++)
        if (_slipway_virt_domain_is_active (g_ptr_array_index (domains, i)))
          running++;

      _slipway_job_progress (job, NULL, domains->len ? 1.0 - (double)running / domains->len : 1.0,
                             g_dngettext (GETTEXT_PACKAGE, "Waiting for %u node to shut down",
                                          "Waiting for %u nodes to shut down", running),
                             running);

      if (running == 0 || g_get_monotonic_time () >= deadline)
        return TRUE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      g_usleep (G_USEC_PER_SEC / 4);
    }
}

typedef struct
{
  GPtrArray *nodes;
  gboolean   force;     /* FALSE: a shutdown took too long */
} ForceOff;

static gboolean
force_off_node (SlipwayJob     *job,
                virConnectPtr   conn,
                guint           index,
                gpointer        item,
                gpointer        user_data,
                GCancellable   *cancellable,
                GError        **error)
{
  ForceOff *force_off = user_data;
  const SlipwayNodeInfo *node = g_ptr_array_index (force_off->nodes, index);
  g_autoptr(virDomain) dom = NULL;

  if (item == NULL)
    return TRUE;
  dom = _slipway_job_domain_on (conn, item);
  if (!_slipway_virt_domain_is_active (dom))
    return TRUE;

  _slipway_job_progress (job, node->name, 0.0,
                         force_off->force ? _("Forcing off") : _("Did not shut down in time; forcing off"));
  if (virDomainDestroy (dom) < 0)
    {
      _slipway_set_virt_error (error, _("Could not force off “%s”"), node->domain_name);
      return FALSE;
    }
  _slipway_job_progress (job, node->name, 1.0, C_("node state", "Stopped"));
  return TRUE;
}

static gboolean
stop_nodes (SlipwayJob    *job,
            GPtrArray     *nodes,
            GPtrArray     *domains,
            gboolean       force,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GPtrArray) asked = g_ptr_array_new ();

  if (!force)
    {
      _slipway_job_span (job, 0.0, 0.8);
      for (guint i = 0; i < domains->len; i++)
        {
          virDomainPtr dom = g_ptr_array_index (domains, i);
          const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);

          if (dom == NULL || !_slipway_virt_domain_is_active (dom))
            continue;

          _slipway_job_progress (job, node->name, 0.0, _("Asking to shut down"));
          if (virDomainShutdown (dom) < 0)
            {
              g_debug ("Graceful shutdown of %s refused: %s", node->domain_name, virGetLastErrorMessage ());
              virResetLastError ();
            }
          g_ptr_array_add (asked, dom);
        }

      if (!wait_for_shutdown (job, asked, _slipway_provisioner_get_stop_timeout (job->self),
                              cancellable, error))
        return FALSE;
    }

  _slipway_job_span (job, force ? 0.0 : 0.8, 1.0);
  return _slipway_job_run_nodes (job, domains, force_off_node, &(ForceOff) { nodes, force },
                                 cancellable, error);
}

typedef struct
{
  ClusterPlan       *plan;
  GPtrArray         *nodes;
  GPtrArray         *domains;
  virStoragePoolPtr  pool;      /* on the job's connection */
} RebuildWave;

/* One node's fresh disks and definition; rebuild() starts them all
 * together once every node has its own (see create_nodes() in
 * slipway-op-create.c for why not each as soon as it is ready). */
static gboolean
rebuild_node (SlipwayJob     *job,
              virConnectPtr   conn,
              guint           index,
              gpointer        item,
              gpointer        user_data,
              GCancellable   *cancellable,
              GError        **error)
{
  RebuildWave *wave = user_data;
  const SlipwayNodeInfo *node = g_ptr_array_index (wave->nodes, index);
  g_autoptr(virDomain) dom = item != NULL ? _slipway_job_domain_on (conn, item) : NULL;
  g_autoptr(virStoragePool) pool = _slipway_virt_pool_on (conn, wave->pool, error);
  g_autofree char *overlay_path = NULL;
  g_autofree char *seed_path = NULL;

  if (pool == NULL)
    return FALSE;

  _slipway_job_progress (job, node->name, 0.0, _("Forcing off"));
  /* Never a new disk under a machine that may still run on the old one. */
  if (dom != NULL && !_slipway_virt_force_off_domain (dom, error))
    return FALSE;

  /* Fresh disk and seed; MAC, address and name stay as they were. */
  if (!_slipway_virt_make_node_volumes (job, pool, wave->plan, node, NULL, &overlay_path, &seed_path,
                                        cancellable, error))
    return FALSE;

  if (dom == NULL)
    {
      dom = _slipway_virt_define_node_domain (conn, wave->plan, node, overlay_path, seed_path, error);
      if (dom == NULL)
        return FALSE;
      /* Each worker its own slot of the array. */
      virDomainRef (dom);
      g_ptr_array_index (wave->domains, index) = dom;
    }

  _slipway_job_progress (job, node->name, SLIPWAY_JOB_NODE_PREPARED, _("Waiting for the other nodes"));
  return TRUE;
}

/* Gives @nodes fresh disks and seeds and starts them again: a first boot.
 * Every checkpoint of the cluster goes first, on every node: a checkpoint
 * is a cut of the whole cluster, and none of them holds the new disks. */
static gboolean
rebuild (SlipwayJob    *job,
         ClusterPlan   *plan,
         GPtrArray     *nodes,
         GPtrArray     *domains,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(virStoragePool) pool = NULL;
  g_autofree char *private_key = NULL;
  double start, end;

  _slipway_job_progress (job, NULL, 0.0, _("Deleting the checkpoints"));
  if (!_slipway_op_delete_checkpoints (job, plan->topology, error))
    return FALSE;

  if (!_slipway_virt_ensure_network_active (job->conn, plan->topology->network_name, error))
    return FALSE;
  pool = _slipway_virt_ensure_pool (job->conn, slipway_provisioner_get_uri (job->self),
                                    _slipway_virt_pool_name (plan->spec), error);
  if (pool == NULL)
    return FALSE;
  if (!find_base_volumes (job, pool, plan, nodes, cancellable, error))
    return FALSE;
  if (!_slipway_virt_plan_guests (job->conn, plan, error))
    return FALSE;
  /* The host keys are kept: the nodes come back with the identity
   * known_hosts pins, and nobody sees a changed-key warning. */
  if (!slipway_keys_ensure_cluster_key (plan->spec->name, &private_key, &plan->public_key,
                                        cancellable, error) ||
      !slipway_keys_write_trust_files (plan->topology, plan->spec->user, NULL,
                                       cancellable, error))
    return FALSE;

  /* Two waves in the span this part of the operation has. */
  start = job->span_start;
  end = job->span_end;
  _slipway_job_span (job, start, start + (end - start) * 0.6);
  if (!_slipway_job_run_nodes (job, domains, rebuild_node, &(RebuildWave) { plan, nodes, domains, pool },
                               cancellable, error))
    return FALSE;

  _slipway_job_span (job, start + (end - start) * 0.6, end);
  return _slipway_virt_start_nodes (job, nodes, domains, TRUE, cancellable, error);
}

void
_slipway_op_run_worker (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  SlipwayLifecycleJob *lifecycle = task_data;
  SlipwayJob *job = &lifecycle->parent;
  g_autoptr(ClusterPlan) plan = g_new0 (ClusterPlan, 1);
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) domains = NULL;
  g_autoptr(GError) error = NULL;

  if (!_slipway_job_connect (job, cancellable, &error))
    goto out;

  plan->spec = _slipway_virt_load_cluster_spec (job->conn, job->cluster, NULL, &error);
  if (plan->spec == NULL)
    goto out;
  plan->topology = slipway_topology_new (plan->spec, &error);
  if (plan->topology == NULL)
    goto out;

  nodes = slipway_topology_select (plan->topology, (const char * const *)lifecycle->targets, &error);
  if (nodes == NULL)
    goto out;

  domains = g_ptr_array_new_with_free_func (_slipway_virt_domain_free);
  for (guint i = 0; i < nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);
      virDomainPtr dom = _slipway_virt_lookup_domain (job->conn, node->domain_name);

      if (dom != NULL && !_slipway_virt_domain_belongs_to (dom, job->cluster, NULL))
        {
          g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED,
                       _("The virtual machine “%s” was not made by Slipway for this cluster; Slipway leaves it alone."),
                       node->domain_name);
          virDomainFree (dom);
          goto out;
        }

      if (dom == NULL && job->operation != SLIPWAY_OPERATION_RESET &&
          job->operation != SLIPWAY_OPERATION_REBUILD)
        {
          g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                       _("Node “%s” has no virtual machine. Reset it to make it again."), node->name);
          goto out;
        }

      g_ptr_array_add (domains, dom);
    }

  switch (job->operation)
    {
    case SLIPWAY_OPERATION_START:
      _slipway_job_progress (job, NULL, 0.0, _("Starting the network"));
      if (!_slipway_virt_ensure_network_active (job->conn, plan->topology->network_name, &error))
        goto out;
      if (!_slipway_virt_start_nodes (job, nodes, domains, FALSE, cancellable, &error))
        goto out;
      break;

    case SLIPWAY_OPERATION_STOP:
    case SLIPWAY_OPERATION_FORCE_OFF:
      if (!stop_nodes (job, nodes, domains, job->operation == SLIPWAY_OPERATION_FORCE_OFF,
                       cancellable, &error))
        goto out;
      _slipway_job_finish_nodes (job, C_("node state", "Stopped"));
      break;

    case SLIPWAY_OPERATION_RESET:
      /* The baseline where a node has one; a fresh disk where not. */
      {
        g_autoptr(GPtrArray) restore_nodes = g_ptr_array_new ();
        g_autoptr(GPtrArray) restore_domains = g_ptr_array_new ();
        g_autoptr(GPtrArray) rebuild_nodes = g_ptr_array_new ();
        g_autoptr(GPtrArray) rebuild_domains = g_ptr_array_new_with_free_func (_slipway_virt_domain_free);
        double restored;

        for (guint i = 0; i < nodes->len; i++)
          {
            virDomainPtr dom = g_ptr_array_index (domains, i);
            g_autoptr(virDomainSnapshot) snap = NULL;

            if (dom != NULL)
              snap = _slipway_virt_lookup_checkpoint (dom, job->cluster, SLIPWAY_CHECKPOINT_BASELINE);
            if (snap != NULL)
              {
                g_ptr_array_add (restore_nodes, g_ptr_array_index (nodes, i));
                g_ptr_array_add (restore_domains, dom);
              }
            else
              {
                /* rebuild() may define a missing domain in its place. */
                if (dom != NULL)
                  virDomainRef (dom);
                g_ptr_array_add (rebuild_nodes, g_ptr_array_index (nodes, i));
                g_ptr_array_add (rebuild_domains, dom);
              }
          }

        /* Each part its share of the whole, by its nodes: the progress
         * of the rebuild goes on from where the restore's ended. */
        restored = (double)restore_nodes->len / MAX (nodes->len, 1);
        _slipway_job_span (job, 0.0, restored);
        if (restore_nodes->len > 0 &&
            !_slipway_op_restore_nodes (job, restore_nodes, restore_domains, SLIPWAY_CHECKPOINT_BASELINE,
                                        cancellable, &error))
          goto out;
        _slipway_job_span (job, restored, 1.0);
        if (rebuild_nodes->len > 0 &&
            !rebuild (job, plan, rebuild_nodes, rebuild_domains, cancellable, &error))
          goto out;
      }
      break;

    case SLIPWAY_OPERATION_REBUILD:
      if (!rebuild (job, plan, nodes, domains, cancellable, &error))
        goto out;
      break;

    case SLIPWAY_OPERATION_CREATE:
    case SLIPWAY_OPERATION_DESTROY:
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
    default:
      g_assert_not_reached ();
    }

  _slipway_job_span (job, 0.0, 1.0);
  _slipway_job_progress (job, NULL, 1.0, _("Done"));

out:
  if (error != NULL &&
      _slipway_virt_connection_lost (job->conn, slipway_provisioner_get_uri (job->self), &error))
    {
      g_autofree char *lost = g_strdup (error->message);

      g_clear_error (&error);
      g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                   /* Translators: the 1st %s is a cluster name, the 2nd an operation as
                    * slipwayctl names it (“reset”, “rebuild”), the 3rd why the connection
                    * was lost */
                   _("Cluster “%s”: “%s” did not finish. %s Once the daemon runs again, run it again: it takes the nodes from where they are."),
                   job->cluster, slipway_operation_kind_to_string (job->operation), lost);
    }
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}
