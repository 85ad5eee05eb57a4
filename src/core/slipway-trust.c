/* slipway-trust.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-fileutil-private.h"
#include "slipway-keys.h"
#include "slipway-paths.h"
#include "slipway-topology.h"
#include "slipway-trust.h"

/* What lets ssh trust the nodes and log in to them: the pinned host keys
 * in known_hosts, and an ssh_config that uses them with the cluster key. */

/**
 * slipway_keys_render_known_hosts:
 * @topology: the cluster
 * @host_keys: one public key line ("ssh-ed25519 AAAA…") per node, in id
 *   order
 *
 * Returns: (transfer full): a `known_hosts` file with each node's key under
 *   its name, its FQDN and its address, unhashed so that people can read it
 */
char *
slipway_keys_render_known_hosts (const SlipwayTopology *topology,
                                 const char * const    *host_keys)
{
  GString *out;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (host_keys != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "# The SSH host keys Slipway gave the nodes of cluster %s.\n"
                          "# Written by Slipway on create and reset; changes are lost.\n",
                          topology->cluster);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      g_return_val_if_fail (host_keys[i] != NULL, NULL);
      g_string_append_printf (out, "%s,%s,%s %s\n",
                              node->name, node->fqdn, node->ipv4, host_keys[i]);
    }

  return g_string_free (out, FALSE);
}

/* An ssh_config argument: always in double quotes, with '"' and '\' escaped
 * (OpenSSH's argv_split() reads them back), '%' doubled for the options that
 * expand %-tokens. OpenSSH cannot read a new line in a value, nor keep
 * "${" from being expanded as an environment variable: refused. */
static char *
ssh_config_quote (const char  *value,
                  gboolean     expands_tokens,
                  GError     **error)
{
  GString *out;

  if (strpbrk (value, "\n\r") != NULL || strstr (value, "${") != NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS,
                   /* Translators: %s is a file name */
                   _("The path “%s” cannot be written in an OpenSSH configuration file: it "
                     "holds a new line or “${”. Set XDG_DATA_HOME to a simpler folder."),
                   value);
      return NULL;
    }

  out = g_string_new ("\"");
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p == '%' && expands_tokens)
        g_string_append_c (out, '%');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

/* The key exchange with a node: OpenSSH's default list without the
 * Streamlined NTRU Prime hybrid, which costs an emulated (TCG) guest 0.3 s
 * of CPU at every login, a third of all a login costs it (measured on
 * Debian 12 nodes: 1.0 s against 0.75 s with curve25519-sha256). The
 * connection runs over a virtual network on the host itself (or inside the
 * jump's connection to a remote host, which keeps its own default), so a
 * post-quantum exchange protects nothing there that the host does not
 * already hold. The wildcard also removes the name OpenSSH 9.9 gives it;
 * ML-KEM, cheap, stays where the client has it. */
#define NODE_KEX_ALGORITHMS "-sntrup761x25519-*"

/* No questions, and a dead connection noticed: for the nodes and the
 * libvirt host alike. */
#define SSH_SESSION_OPTIONS \
  "  PasswordAuthentication no\n" \
  "  KbdInteractiveAuthentication no\n" \
  "  ConnectTimeout 10\n" \
  "  ServerAliveInterval 15\n" \
  "  ServerAliveCountMax 4\n" \
  "  LogLevel ERROR\n"

/* The Host block of the libvirt host a remote cluster's nodes are reached
 * through. Without a known_hosts= in the URI, the user's own files are
 * read, as libvirt's ssh read them to connect: strict checking and no
 * UpdateHostKeys, so nothing is written to them. */
static gboolean
render_jump (GString            *out,
             const SlipwayJump  *jump,
             GError            **error)
{
  g_autofree char *host = NULL;

  host = ssh_config_quote (jump->host, TRUE, error);
  if (host == NULL)
    return FALSE;

  g_string_append_printf (out,
                          "\n"
                          "# The libvirt host; the nodes are on its private network.\n"
                          "Host " SLIPWAY_JUMP_HOST_ALIAS "\n"
                          "  HostName %s\n",
                          host);
  if (jump->port != 0)
    g_string_append_printf (out, "  Port %u\n", jump->port);
  if (jump->user != NULL)
    {
      g_autofree char *user = ssh_config_quote (jump->user, TRUE, error);

      if (user == NULL)
        return FALSE;
      g_string_append_printf (out, "  User %s\n", user);
    }
  if (jump->identity_file != NULL)
    {
      g_autofree char *identity = ssh_config_quote (jump->identity_file, TRUE, error);

      if (identity == NULL)
        return FALSE;
      g_string_append_printf (out, "  IdentityFile %s\n  IdentitiesOnly yes\n", identity);
    }
  if (jump->known_hosts != NULL)
    {
      g_autofree char *known = ssh_config_quote (jump->known_hosts, TRUE, error);

      if (known == NULL)
        return FALSE;
      g_string_append_printf (out,
                              "  UserKnownHostsFile %s\n"
                              "  GlobalKnownHostsFile /dev/null\n",
                              known);
    }
  g_string_append (out,
                   "  StrictHostKeyChecking yes\n"
                   "  UpdateHostKeys no\n"
                   SSH_SESSION_OPTIONS);

  return TRUE;
}

