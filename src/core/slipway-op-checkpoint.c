/* slipway-op-checkpoint.c: save, restore and delete checkpoints
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "slipway-checkpoint-private.h"
#include "slipway-error.h"
#include "slipway-job-private.h"
#include "slipway-provisioner-private.h"
#include "slipway-virt-private.h"

/* A checkpoint is one consistent cut of the cluster: every running node is
 * paused, each one snapshotted with its memory (in parallel), and all of
 * them resumed, so that no node ever sees another at a later moment. What
 * fails on one node is undone on the others: no half checkpoint stays. A
 * restore is in slipway-op-restore.c. */

/* Snapshots at once on the job's connection: libvirtd serves 5 calls of
 * one connection at a time, and one stays free for other calls. */
#define MAX_PARALLEL 4

void
_slipway_checkpoint_job_clear (gpointer data)
{
  SlipwayCheckpointJob *job = data;

  g_free (job->name);
  g_free (job->description);
  g_strfreev (job->targets);
}

/* Parallel snapshots of the domains -------------------------------------------- */

typedef struct
{
  const SlipwayNodeInfo *node;
  virDomainPtr           dom;             /* borrowed */
  const char            *snapshot_xml;    /* save */
  virDomainSnapshotPtr   snap;            /* made */
  GError                *error;
} NodeWork;

static void
node_work_free (NodeWork *work)
{
  g_clear_pointer (&work->snap, virDomainSnapshotFree);
  g_clear_error (&work->error);
  g_free (work);
}

static void
save_one (gpointer data,
          gpointer user_data)
{
  NodeWork *work = data;

  work->snap = virDomainSnapshotCreateXML (work->dom, work->snapshot_xml, 0);
  if (work->snap == NULL)
    {
      const char *detail = virGetLastErrorMessage ();

      if (detail != NULL && (strstr (detail, "No space left") != NULL || strstr (detail, "ENOSPC") != NULL))
        g_set_error (&work->error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                     /* Translators: %s is a node name */
                     _("Node “%s” could not be saved: the disk of its storage pool is full. Free some space or delete older checkpoints."),
                     work->node->name);
      else
        _slipway_set_virt_error (&work->error, _("Node “%s” could not be saved"), work->node->name);
      virResetLastError ();
    }
}

/* The first error of @works, with its node; NULL when all succeeded. */
static NodeWork *
first_failure (GPtrArray *works)
{
  for (guint i = 0; i < works->len; i++)
    {
      NodeWork *work = g_ptr_array_index (works, i);

      if (work->error != NULL)
        return work;
    }

  return NULL;
}

static void
resume_all (SlipwayJob *job,
            GPtrArray  *works)
{
  for (guint i = 0; i < works->len; i++)
    {
      NodeWork *work = g_ptr_array_index (works, i);

      if (virDomainResume (work->dom) < 0)
        {
          g_message ("Could not resume node %s of cluster %s: %s", work->node->name, job->cluster,
                     virGetLastErrorMessage ());
          virResetLastError ();
        }
    }
}

/* Save ---------------------------------------------------------------------- */

static void
delete_made (GPtrArray *works)
{
  for (guint i = 0; i < works->len; i++)
    {
      NodeWork *work = g_ptr_array_index (works, i);

      if (work->snap == NULL)
        continue;
      if (virDomainSnapshotDelete (work->snap, 0) < 0)
        {
          g_message ("Could not remove the half-saved checkpoint from node %s: %s", work->node->name,
                     virGetLastErrorMessage ());
          virResetLastError ();
        }
      g_clear_pointer (&work->snap, virDomainSnapshotFree);
    }
}

