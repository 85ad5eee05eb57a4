/* slipway-export.c — a cluster as other tools read it
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-export.h"
#include "slipway-job-private.h"
#include "slipway-keys.h"
#include "slipway-spec.h"
#include "slipway-ssh.h"
#include "slipway-trust.h"

/* These are file formats, read by programs: nothing in them is translated.
 * slipway_cluster_export_async() is the one entry point of both front
 * ends: `slipwayctl export` prints what it returns, the window's Export
 * shows, copies and saves the same text. */

/**
 * slipway_export_hosts:
 * @topology: a cluster's topology
 *
 * Lines for /etc/hosts: every node under its FQDN and its name, and the
 * Kubernetes API name when the cluster has one.
 *
 * Returns: (transfer full): the lines, each ending in a new line
 */
char *
slipway_export_hosts (const SlipwayTopology *topology)
{
  g_autoptr(SlipwayJump) jump = slipway_paths_dup_jump ();
  GString *out;

  g_return_val_if_fail (topology != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "# Slipway cluster %s (%s)\n", topology->cluster, topology->subnet);
  if (jump != NULL)
    g_string_append_printf (out,
                            "# The addresses are on the private network of the libvirt host %s:\n"
                            "# from here, reach them through it (the cluster's ssh_config does).\n",
                            jump->host);
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      g_string_append_printf (out, "%s\t%s %s\n", node->ipv4, node->fqdn, node->name);
    }
  if (topology->api_ipv4 != NULL)
    g_string_append_printf (out, "%s\tkubernetes.%s kubernetes\n", topology->api_ipv4, topology->domain);

  return g_string_free (out, FALSE);
}

/**
 * slipway_export_ansible:
 * @topology: a cluster's topology
 * @user: the login user of the nodes
 *
 * An Ansible inventory in INI form: one group per role, "nodes" for the
 * Kubernetes nodes (control plane and workers), and the variables that
 * log in with the cluster key and check the host keys Slipway pinned.
 *
 * Returns: (transfer full): the inventory
 */
char *
slipway_export_ansible (const SlipwayTopology *topology,
                        const char            *user)
{
  g_autofree char *identity = NULL;
  g_autofree char *known = NULL;
  g_autofree char *quoted_known = NULL;
  g_autofree char *common_args = NULL;
  g_auto(GStrv) options = NULL;
  g_autoptr(SlipwayJump) jump = NULL;
  GString *out;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  identity = slipway_cluster_identity_file (topology->cluster);
  known = slipway_cluster_known_hosts (topology->cluster);

  /* A ":vars" value is the rest of its line, as it is; Ansible splits
   * ansible_ssh_common_args like a shell. Only the path can hold a space. */
  quoted_known = g_shell_quote (known);
  options = slipway_ssh_trust_options (quoted_known);
  common_args = g_strjoinv (" ", options);

  /* A remote cluster's nodes are reached through the libvirt host, as the
   * cluster's ssh_config says: its Host blocks match the addresses. */
  jump = slipway_paths_dup_jump ();
  if (jump != NULL)
    {
      g_autofree char *config = slipway_cluster_ssh_config (topology->cluster);
      g_autofree char *quoted_config = g_shell_quote (config);
      g_autofree char *with_config = g_strconcat ("-F ", quoted_config, " ", common_args, NULL);

      g_free (common_args);
      common_args = g_steal_pointer (&with_config);
    }

  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "# Ansible inventory of Slipway cluster %s.\n"
                          "# Host keys are checked against the keys Slipway pinned.\n",
                          topology->cluster);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      g_string_append_printf (out, "\n[%s]\n", slipway_role_to_string (r));
      for (guint i = 0; i < topology->nodes->len; i++)
        {
          const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

          if (node->role == (SlipwayRole)r)
            g_string_append_printf (out, "%s ansible_host=%s\n", node->name, node->ipv4);
        }
    }

  /* "nodes" are the Kubernetes nodes: the control plane and the workers. */
  g_string_append (out, "\n[nodes:children]\ncontrol\nworker\n");

  g_string_append_printf (out,
                          "\n[all:vars]\n"
                          "ansible_user=%s\n"
                          "ansible_ssh_private_key_file=%s\n"
                          "ansible_ssh_common_args=%s\n",
                          user, identity, common_args);

  return g_string_free (out, FALSE);
}

