/* slipway-ssh.c — the command lines Slipway runs ssh with
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-ssh.h"

/* Every builder returns an argv for g_spawn*() or execv(), never a line for
 * a local shell. The node comes after "--", so that ssh reads nothing after
 * it as one of its own options. */

/**
 * slipway_ssh_argv:
 * @ssh_config: the cluster's ssh_config (see slipway_cluster_ssh_config())
 * @node: a node name, a Host of @ssh_config
 * @command: (nullable) (array zero-terminated=1): the command to run on
 *   @node, word by word, or %NULL for an interactive login
 *
 * The argv of `ssh -F SSH_CONFIG -- NODE [COMMAND…]`: the cluster key and
 * the node's pinned host key, as @ssh_config says. ssh joins the words of
 * @command with spaces for the remote shell, as it always does.
 *
 * Returns: (transfer full): a %NULL-terminated argv
 */
GStrv
slipway_ssh_argv (const char         *ssh_config,
                  const char         *node,
                  const char * const *command)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (ssh_config != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  builder = g_strv_builder_new ();
  g_strv_builder_add_many (builder, "ssh", "-F", ssh_config, "--", node, NULL);
  if (command != NULL)
    g_strv_builder_addv (builder, (const char **)command);

  return g_strv_builder_end (builder);
}

/**
 * slipway_ssh_probe_argv:
 * @ssh_config: the cluster's ssh_config
 * @node: a node name, a Host of @ssh_config
 *
 * The argv of one readiness probe: never a question (no password, no
 * unknown host key), one short connection attempt, no terminal, and a
 * check that prints %SLIPWAY_SSH_READY_MARKER once cloud-init has finished,
 * followed by cloud-init's own result (`/run/cloud-init/result.json`, written
 * at the end of every boot: a `boot-finished` of an earlier boot is not
 * enough).
 *
 * Returns: (transfer full): a %NULL-terminated argv
 */
GStrv
slipway_ssh_probe_argv (const char *ssh_config,
                        const char *node)
{
  g_return_val_if_fail (ssh_config != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  return slipway_ssh_batch_argv (ssh_config, node,
                                 /* One command line for the remote shell. */
                                 "if test -f /var/lib/cloud/instance/boot-finished && "
                                 "test -f /run/cloud-init/result.json; then echo "
                                 SLIPWAY_SSH_READY_MARKER "; cat /run/cloud-init/result.json; "
                                 "else echo booting; fi");
}

/**
 * slipway_ssh_batch_argv:
 * @ssh_config: the cluster's ssh_config
 * @node: a node name, a Host of @ssh_config
 * @command: one command line for the node's shell
 *
 * The argv of a command run on @node by a program, not a person: never a
 * question (no password, no unknown host key), one short connection
 * attempt, no terminal.
 *
 * Returns: (transfer full): a %NULL-terminated argv
 */
GStrv
slipway_ssh_batch_argv (const char *ssh_config,
                        const char *node,
                        const char *command)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (ssh_config != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (command != NULL, NULL);

  builder = g_strv_builder_new ();
  g_strv_builder_add_many (builder,
                           "ssh", "-F", ssh_config,
                           "-o", "BatchMode=yes",
                           "-o", "ConnectTimeout=5",
                           "-o", "ConnectionAttempts=1",
                           "-T",
                           "--", node, command,
                           NULL);

  return g_strv_builder_end (builder);
}

/**
 * slipway_ssh_trust_options:
 * @known_hosts: the cluster's known_hosts (see slipway_cluster_known_hosts()),
 *   as the consumer of the options wants it written
 *
 * The `-o` options that make an ssh run without the cluster's ssh_config
 * trust what it does: the given identity only, the host keys Slipway
 * pinned in @known_hosts, checked strictly, and nothing from the user's
 * own known_hosts. For programs that build their own ssh command line,
 * such as Ansible.
 *
 * Returns: (transfer full): a %NULL-terminated array of words
 */
GStrv
slipway_ssh_trust_options (const char *known_hosts)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *user_known_hosts = NULL;

  g_return_val_if_fail (known_hosts != NULL, NULL);

  user_known_hosts = g_strconcat ("UserKnownHostsFile=", known_hosts, NULL);

  builder = g_strv_builder_new ();
  g_strv_builder_add_many (builder,
                           "-o", "IdentitiesOnly=yes",
                           "-o", "StrictHostKeyChecking=yes",
                           "-o", user_known_hosts,
                           "-o", "GlobalKnownHostsFile=/dev/null",
                           "-o", "HostKeyAlgorithms=ssh-ed25519",
                           NULL);

  return g_strv_builder_end (builder);
}