static gboolean
save_checkpoint (SlipwayCheckpointJob  *checkpoint,
                 GPtrArray             *nodes,
                 GPtrArray             *domains,
                 GCancellable          *cancellable,
                 GError               **error)
{
  SlipwayJob *job = &checkpoint->parent;
  g_autoptr(GPtrArray) works = g_ptr_array_new_with_free_func ((GDestroyNotify)node_work_free);
  g_autoptr(GPtrArray) paused = g_ptr_array_new ();
  g_autofree char *metadata = NULL;
  g_autofree char *xml = NULL;
  NodeWork *failed;

  if (!slipway_check_checkpoint_name (checkpoint->name, error))
    return FALSE;

  for (guint i = 0; i < nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);

      if (_slipway_virt_domain_has_nvram (g_ptr_array_index (domains, i)))
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                       _("Node “%s” boots with UEFI firmware, whose settings (NVRAM) live in a raw "
                         "file that QEMU cannot snapshot, so its cluster takes no checkpoints. "
                         "Reset still works: it rebuilds the nodes from the base image."),
                       node->name);
          return FALSE;
        }
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);
      virDomainPtr dom = g_ptr_array_index (domains, i);
      g_autoptr(virDomainSnapshot) existing = NULL;
      g_autofree char *disk = NULL;
      NodeWork *work;

      if (_slipway_virt_domain_state (dom) != SLIPWAY_NODE_STATE_RUNNING)
        continue;

      existing = _slipway_virt_lookup_checkpoint (dom, job->cluster, checkpoint->name);
      if (existing != NULL)
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_EXISTS,
                       _("Cluster “%s” has a checkpoint named “%s” already: delete it first, or choose another name."),
                       job->cluster, checkpoint->name);
          return FALSE;
        }

      disk = _slipway_virt_unsnapshottable_disk (dom);
      if (disk != NULL)
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                       /* Translators: the first %s is a node, the second a disk and its format, e.g. “vda (raw)” */
                       _("Node “%s” cannot be saved: its disk %s is not in the qcow2 format, which checkpoints need. Rebuild the node to give it a qcow2 disk."),
                       node->name, disk);
          return FALSE;
        }

      work = g_new0 (NodeWork, 1);
      work->node = node;
      work->dom = dom;
      g_ptr_array_add (works, work);
    }

  if (works->len == 0)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_RUNNING,
                   _("No node of cluster “%s” runs, and a checkpoint holds running nodes: start the cluster first."),
                   job->cluster);
      return FALSE;
    }

  metadata = _slipway_checkpoint_metadata_format (job->cluster, checkpoint->name, checkpoint->description,
                                                  g_get_real_time () / G_USEC_PER_SEC, checkpoint->baseline);
  xml = g_markup_printf_escaped ("<domainsnapshot><name>%s</name><description>%s</description></domainsnapshot>",
                                 checkpoint->name, metadata);
  for (guint i = 0; i < works->len; i++)
    ((NodeWork *)g_ptr_array_index (works, i))->snapshot_xml = xml;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* One moment for all: nobody runs while any one is saved. From the
   * first pause to the last resume this worker must finish, even when
   * the process wants to exit. */
  _slipway_job_span (job, 0.0, 1.0);
  _slipway_worker_must_finish_begin ();
  for (guint i = 0; i < works->len; i++)
    {
      NodeWork *work = g_ptr_array_index (works, i);

      _slipway_job_progress (job, work->node->name, 0.1, _("Pausing"));
      if (virDomainSuspend (work->dom) < 0)
        {
          _slipway_set_virt_error (error, _("Node “%s” could not be paused"), work->node->name);
          virResetLastError ();
          g_ptr_array_set_size (works, paused->len);
          resume_all (job, works);
          _slipway_worker_must_finish_end ();
          return FALSE;
        }
      g_ptr_array_add (paused, work);
    }

  for (guint i = 0; i < works->len; i++)
    _slipway_job_progress (job, ((NodeWork *)g_ptr_array_index (works, i))->node->name, 0.2, _("Saving"));
  _slipway_run_parallel (works, save_one, NULL, MAX_PARALLEL);

  failed = first_failure (works);
  if (failed != NULL)
    delete_made (works);
  else if (g_cancellable_is_cancelled (cancellable))
    delete_made (works);

  for (guint i = 0; i < works->len; i++)
    _slipway_job_progress (job, ((NodeWork *)g_ptr_array_index (works, i))->node->name, 0.9, _("Resuming"));
  resume_all (job, works);
  _slipway_worker_must_finish_end ();

  if (failed != NULL)
    {
      g_set_error (error, failed->error->domain, failed->error->code,
                   /* Translators: %s says which node failed and why */
                   _("%s. The checkpoint was removed from the other nodes."), failed->error->message);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return TRUE;
}

