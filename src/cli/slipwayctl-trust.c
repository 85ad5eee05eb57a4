/* slipwayctl-trust.c — wait, ssh, export, set-password
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "slipwayctl-private.h"

/* A node that answers with another host key for this long is reported,
 * rather than waited for: it is not a key change during boot. */
#define MISMATCH_GRACE_SECONDS 15

int   slipwayctl_opt_wait_timeout = 900;
char *slipwayctl_opt_until;
char *slipwayctl_opt_format;
gboolean slipwayctl_opt_remove;

/* Status and local trust files --------------------------------------------- */

static SlipwayClusterStatus *
fetch_status (Slipwayctl  *ctl,
              const char  *cluster,
              GError     **error)
{
  SlipwayProvisioner *provisioner = slipwayctl_get_provisioner (ctl);
  g_autoptr(GAsyncResult) result = NULL;

  slipway_provisioner_status_async (provisioner, cluster, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);

  return slipway_provisioner_status_finish (provisioner, result, error);
}

/* The cluster's ssh_config and known_hosts, written again from what libvirt
 * says (a cluster made before Slipway pinned host keys has none). */
static gboolean
ensure_trust_files (const SlipwayClusterStatus  *status,
                    GError                     **error)
{
  g_autofree char *config = slipway_cluster_ssh_config (status->name);
  g_autofree char *known = slipway_cluster_known_hosts (status->name);

  if (g_file_test (config, G_FILE_TEST_EXISTS) && g_file_test (known, G_FILE_TEST_EXISTS))
    return TRUE;

  return slipway_keys_ensure_cluster_key (status->name, NULL, NULL, NULL, error) &&
         slipway_keys_write_trust_files (status->topology, status->spec->user, NULL, NULL, error);
}

/* wait --------------------------------------------------------------------- */

typedef struct
{
  Slipwayctl       *ctl;
  SlipwayMonitor   *monitor;
  SlipwayReadiness  until;
  GHashTable       *mismatch_since;   /* node → monotonic µs */
  gboolean          done;
  gboolean          failed_early;
  gint64            start;
} WaitState;

static gboolean
readiness_reached (SlipwayReadiness readiness,
                   SlipwayReadiness until)
{
  return readiness != SLIPWAY_READINESS_HOST_KEY_MISMATCH && readiness >= until;
}

static gboolean
wait_all_reached (WaitState *state)
{
  g_auto(GStrv) nodes = slipway_monitor_dup_nodes (state->monitor);

  if (nodes == NULL || nodes[0] == NULL)
    return FALSE;

  for (guint i = 0; nodes[i] != NULL; i++)
    {
      if (!readiness_reached (slipway_monitor_get_readiness (state->monitor, nodes[i]),
                              state->until))
        return FALSE;
    }

  return TRUE;
}

static void
wait_node_changed_cb (SlipwayMonitor *monitor,
                      const char     *node,
                      int             readiness,
                      WaitState      *state)
{
  if (readiness == SLIPWAY_READINESS_HOST_KEY_MISMATCH)
    {
      if (!g_hash_table_contains (state->mismatch_since, node))
        g_hash_table_insert (state->mismatch_since, g_strdup (node),
                             g_memdup2 (&(gint64) { g_get_monotonic_time () }, sizeof (gint64)));
    }
  else
    {
      g_hash_table_remove (state->mismatch_since, node);
    }

  if (!state->ctl->quiet)
    {
      gint64 elapsed = (g_get_monotonic_time () - state->start) / G_USEC_PER_SEC;

      /* Translators: a progress line of “slipwayctl wait”: seconds since
       * the start, a node name and its readiness, such as “SSH port open” */
      g_printerr (_("[%4" G_GINT64_FORMAT " s] %s: %s"), elapsed, node,
                  slipway_readiness_get_title ((SlipwayReadiness)readiness));
      g_printerr ("\n");
    }

  if (wait_all_reached (state))
    {
      state->done = TRUE;
      g_main_loop_quit (state->ctl->loop);
    }
}

