/* slipwayctl-commands.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipwayctl-private.h"

/* Command options: the storage is in SlipwayctlOptions. */

static const GOptionEntry init_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, SLIPWAYCTL_OPTION (output),
    N_("Write to FILE instead of NAME.conf (“-” for the standard output)"), N_("FILE") },
  { "image", 'i', 0, G_OPTION_ARG_FILENAME, SLIPWAYCTL_OPTION (image),
    N_("Use the cloud image at PATH as the base disk of every node"), N_("PATH") },
  { "arch", 'a', 0, G_OPTION_ARG_STRING, SLIPWAYCTL_OPTION (arch),
    N_("Make nodes of ARCH, “x86_64” or “aarch64”, instead of the host’s own"), N_("ARCH") },
  { "force", 'f', 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (force),
    N_("Overwrite the file if it exists"), NULL },
  { "password", 'p', 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (password),
    N_("Ask for a console password and store its hash in the file"), NULL },
  { "load-balancer", 'l', 0, G_OPTION_ARG_STRING, SLIPWAYCTL_OPTION (load_balancer),
    N_("What balances the Kubernetes API on the gateway: haproxy (the default), ipvs or none"),
    N_("KIND") },
  { NULL }
};

static const GOptionEntry wait_entries[] = {
  { "timeout", 't', 0, G_OPTION_ARG_INT, SLIPWAYCTL_OPTION (wait_timeout),
    N_("Give up after SECONDS (default 900; 0: never)"), N_("SECONDS") },
  { "until", 'u', 0, G_OPTION_ARG_STRING, SLIPWAYCTL_OPTION (until),
    N_("Wait until every node is “running”, accepts “ssh” logins, or is “ready” (default)"),
    N_("STAGE") },
  { NULL }
};

static const GOptionEntry console_entries[] = {
  { "force", 'f', 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (take_over),
    N_("Take the console over from the program that has it (it is disconnected)"), NULL },
  { NULL }
};

static const GOptionEntry export_entries[] = {
  { "format", 'f', 0, G_OPTION_ARG_STRING, SLIPWAYCTL_OPTION (format),
    N_("“ssh-config” (default), “ansible” (an inventory) or “hosts” (/etc/hosts lines)"),
    N_("FORMAT") },
  { NULL }
};

static const GOptionEntry set_password_entries[] = {
  { "remove", 0, 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (remove),
    N_("Remove the password: the account is locked again"), NULL },
  { NULL }
};

static const GOptionEntry create_entries[] = {
  { "check", 0, 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (check),
    N_("Only check the file against the host and the connection; create nothing"), NULL },
  { NULL }
};

static const GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (json),
    N_("Print JSON (see docs/slipwayctl.md for the format)"), NULL },
  { NULL }
};

static const GOptionEntry stop_entries[] = {
  { "timeout", 't', 0, G_OPTION_ARG_INT, SLIPWAYCTL_OPTION (stop_timeout),
    N_("Wait at most SECONDS for the guests to shut down"), N_("SECONDS") },
  { NULL }
};

static const GOptionEntry destroy_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (yes),
    N_("Do not ask for confirmation"), NULL },
  { "delete-image", 0, 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (delete_image),
    N_("Also delete the base image, unless another cluster uses it"), NULL },
  { "delete-keys", 0, 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (delete_keys),
    N_("Also delete the cluster’s SSH keys and local files"), NULL },
  { NULL }
};

static const GOptionEntry checkpoint_entries[] = {
  { "description", 'd', 0, G_OPTION_ARG_STRING, SLIPWAYCTL_OPTION (description),
    N_("save: say what the checkpoint is for"), N_("TEXT") },
  { "json", 0, 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (json),
    N_("list: print JSON (see docs/slipwayctl.md for the format)"), NULL },
  { "yes", 'y', 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (yes),
    N_("Do not ask for confirmation"), NULL },
  { NULL }
};