/* Delete -------------------------------------------------------------------- */

static gboolean
delete_checkpoint (SlipwayJob    *job,
                   GPtrArray     *nodes,
                   GPtrArray     *domains,
                   const char    *name,
                   gboolean       must_exist,
                   GError       **error)
{
  g_autoptr(GError) failure = NULL;
  guint found = 0;

  for (guint i = 0; i < nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);
      virDomainPtr dom = g_ptr_array_index (domains, i);
      g_autoptr(virDomainSnapshot) snap = NULL;

      if (dom == NULL)
        continue;
      snap = _slipway_virt_lookup_checkpoint (dom, job->cluster, name);
      if (snap == NULL)
        continue;

      found++;
      _slipway_job_progress (job, node->name, 0.5, _("Deleting the checkpoint"));
      if (virDomainSnapshotDelete (snap, 0) < 0)
        {
          if (failure == NULL)
            _slipway_set_virt_error (&failure, _("Checkpoint “%s” could not be deleted from node “%s”"),
                                     name, node->name);
          virResetLastError ();
          continue;
        }
      _slipway_job_progress (job, node->name, 1.0, _("Deleted"));
    }

  if (failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&failure));
      return FALSE;
    }

  if (found == 0 && must_exist)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   _("Cluster “%s” has no checkpoint named “%s”."), job->cluster, name);
      return FALSE;
    }

  return TRUE;
}

/* Every node's domain, in @nodes' order; fails when one is missing (the
 * cluster is being created, or was half destroyed) or is not ours. */
static GPtrArray *
lookup_domains (SlipwayJob  *job,
                GPtrArray   *nodes,
                gboolean     allow_missing,
                GError     **error)
{
  g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (_slipway_virt_domain_free);

  for (guint i = 0; i < nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (nodes, i);
      virDomainPtr dom = _slipway_virt_lookup_domain (job->conn, node->domain_name);

      if (dom != NULL && !_slipway_virt_domain_belongs_to (dom, job->cluster, NULL))
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_OWNED,
                       _("The virtual machine “%s” was not made by Slipway for this cluster; Slipway leaves it alone."),
                       node->domain_name);
          virDomainFree (dom);
          return NULL;
        }

      if (dom == NULL && !allow_missing)
        {
          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                       _("Node “%s” of cluster “%s” has no virtual machine: the cluster is being created or destroyed, or was left half made. Wait until that is done, or create the cluster again."),
                       node->name, job->cluster);
          return NULL;
        }

      g_ptr_array_add (domains, dom);
    }

  return g_steal_pointer (&domains);
}

gboolean
_slipway_op_delete_checkpoints (SlipwayJob       *job,
                                SlipwayTopology  *topology,
                                GError          **error)
{
  g_autoptr(GPtrArray) domains = lookup_domains (job, topology->nodes, TRUE, error);
  g_autoptr(GPtrArray) checkpoints = _slipway_virt_checkpoints_new ();

  if (domains == NULL)
    return FALSE;

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      virDomainPtr dom = g_ptr_array_index (domains, i);

      if (dom != NULL)
        _slipway_virt_collect_checkpoints (dom, job->cluster, node->name, checkpoints);
    }

  for (guint i = 0; i < checkpoints->len; i++)
    {
      SlipwayCheckpointInfo *info = g_ptr_array_index (checkpoints, i);

      if (!delete_checkpoint (job, topology->nodes, domains, info->name, FALSE, error))
        return FALSE;
    }

  return TRUE;
}

/* The worker ---------------------------------------------------------------- */