/* ssh hands "-F FILE" on to the jump's ssh inside a line for /bin/sh,
 * unquoted: only a path that needs no quoting can be handed on. */
static gboolean
check_jump_config_path (const char  *path,
                        GError     **error)
{
  for (const char *p = path; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/._-+@", *p) == NULL)
      {
        g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_KEYS,
                     /* Translators: %s is a file name */
                     _("The SSH configuration of a cluster on a remote host cannot be at “%s”: "
                       "ssh hands its path to the connection through the host, which only "
                       "works with letters, digits and “/._-+@”. Set XDG_DATA_HOME to a simpler folder."),
                     path);
        return FALSE;
      }

  return TRUE;
}

/**
 * slipway_keys_render_ssh_config:
 * @topology: the cluster
 * @user: the login name inside the nodes
 * @identity_file: the cluster's private key
 * @known_hosts: the cluster's `known_hosts`
 * @jump: (nullable): the libvirt host the nodes are reached through, for a
 *   cluster on a remote host (see slipway_paths_dup_jump())
 * @error: return location for a #GError
 *
 * One `Host` block per node (matching its name, FQDN and address) with its
 * address, the login name, the cluster key only, the pinned host keys only
 * and strict host key checking, so that `ssh -F FILE control0` works with
 * no question and no warning, and never reads or writes the user's own
 * `~/.ssh/known_hosts`.
 *
 * With a @jump, every node is reached with `ProxyJump` through a `Host`
 * %SLIPWAY_JUMP_HOST_ALIAS block of the same file, with the user, port,
 * key and `known_hosts` the connection URI names: ssh hands its `-F FILE`
 * on to the jump's ssh. The host key of the libvirt host is checked
 * strictly too, and never written to any file.
 *
 * Returns: (transfer full): the text, or %NULL if a path cannot be written
 *   in OpenSSH's syntax
 */
char *
slipway_keys_render_ssh_config (const SlipwayTopology  *topology,
                                const char             *user,
                                const char             *identity_file,
                                const char             *known_hosts,
                                const SlipwayJump      *jump,
                                GError                **error)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *known = NULL;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (identity_file != NULL, NULL);
  g_return_val_if_fail (known_hosts != NULL, NULL);

  identity = ssh_config_quote (identity_file, TRUE, error);
  if (identity == NULL)
    return NULL;
  known = ssh_config_quote (known_hosts, TRUE, error);
  if (known == NULL)
    return NULL;

  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "# SSH to the nodes of cluster %s: ssh -F THIS-FILE NODE\n"
                          "# Written by Slipway on create and reset; changes are lost.\n",
                          topology->cluster);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      g_string_append_printf (out,
                              "\n"
                              "Host %s %s %s\n"
                              "  HostName %s\n"
                              "  User %s\n"
                              "  IdentityFile %s\n"
                              "  IdentitiesOnly yes\n"
                              "  UserKnownHostsFile %s\n"
                              "  GlobalKnownHostsFile /dev/null\n"
                              "  StrictHostKeyChecking yes\n"
                              "  HostKeyAlgorithms ssh-ed25519\n"
                              "  KexAlgorithms " NODE_KEX_ALGORITHMS "\n"
                              "  CheckHostIP no\n"
                              "  UpdateHostKeys no\n"
                              SSH_SESSION_OPTIONS,
                              node->name, node->fqdn, node->ipv4,
                              node->ipv4, user, identity, known);
      if (jump != NULL)
        g_string_append (out, "  ProxyJump " SLIPWAY_JUMP_HOST_ALIAS "\n");
    }

  if (jump != NULL && !render_jump (out, jump, error))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * slipway_keys_write_trust_files:
 * @topology: the cluster
 * @user: the login name inside the nodes
 * @host_keys: (out) (optional) (transfer full): the public host key of each
 *   node, in id order
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Makes sure every node has its host key, then writes the cluster's
 * `known_hosts` and `ssh_config` (atomically). The cluster key must exist
 * (slipway_keys_ensure_cluster_key()). Blocks: call it from a worker thread.
 *
 * Returns: %TRUE on success
 */