static gboolean
wait_check_cb (gpointer user_data)
{
  WaitState *state = user_data;
  g_auto(GStrv) nodes = slipway_monitor_dup_nodes (state->monitor);
  GHashTableIter iter;
  gpointer since;

  /* Nodes that cannot get there without someone starting them. */
  for (guint i = 0; nodes != NULL && nodes[i] != NULL; i++)
    {
      SlipwayReadiness readiness = slipway_monitor_get_readiness (state->monitor, nodes[i]);

      if (readiness == SLIPWAY_READINESS_MISSING || readiness == SLIPWAY_READINESS_DEFINED)
        state->failed_early = TRUE;
    }

  g_hash_table_iter_init (&iter, state->mismatch_since);
  while (g_hash_table_iter_next (&iter, NULL, &since))
    {
      if (g_get_monotonic_time () - *(gint64 *)since >= MISMATCH_GRACE_SECONDS * G_USEC_PER_SEC)
        state->failed_early = TRUE;
    }

  if (state->failed_early || wait_all_reached (state))
    {
      state->done = !state->failed_early;
      g_main_loop_quit (state->ctl->loop);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  WaitState *state = user_data;

  g_main_loop_quit (state->ctl->loop);

  return G_SOURCE_CONTINUE;
}

static gboolean
parse_until (const char       *str,
             SlipwayReadiness *until)
{
  if (str == NULL || g_str_equal (str, "ready"))
    *until = SLIPWAY_READINESS_READY;
  else if (g_str_equal (str, "ssh"))
    *until = SLIPWAY_READINESS_SSH_AUTHENTICATED;
  else if (g_str_equal (str, "running"))
    *until = SLIPWAY_READINESS_RUNNING;
  else
    return FALSE;

  return TRUE;
}

int
slipwayctl_cmd_wait (Slipwayctl  *ctl,
                     int          argc,
                     char       **argv)
{
  const char *cluster = argv[0];
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(SlipwayMonitor) monitor = NULL;
  g_autoptr(GHashTable) mismatch_since = NULL;
  g_autoptr(GString) stuck = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) nodes = NULL;
  WaitState state = { 0 };
  gboolean any_mismatch = FALSE;
  guint check_id;
  guint timeout_id = 0;
  gulong changed_id;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "wait", cluster, &exit_code))
    return exit_code;

  if (!parse_until (slipwayctl_opt_until, &state.until))
    /* Translators: %s is what the user typed; keep the keywords */
    return slipwayctl_usage_error (ctl, "wait",
                                   _("“%s” is not a stage to wait for: use “running”, “ssh” or “ready”."),
                                   slipwayctl_opt_until);
  if (slipwayctl_opt_wait_timeout < 0)
    return slipwayctl_usage_error (ctl, "wait", _("The timeout must be 0 or more seconds."));

  /* Not found, not ours: said once, before any waiting. */
  status = fetch_status (ctl, cluster, &error);
  if (status == NULL)
    return slipwayctl_report_error (ctl, error);
  if (!ensure_trust_files (status, &error))
    return slipwayctl_report_error (ctl, error);

  mismatch_since = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  monitor = slipway_monitor_new (slipwayctl_get_provisioner (ctl), cluster);

  state.ctl = ctl;
  state.monitor = monitor;
  state.mismatch_since = mismatch_since;
  state.start = g_get_monotonic_time ();

  changed_id = g_signal_connect (monitor, "node-changed", G_CALLBACK (wait_node_changed_cb), &state);
  check_id = g_timeout_add_seconds (1, wait_check_cb, &state);
  if (slipwayctl_opt_wait_timeout > 0)
    timeout_id = g_timeout_add_seconds (slipwayctl_opt_wait_timeout, wait_timeout_cb, &state);

  slipway_monitor_start (monitor);
  g_main_loop_run (ctl->loop);
  slipway_monitor_stop (monitor);

  g_source_remove (check_id);
  if (timeout_id != 0)
    g_source_remove (timeout_id);
  g_signal_handler_disconnect (monitor, changed_id);

  if (state.done)
    {
      if (!ctl->quiet)
        {
          guint n;

          nodes = slipway_monitor_dup_nodes (monitor);
          n = nodes != NULL ? g_strv_length (nodes) : 0;

          g_print (g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %u is a number of nodes, %s a cluster name */
                                "The %u node of “%s” is there.",
                                "All %u nodes of “%s” are there.", n),
                   n, cluster);
          g_print ("\n");
        }
      return SLIPWAYCTL_EXIT_OK;
    }

  if (g_cancellable_is_cancelled (ctl->cancellable))
    return ctl->interrupt_exit != 0 ? ctl->interrupt_exit : SLIPWAYCTL_EXIT_CANCELLED;

  /* Name the nodes that did not get there, with where they stopped. */
  stuck = g_string_new (NULL);
  g_clear_pointer (&nodes, g_strfreev);
  nodes = slipway_monitor_dup_nodes (monitor);
  for (guint i = 0; nodes != NULL && nodes[i] != NULL; i++)
    {
      SlipwayReadiness readiness = slipway_monitor_get_readiness (monitor, nodes[i]);

      if (readiness_reached (readiness, state.until))
        continue;
      if (readiness == SLIPWAY_READINESS_HOST_KEY_MISMATCH)
        any_mismatch = TRUE;
      /* Failing early names only the nodes it failed for. */
      if (state.failed_early &&
          readiness != SLIPWAY_READINESS_HOST_KEY_MISMATCH &&
          readiness != SLIPWAY_READINESS_MISSING &&
          readiness != SLIPWAY_READINESS_DEFINED)
        continue;
      if (state.failed_early && any_mismatch && readiness != SLIPWAY_READINESS_HOST_KEY_MISMATCH)
        continue;
      if (stuck->len > 0)
        g_string_append (stuck, ", ");
      /* Translators: a node and its state, in a list: “worker0 (SSH port open)” */
      g_string_append_printf (stuck, _("%s (%s)"), nodes[i], slipway_readiness_get_title (readiness));
    }

  if (state.failed_early && any_mismatch)
    /* Translators: %s is a list of nodes and their states */
    slipwayctl_printerr (ctl, _("Not trusted: these nodes answer with another SSH host key than "
                                "the one Slipway gave them: %s. Someone replaced their keys, or "
                                "another machine has their addresses; reset them to be sure."),
                         stuck->str);
  else if (state.failed_early)
    /* Translators: %s is a list of nodes and their states; %s then the cluster */
    slipwayctl_printerr (ctl, _("These nodes are not running, so they will not be ready: %s. "
                                "Start them with “slipwayctl start %s”."),
                         stuck->str, cluster);
  else if (stuck->len == 0)
    slipwayctl_printerr (ctl, _("Could not look at the nodes in time: is the libvirt connection slow?"));
  else
    /* Translators: %d is a number of seconds, %s a list of nodes and their states */
    slipwayctl_printerr (ctl, _("Gave up after %d s; not there yet: %s."),
                         slipwayctl_opt_wait_timeout, stuck->str);

  return SLIPWAYCTL_EXIT_FAILED;
}