void
_slipway_op_checkpoint_worker (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  SlipwayCheckpointJob *checkpoint = task_data;
  SlipwayJob *job = &checkpoint->parent;
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwayTopology) topology = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) domains = NULL;
  g_autoptr(GError) error = NULL;

  if (!_slipway_job_connect (job, cancellable, &error))
    goto out;

  spec = _slipway_virt_load_cluster_spec (job->conn, job->cluster, NULL, &error);
  if (spec == NULL)
    goto out;
  topology = slipway_topology_new (spec, &error);
  if (topology == NULL)
    goto out;

  switch (job->operation)
    {
    case SLIPWAY_OPERATION_SAVE_CHECKPOINT:
      domains = lookup_domains (job, topology->nodes, FALSE, &error);
      if (domains == NULL || !save_checkpoint (checkpoint, topology->nodes, domains, cancellable, &error))
        goto out;
      _slipway_job_finish_nodes (job, _("Saved"));
      break;

    case SLIPWAY_OPERATION_RESTORE_CHECKPOINT:
      /* A restore of some nodes still needs the others whole: a
       * half-made cluster is being created or destroyed. */
      domains = lookup_domains (job, topology->nodes, FALSE, &error);
      if (domains == NULL)
        goto out;
      g_clear_pointer (&domains, g_ptr_array_unref);
      nodes = slipway_topology_select (topology, (const char * const *)checkpoint->targets, &error);
      if (nodes == NULL)
        goto out;
      domains = lookup_domains (job, nodes, FALSE, &error);
      if (domains == NULL ||
          !_slipway_op_restore_nodes (job, nodes, domains, checkpoint->name, cancellable, &error))
        goto out;
      break;

    case SLIPWAY_OPERATION_DELETE_CHECKPOINT:
      domains = lookup_domains (job, topology->nodes, TRUE, &error);
      if (domains == NULL ||
          !delete_checkpoint (job, topology->nodes, domains, checkpoint->name, TRUE, &error))
        goto out;
      break;

    case SLIPWAY_OPERATION_CREATE:
    case SLIPWAY_OPERATION_START:
    case SLIPWAY_OPERATION_STOP:
    case SLIPWAY_OPERATION_FORCE_OFF:
    case SLIPWAY_OPERATION_RESET:
    case SLIPWAY_OPERATION_DESTROY:
    case SLIPWAY_OPERATION_REBUILD:
    default:
      g_assert_not_reached ();
    }

  _slipway_job_span (job, 0.0, 1.0);
  _slipway_job_progress (job, NULL, 1.0, _("Done"));

out:
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The launcher -------------------------------------------------------------- */

void
_slipway_provisioner_checkpoint_async (SlipwayProvisioner   *self,
                                       SlipwayOperationKind  operation,
                                       const char           *cluster,
                                       const char           *name,
                                       const char           *description,
                                       gboolean              baseline,
                                       const char * const   *targets,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  SlipwayCheckpointJob *job;

  g_return_if_fail (SLIPWAY_IS_PROVISIONER (self));
  g_return_if_fail (cluster != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (operation == SLIPWAY_OPERATION_SAVE_CHECKPOINT ||
                    operation == SLIPWAY_OPERATION_RESTORE_CHECKPOINT ||
                    operation == SLIPWAY_OPERATION_DELETE_CHECKPOINT);

  task = _slipway_provisioner_exclusive_task_new (self, sizeof (SlipwayCheckpointJob),
                                                  _slipway_checkpoint_job_clear, operation, cluster,
                                                  _slipway_provisioner_checkpoint_async,
                                                  cancellable, callback, user_data);
  if (task == NULL)
    return;
  job = g_task_get_task_data (task);
  job->name = g_strdup (name);
  job->description = g_strdup (description != NULL ? description : "");
  job->baseline = baseline;
  job->targets = g_strdupv ((char **)targets);
  _slipway_job_run_locked (task, _slipway_op_checkpoint_worker);
}

gboolean
_slipway_provisioner_checkpoint_finish (SlipwayProvisioner  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