gboolean
slipway_keys_write_trust_files (const SlipwayTopology  *topology,
                                const char             *user,
                                GStrv                  *host_keys,
                                GCancellable           *cancellable,
                                GError                **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) keys = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *known_path = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *known = NULL;
  g_autofree char *config = NULL;
  g_autoptr(SlipwayJump) jump = slipway_paths_dup_jump ();

  g_return_val_if_fail (topology != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      g_autofree char *key = NULL;

      if (!slipway_keys_ensure_host_key (topology->cluster, node->name, NULL, &key,
                                         cancellable, error))
        return FALSE;
      g_strv_builder_add (builder, key);
    }
  keys = g_strv_builder_end (builder);

  identity = slipway_cluster_identity_file (topology->cluster);
  known_path = slipway_cluster_known_hosts (topology->cluster);
  config_path = slipway_cluster_ssh_config (topology->cluster);

  known = slipway_keys_render_known_hosts (topology, (const char * const *)keys);
  if (jump != NULL && !check_jump_config_path (config_path, error))
    return FALSE;
  config = slipway_keys_render_ssh_config (topology, user, identity, known_path, jump, error);
  if (config == NULL)
    return FALSE;

  if (!slipway_write_file_atomic (known_path, known, -1, 0644, error) ||
      !slipway_write_file_atomic (config_path, config, -1, 0644, error))
    return FALSE;

  if (host_keys != NULL)
    *host_keys = g_steal_pointer (&keys);

  return TRUE;
}

/**
 * slipway_keys_ensure_trust_files:
 * @topology: the cluster
 * @user: the login name inside the nodes
 * @cancellable: (nullable): a #GCancellable; stops a running ssh-keygen
 * @error: return location for a #GError
 *
 * Writes the cluster's `known_hosts` and `ssh_config` again, with its key,
 * when one of them is missing (a cluster made before Slipway pinned host
 * keys, or made on another computer); leaves them alone otherwise. What
 * the exports and `slipwayctl ssh` name must exist. Blocks: call it from a
 * worker thread.
 *
 * Returns: %TRUE when both files exist
 */
gboolean
slipway_keys_ensure_trust_files (const SlipwayTopology  *topology,
                                 const char             *user,
                                 GCancellable           *cancellable,
                                 GError                **error)
{
  g_autofree char *config = NULL;
  g_autofree char *known = NULL;

  g_return_val_if_fail (topology != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  config = slipway_cluster_ssh_config (topology->cluster);
  known = slipway_cluster_known_hosts (topology->cluster);
  if (g_file_test (config, G_FILE_TEST_EXISTS) && g_file_test (known, G_FILE_TEST_EXISTS))
    return TRUE;

  return slipway_keys_ensure_cluster_key (topology->cluster, NULL, NULL, cancellable, error) &&
         slipway_keys_write_trust_files (topology, user, NULL, cancellable, error);
}

typedef struct
{
  SlipwayTopology *topology;
  char            *user;
} TrustJob;

static void
trust_job_free (TrustJob *job)
{
  slipway_topology_free (job->topology);
  g_free (job->user);
  g_free (job);
}

static void
write_trust_files_worker (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  TrustJob *job = task_data;
  GError *error = NULL;
  GStrv host_keys = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!slipway_keys_write_trust_files (job->topology, job->user, &host_keys, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, host_keys, (GDestroyNotify)g_strfreev);
}

/**
 * slipway_keys_write_trust_files_async:
 * @topology: the cluster; copied
 * @user: the login name inside the nodes
 * @cancellable: (nullable): a #GCancellable; stops a running ssh-keygen
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs slipway_keys_write_trust_files() in a worker thread: it may run
 * ssh-keygen once per node and syncs files to disk.
 */
void
slipway_keys_write_trust_files_async (const SlipwayTopology *topology,
                                      const char            *user,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  TrustJob *job;

  g_return_if_fail (topology != NULL);
  g_return_if_fail (user != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (TrustJob, 1);
  job->topology = slipway_topology_copy (topology);
  job->user = g_strdup (user);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_keys_write_trust_files_async);
  g_task_set_task_data (task, job, (GDestroyNotify)trust_job_free);
  g_task_run_in_thread (task, write_trust_files_worker);
}

/**
 * slipway_keys_write_trust_files_finish:
 * @result: the result given to the callback
 * @host_keys: (out) (optional) (transfer full): the public host key of each
 *   node, in id order
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
slipway_keys_write_trust_files_finish (GAsyncResult  *result,
                                       GStrv         *host_keys,
                                       GError       **error)
{
  GStrv keys;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        slipway_keys_write_trust_files_async, FALSE);

  keys = g_task_propagate_pointer (G_TASK (result), error);
  if (keys == NULL)
    return FALSE;

  if (host_keys != NULL)
    *host_keys = keys;
  else
    g_strfreev (keys);

  return TRUE;
}