/* ssh ---------------------------------------------------------------------- */

int
slipwayctl_cmd_ssh (Slipwayctl  *ctl,
                    int          argc,
                    char       **argv)
{
  const char *cluster = argv[0];
  const char *node = argv[1];
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *program = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "ssh", cluster, &exit_code))
    return exit_code;

  status = fetch_status (ctl, cluster, &error);
  if (status == NULL)
    return slipwayctl_report_error (ctl, error);

  if (slipway_topology_find_node (status->topology, node) == NULL)
    {
      g_set_error (&error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   /* Translators: the 1st %s is a cluster name, the 2nd what the user typed */
                   _("Cluster “%s” has no node named “%s”."), cluster, node);
      return slipwayctl_report_error (ctl, error);
    }

  if (!ensure_trust_files (status, &error))
    return slipwayctl_report_error (ctl, error);

  program = g_find_program_in_path ("ssh");
  if (program == NULL)
    {
      slipwayctl_printerr (ctl, "%s", _("ssh is not installed. Install the openssh-client package."));
      return SLIPWAYCTL_EXIT_FAILED;
    }

  config = slipway_cluster_ssh_config (cluster);

  /* An argv array: nothing here goes through a local shell. "--" ends
   * ssh's options, so the command's own options stay the command's. */
  args = g_ptr_array_new ();
  g_ptr_array_add (args, (char *)"ssh");
  g_ptr_array_add (args, (char *)"-F");
  g_ptr_array_add (args, config);
  g_ptr_array_add (args, (char *)"--");
  g_ptr_array_add (args, (char *)node);
  /* GOption leaves the "--" that separates the command. */
  for (int i = (argc > 2 && g_str_equal (argv[2], "--")) ? 3 : 2; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);

  fflush (stdout);
  fflush (stderr);
  execv (program, (char **)args->pdata);

  {
    int saved_errno = errno;

    /* Translators: %s is the system's error message */
    slipwayctl_printerr (ctl, _("Could not run ssh: %s"), g_strerror (saved_errno));
  }

  return SLIPWAYCTL_EXIT_FAILED;
}