static const GOptionEntry download_entries[] = {
  { "sha256", 0, 0, G_OPTION_ARG_STRING, SLIPWAYCTL_OPTION (sha256),
    N_("The file’s SHA-256 checksum: the download fails unless it matches"), N_("HEX") },
  { "checksums", 0, 0, G_OPTION_ARG_STRING, SLIPWAYCTL_OPTION (checksums),
    N_("A SHA256SUMS or SHA512SUMS file that lists the file, to check it against"), N_("URL") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, SLIPWAYCTL_OPTION (output),
    N_("Write to FILE instead of the image cache"), N_("FILE") },
  { NULL }
};

static const GOptionEntry yes_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (yes),
    N_("Do not ask for confirmation"), NULL },
  { NULL }
};

/* The table --------------------------------------------------------------- */

static const SlipwayctlCommand commands[] = {
  { "init", N_("NAME"),
    N_("Write a commented cluster file to edit"),
    N_("Writes the default cluster (one gateway, three control-plane nodes and three\n"
       "workers) to NAME.conf, every setting explained in a comment. Edit it, then\n"
       "create the cluster with “slipwayctl create NAME.conf”. An existing file is\n"
       "never overwritten without --force."),
    init_entries, 1, 1, slipwayctl_cmd_init },
  { "create", N_("FILE"),
    N_("Create the cluster a file describes, and start it"),
    N_("Reads the cluster file, reports every problem in it with its [group] and key,\n"
       "checks it against the host (free subnet, memory, the base image), then makes\n"
       "the network, the SSH keys, the disks, the cloud-init seeds and the virtual\n"
       "machines, and starts them.\n"
       "\n"
       "With --check, stops after the checks: exit status 0 when the cluster could be\n"
       "created, 3 when the file has errors."),
    create_entries, 1, 1, slipwayctl_cmd_create },
  { "download", N_("URL"),
    N_("Download a cloud image, checked against its checksum"),
    N_("Downloads an http:// or https:// URL into the image cache (where the New\n"
       "Cluster window keeps its downloads) and prints the file’s path, for\n"
       "“slipwayctl init --image”. With --sha256 or --checksums the file is kept only\n"
       "when its checksum matches. A download that fails, is cut off or does not match\n"
       "leaves nothing behind."),
    download_entries, 1, 1, slipwayctl_cmd_download },
  { "list", NULL,
    N_("List the clusters on the connection"),
    NULL,
    json_entries, 0, 0, slipwayctl_cmd_list },
  { "status", N_("CLUSTER"),
    N_("Show a cluster’s network and nodes"),
    N_("Shows the network of the cluster and, for each node, its role, state,\n"
       "addresses and resources."),
    json_entries, 1, 1, slipwayctl_cmd_status },
  { "start", N_("CLUSTER [NODE|ROLE…]"),
    N_("Start nodes"),
    N_("Starts the given nodes (“worker0”) and every node of the given roles\n"
       "(“gateway”, “control”, “worker”); all nodes when none is given."),
    NULL, 1, G_MAXUINT, slipwayctl_cmd_start },
  { "stop", N_("CLUSTER [NODE|ROLE…]"),
    N_("Shut nodes down"),
    N_("Asks the given nodes, or all, to shut down and waits until they are off.\n"
       "Nodes still running after the timeout are turned off."),
    stop_entries, 1, G_MAXUINT, slipwayctl_cmd_stop },
  { "reset", N_("CLUSTER [NODE|ROLE…]"),
    N_("Return nodes to the baseline, the moment the cluster was first ready"),
    N_("Restores the given nodes, or all, to the baseline checkpoint Slipway took\n"
       "when every node was first ready: no boot, back in seconds. Nodes without a\n"
       "baseline are rebuilt instead. Names, addresses and SSH keys stay the same."),
    yes_entries, 1, G_MAXUINT, slipwayctl_cmd_reset },
  { "rebuild", N_("CLUSTER [NODE|ROLE…]"),
    N_("Give nodes fresh disks from the base image and boot them"),
    N_("Turns the given nodes, or all, off, gives them fresh disks from the base\n"
       "image and starts them again. Names, addresses and SSH keys stay the same.\n"
       "Every checkpoint of the cluster is deleted: none matches the new disks."),
    yes_entries, 1, G_MAXUINT, slipwayctl_cmd_rebuild },
  { "checkpoint", N_("save|list|restore|delete CLUSTER [NAME] [NODE|ROLE…]"),
    N_("Save, list, restore or delete checkpoints of a cluster"),
    N_("“save CLUSTER NAME” pauses every running node, saves each one with its memory\n"
       "and resumes them all: one moment of the whole cluster. “restore CLUSTER [NAME]\n"
       "[NODE|ROLE…]” brings the given nodes, or all, back to it without a boot (the\n"
       "baseline when no name is given). “list CLUSTER” shows them, “delete CLUSTER\n"
       "NAME” removes one from every node."),
    checkpoint_entries, 2, G_MAXUINT, slipwayctl_cmd_checkpoint },
  { "force-off", N_("CLUSTER [NODE|ROLE…]"),
    N_("Turn nodes off at once, like pulling the plug"),
    NULL,
    NULL, 1, G_MAXUINT, slipwayctl_cmd_force_off },
  { "destroy", N_("CLUSTER"),
    N_("Delete a cluster’s machines, disks and network"),
    N_("Lists what will be deleted and asks to type the cluster name. Without a\n"
       "terminal, nothing happens unless --yes is given."),
    destroy_entries, 1, 1, slipwayctl_cmd_destroy },
  { "console", N_("CLUSTER NODE"),
    N_("Attach this terminal to a node’s serial console"),
    N_("Press Ctrl+] to leave. When the standard input is not a terminal, it is\n"
       "sent to the console as it is, and the command runs until the console closes\n"
       "or it is interrupted. A console that another program has (virsh console, a\n"
       "Slipway window) is left alone unless --force is given."),
    console_entries, 2, 2, slipwayctl_cmd_console },
  { "wait", N_("CLUSTER"),
    N_("Wait until every node is ready"),
    N_("Follows every node from running to its address, its SSH port, an SSH login\n"
       "with the cluster key and the host key Slipway pinned, and cloud-init having\n"
       "finished, printing each step. Exit status 0 when all nodes got there; 1 on\n"
       "timeout, naming the nodes that did not and where they stopped, at once when a\n"
       "node is not running, and when a node keeps answering with another host key."),
    wait_entries, 1, 1, slipwayctl_cmd_wait },
  { "ssh", N_("CLUSTER NODE [-- COMMAND…]"),
    N_("Log in to a node, or run a command there"),
    N_("Runs “ssh -F SSH_CONFIG NODE [COMMAND…]” with the cluster’s own ssh_config:\n"
       "the cluster key, and the node’s pinned host key checked strictly. Your own\n"
       "~/.ssh/known_hosts is neither read nor written. Put “--” before a command\n"
       "that has options of its own."),
    NULL, 2, G_MAXUINT, slipwayctl_cmd_ssh },
  { "export", N_("CLUSTER"),
    N_("Print the cluster’s ssh_config, an Ansible inventory or /etc/hosts lines"),
    N_("ansible: groups gateway, control and worker, and nodes (control and worker),\n"
       "with the login user, the cluster key and the pinned host keys."),
    export_entries, 1, 1, slipwayctl_cmd_export },
  { "set-password", N_("FILE"),
    N_("Store a console password’s hash in a cluster file"),
    N_("Asks for the password twice, without showing it, or reads the first line of\n"
       "the standard input when it is not a terminal, and writes only its SHA-512\n"
       "crypt hash to “password-hash” in FILE. Nodes created or reset from the file\n"
       "afterwards accept it on the serial console; SSH still takes keys only."),
    set_password_entries, 1, 1, slipwayctl_cmd_set_password },
  { "help", N_("[COMMAND]"),
    N_("Show the help of a command"),
    NULL,
    NULL, 0, 1, NULL },
};

const SlipwayctlCommand *
slipwayctl_get_commands (guint *n_commands)
{
  *n_commands = G_N_ELEMENTS (commands);
  return commands;
}

const SlipwayctlCommand *
slipwayctl_find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}