/**
 * slipway_export_ssh_config:
 * @topology: a cluster's topology
 * @user: the login user of the nodes
 * @error: return location for a #GError
 *
 * The cluster's ssh_config, as Slipway writes it next to the cluster key
 * and known_hosts: one Host per node, by name, FQDN and address.
 *
 * Returns: (transfer full): the file, or %NULL with @error set
 */
char *
slipway_export_ssh_config (const SlipwayTopology  *topology,
                           const char             *user,
                           GError                **error)
{
  g_autofree char *identity = NULL;
  g_autofree char *known = NULL;
  g_autoptr(SlipwayJump) jump = NULL;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  identity = slipway_cluster_identity_file (topology->cluster);
  known = slipway_cluster_known_hosts (topology->cluster);

  jump = slipway_paths_dup_jump ();

  return slipway_keys_render_ssh_config (topology, user, identity, known, jump, error);
}

/**
 * slipway_export_render:
 * @topology: a cluster's topology
 * @user: the login user of the nodes
 * @format: what to write
 * @error: return location for a #GError
 *
 * The text of @format, made from @topology alone: no file is read or
 * written (see slipway_cluster_export_async() for the trust files the
 * ssh-config and ansible exports name).
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
slipway_export_render (const SlipwayTopology  *topology,
                       const char             *user,
                       SlipwayExportFormat     format,
                       GError                **error)
{
  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (format)
    {
    case SLIPWAY_EXPORT_FORMAT_SSH_CONFIG:
      return slipway_export_ssh_config (topology, user, error);

    case SLIPWAY_EXPORT_FORMAT_ANSIBLE:
      return slipway_export_ansible (topology, user);

    case SLIPWAY_EXPORT_FORMAT_HOSTS:
      return slipway_export_hosts (topology);

    default:
      g_return_val_if_reached (NULL);
    }
}

typedef struct
{
  SlipwayTopology     *topology;
  char                *user;
  SlipwayExportFormat  format;
} ExportJob;

/* ssh-keygen may run in the worker until its task data is freed. */
static void
export_job_free (ExportJob *job)
{
  slipway_topology_free (job->topology);
  g_free (job->user);
  g_free (job);
  _slipway_worker_release ();
}

static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  char *text;

  /* The ssh-config and ansible exports name the cluster's key and
   * known_hosts: they must exist. */
  if (job->format != SLIPWAY_EXPORT_FORMAT_HOSTS &&
      !slipway_keys_ensure_trust_files (job->topology, job->user, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  text = slipway_export_render (job->topology, job->user, job->format, &error);
  if (text == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, text, g_free);
}

/**
 * slipway_cluster_export_async:
 * @cluster: a cluster that was read from libvirt
 * @format: what to write
 * @cancellable: (nullable): a #GCancellable; stops a running ssh-keygen
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Makes the text of @format for @cluster, in a worker thread: for the
 * ssh-config and ansible exports it first writes the cluster's key,
 * known_hosts and ssh_config when they are missing, since the text names
 * them. What `slipwayctl export` prints and the window's Export saves.
 */
void
slipway_cluster_export_async (SlipwayCluster       *cluster,
                              SlipwayExportFormat   format,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  const SlipwayTopology *topology;
  const SlipwaySpec *spec;
  ExportJob *job;

  g_return_if_fail (SLIPWAY_IS_CLUSTER (cluster));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The worker reads copies only; no reference on @cluster goes to its
   * thread, where the last one would finalize it. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_cluster_export_async);

  topology = slipway_cluster_get_topology (cluster);
  spec = slipway_cluster_get_spec (cluster);
  if (topology == NULL || spec == NULL || spec->user == NULL)
    {
      g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                               /* Translators: %s is a cluster name */
                               _("The nodes of cluster %s are not known yet"),
                               slipway_cluster_get_name (cluster));
      return;
    }

  _slipway_worker_hold ();
  job = g_new0 (ExportJob, 1);
  job->topology = slipway_topology_copy (topology);
  job->user = g_strdup (spec->user);
  job->format = format;
  g_task_set_task_data (task, job, (GDestroyNotify)export_job_free);
  g_task_run_in_thread (task, export_worker);
}

/**
 * slipway_cluster_export_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
slipway_cluster_export_finish (SlipwayCluster  *cluster,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == slipway_cluster_export_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