/* export ------------------------------------------------------------------- */

static void
export_hosts (const SlipwayClusterStatus *status,
              GString                    *out)
{
  const SlipwayTopology *topology = status->topology;

  g_string_append_printf (out, "# Slipway cluster %s (%s)\n", status->name, topology->subnet);
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      g_string_append_printf (out, "%s\t%s %s\n", node->ipv4, node->fqdn, node->name);
    }
  if (topology->api_ipv4 != NULL)
    g_string_append_printf (out, "%s\tkubernetes.%s kubernetes\n", topology->api_ipv4, topology->domain);
}

static void
export_ansible (const SlipwayClusterStatus *status,
                GString                    *out)
{
  const SlipwayTopology *topology = status->topology;
  g_autofree char *identity = slipway_cluster_identity_file (status->name);
  g_autofree char *known = slipway_cluster_known_hosts (status->name);
  g_autofree char *quoted_known = g_shell_quote (known);

  g_string_append_printf (out,
                          "# Ansible inventory of Slipway cluster %s.\n"
                          "# Host keys are checked against the keys Slipway pinned.\n",
                          status->name);

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

  /* A ":vars" value is the rest of its line, as it is; Ansible splits
   * ansible_ssh_common_args like a shell, hence the shell quoting. */
  g_string_append_printf (out,
                          "\n[all:vars]\n"
                          "ansible_user=%s\n"
                          "ansible_ssh_private_key_file=%s\n"
                          "ansible_ssh_common_args=-o IdentitiesOnly=yes -o StrictHostKeyChecking=yes "
                          "-o UserKnownHostsFile=%s -o GlobalKnownHostsFile=/dev/null "
                          "-o HostKeyAlgorithms=ssh-ed25519\n",
                          status->spec->user, identity, quoted_known);
}

int
slipwayctl_cmd_export (Slipwayctl  *ctl,
                       int          argc,
                       char       **argv)
{
  const char *cluster = argv[0];
  const char *format = slipwayctl_opt_format != NULL ? slipwayctl_opt_format : "ssh-config";
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "export", cluster, &exit_code))
    return exit_code;

  if (!g_str_equal (format, "ssh-config") && !g_str_equal (format, "ansible") &&
      !g_str_equal (format, "hosts"))
    /* Translators: %s is what the user typed; keep the keywords */
    return slipwayctl_usage_error (ctl, "export",
                                   _("“%s” is not an export format: use “ssh-config”, “ansible” or “hosts”."),
                                   format);

  status = fetch_status (ctl, cluster, &error);
  if (status == NULL)
    return slipwayctl_report_error (ctl, error);

  out = g_string_new (NULL);

  if (g_str_equal (format, "hosts"))
    {
      export_hosts (status, out);
    }
  else
    {
      if (!ensure_trust_files (status, &error))
        return slipwayctl_report_error (ctl, error);

      if (g_str_equal (format, "ansible"))
        {
          export_ansible (status, out);
        }
      else
        {
          g_autofree char *identity = slipway_cluster_identity_file (cluster);
          g_autofree char *known = slipway_cluster_known_hosts (cluster);
          g_autofree char *text = NULL;

          text = slipway_keys_render_ssh_config (status->topology, status->spec->user,
                                                 identity, known, &error);
          if (text == NULL)
            return slipwayctl_report_error (ctl, error);
          g_string_append (out, text);
        }
    }

  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);

  return SLIPWAYCTL_EXIT_OK;
}

/* Passwords ---------------------------------------------------------------- */

/* One line from @fd, without its new line; with echo off when @fd is a
 * terminal. NULL at the end of the input. */
static char *
read_secret_line (int          fd,
                  const char  *prompt,
                  GError     **error)
{
  struct termios saved;
  struct termios quiet;
  gboolean is_tty = isatty (fd);
  GString *line = g_string_new (NULL);
  gboolean got_any = FALSE;

  if (is_tty)
    {
      g_printerr ("%s", prompt);
      if (tcgetattr (fd, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t)ECHO;
          quiet.c_lflag |= ECHONL;
          tcsetattr (fd, TCSAFLUSH, &quiet);
        }
      else
        {
          is_tty = FALSE;
        }
    }

  for (;;)
    {
      char c;
      gssize n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          break;
        }
      if (n == 0)
        break;
      got_any = TRUE;
      if (c == '\n')
        break;
      g_string_append_c (line, c);
    }

  if (is_tty)
    tcsetattr (fd, TCSAFLUSH, &saved);

  if ((error != NULL && *error != NULL) || !got_any)
    {
      explicit_bzero (line->str, line->len);
      g_string_free (line, TRUE);
      return NULL;
    }

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  return g_string_free (line, FALSE);
}

static void
free_secret (char *secret)
{
  if (secret != NULL)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

/**
 * slipwayctl_read_password_hash:
 *
 * Asks for a password on the terminal, twice and without echo, or reads
 * the first line of the standard input when it is not a terminal, and
 * returns its SHA-512 crypt hash. The password never leaves this function.
 */
char *
slipwayctl_read_password_hash (Slipwayctl  *ctl,
                               GError     **error)
{
  char *first = NULL;
  char *second = NULL;
  char *hash = NULL;

  first = read_secret_line (STDIN_FILENO, _("Password for the nodes’ console: "), error);
  if (first == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("No password was given."));
      return NULL;
    }

  if (isatty (STDIN_FILENO))
    {
      second = read_secret_line (STDIN_FILENO, _("The same password again: "), error);
      if (second == NULL || strcmp (first, second) != 0)
        {
          g_clear_error (error);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The two passwords differ. Nothing was changed."));
          free_secret (first);
          free_secret (second);
          return NULL;
        }
    }

  hash = slipway_hash_password (first, error);
  free_secret (first);
  free_secret (second);

  return hash;
}

int
slipwayctl_cmd_set_password (Slipwayctl  *ctl,
                             int          argc,
                             char       **argv)
{
  const char *path = argv[0];
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *data = NULL;
  gsize length;

  /* The file must be a cluster file before and after. */
  spec = slipway_spec_new_from_file (path, problems, &error);
  if (spec == NULL)
    {
      if (error != NULL)
        slipwayctl_printerr (ctl, "%s", error->message);
      else
        /* Translators: %s is a file name */
        slipwayctl_printerr (ctl, _("%s is not a valid cluster file; run “slipwayctl create --check %s” to see why."),
                             display, display);
      return SLIPWAYCTL_EXIT_INVALID;
    }

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_KEEP_COMMENTS, &error))
    {
      slipwayctl_printerr (ctl, "%s: %s", display, error->message);
      return SLIPWAYCTL_EXIT_INVALID;
    }

  if (slipwayctl_opt_remove)
    {
      g_key_file_set_string (keyfile, "cluster", "password-hash", "");
    }
  else
    {
      hash = slipwayctl_read_password_hash (ctl, &error);
      if (hash == NULL)
        {
          slipwayctl_printerr (ctl, "%s", error->message);
          return SLIPWAYCTL_EXIT_FAILED;
        }
      g_key_file_set_string (keyfile, "cluster", "password-hash", hash);
    }

  data = g_key_file_to_data (keyfile, &length, NULL);
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      slipwayctl_printerr (ctl, "%s", error->message);
      return SLIPWAYCTL_EXIT_FAILED;
    }

  if (!ctl->quiet)
    {
      if (slipwayctl_opt_remove)
        /* Translators: %s is a file name */
        g_print (_("Removed the password from %s."), display);
      else
        /* Translators: %s is a file name */
        g_print (_("Stored the password’s hash in %s. It applies to nodes created or reset from now on."),
                 display);
      g_print ("\n");
    }

  return SLIPWAYCTL_EXIT_OK;
}

/* status --json ------------------------------------------------------------ */

/**
 * slipwayctl_probe_readiness:
 *
 * One look at every node of @cluster. Returns the monitor to read the
 * readiness from, or NULL (readiness unknown) on failure.
 */
SlipwayMonitor *
slipwayctl_probe_readiness (Slipwayctl                 *ctl,
                            const SlipwayClusterStatus *status)
{
  g_autoptr(SlipwayMonitor) monitor = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!ensure_trust_files (status, &error))
    {
      g_debug ("No trust files for %s: %s", status->name, error->message);
      return NULL;
    }

  monitor = slipway_monitor_new (slipwayctl_get_provisioner (ctl), status->name);
  slipway_monitor_probe_async (monitor, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  if (!slipway_monitor_probe_finish (monitor, result, &error))
    {
      g_debug ("Could not probe %s: %s", status->name, error->message);
      return NULL;
    }

  return g_steal_pointer (&monitor);
}
