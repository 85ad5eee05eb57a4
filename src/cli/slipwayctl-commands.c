/* slipwayctl-commands.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>

#include "slipwayctl-private.h"

/* Command options. One command runs per process, so static storage is fine. */
static char     *opt_output;
static char     *opt_image;
static gboolean  opt_force;
static gboolean  opt_check;
static gboolean  opt_json;
static gboolean  opt_yes;
static gboolean  opt_delete_image;
static gboolean  opt_delete_keys;
static int       opt_timeout = -1;
static gboolean  opt_password;
static gboolean  opt_take_over;

static const GOptionEntry init_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("Write to FILE instead of NAME.conf (“-” for the standard output)"), N_("FILE") },
  { "image", 'i', 0, G_OPTION_ARG_FILENAME, &opt_image,
    N_("Use the cloud image at PATH as the base disk of every node"), N_("PATH") },
  { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_force,
    N_("Overwrite the file if it exists"), NULL },
  { "password", 'p', 0, G_OPTION_ARG_NONE, &opt_password,
    N_("Ask for a console password and store its hash in the file"), NULL },
  { NULL }
};

static const GOptionEntry wait_entries[] = {
  { "timeout", 't', 0, G_OPTION_ARG_INT, &slipwayctl_opt_wait_timeout,
    N_("Give up after SECONDS (default 900; 0: never)"), N_("SECONDS") },
  { "until", 'u', 0, G_OPTION_ARG_STRING, &slipwayctl_opt_until,
    N_("Wait until every node is “running”, accepts “ssh” logins, or is “ready” (default)"),
    N_("STAGE") },
  { NULL }
};

static const GOptionEntry console_entries[] = {
  { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_take_over,
    N_("Take the console over from the program that has it (it is disconnected)"), NULL },
  { NULL }
};

static const GOptionEntry export_entries[] = {
  { "format", 'f', 0, G_OPTION_ARG_STRING, &slipwayctl_opt_format,
    N_("“ssh-config” (default), “ansible” (an inventory) or “hosts” (/etc/hosts lines)"),
    N_("FORMAT") },
  { NULL }
};

static const GOptionEntry set_password_entries[] = {
  { "remove", 0, 0, G_OPTION_ARG_NONE, &slipwayctl_opt_remove,
    N_("Remove the password: the account is locked again"), NULL },
  { NULL }
};

static const GOptionEntry create_entries[] = {
  { "check", 0, 0, G_OPTION_ARG_NONE, &opt_check,
    N_("Only check the file against the host and the connection; create nothing"), NULL },
  { NULL }
};

static const GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print JSON (see docs/slipwayctl.md for the format)"), NULL },
  { NULL }
};

static const GOptionEntry stop_entries[] = {
  { "timeout", 't', 0, G_OPTION_ARG_INT, &opt_timeout,
    N_("Wait at most SECONDS for the guests to shut down"), N_("SECONDS") },
  { NULL }
};

static const GOptionEntry destroy_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes,
    N_("Do not ask for confirmation"), NULL },
  { "delete-image", 0, 0, G_OPTION_ARG_NONE, &opt_delete_image,
    N_("Also delete the base image, unless another cluster uses it"), NULL },
  { "delete-keys", 0, 0, G_OPTION_ARG_NONE, &opt_delete_keys,
    N_("Also delete the cluster’s SSH keys and local files"), NULL },
  { NULL }
};

/* Problems ---------------------------------------------------------------- */

static void
print_problem (Slipwayctl           *ctl,
               const char           *source,
               const SlipwayProblem *problem)
{
  g_autoptr(GString) where = g_string_new (NULL);

  if (problem->group != NULL)
    g_string_append_printf (where, "[%s]", problem->group);
  if (problem->key != NULL)
    g_string_append_printf (where, "%s%s", where->len > 0 ? " " : "", problem->key);

  if (where->len > 0 && problem->is_warning)
    /* Translators: a problem in a cluster file. The 1st %s is the file, the
     * 2nd the place in it, such as “[worker] memory”, the 3rd what is wrong. */
    slipwayctl_printerr (ctl, _("%s: %s: warning: %s"), source, where->str, problem->message);
  else if (where->len > 0)
    /* Translators: as above */
    slipwayctl_printerr (ctl, _("%s: %s: error: %s"), source, where->str, problem->message);
  else if (problem->is_warning)
    /* Translators: the 1st %s is a file, the 2nd what is wrong with it */
    slipwayctl_printerr (ctl, _("%s: warning: %s"), source, problem->message);
  else
    /* Translators: the 1st %s is a file, the 2nd what is wrong with it */
    slipwayctl_printerr (ctl, _("%s: error: %s"), source, problem->message);
}

/* Prints the problems not printed yet, and returns whether any is an error. */
static gboolean
print_problems (Slipwayctl *ctl,
                const char *source,
                GPtrArray  *problems,
                GHashTable *seen)
{
  gboolean has_errors = FALSE;

  if (problems == NULL)
    return FALSE;

  for (guint i = 0; i < problems->len; i++)
    {
      const SlipwayProblem *problem = g_ptr_array_index (problems, i);
      char *key;

      if (!problem->is_warning)
        has_errors = TRUE;

      key = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%d",
                             problem->group ? problem->group : "",
                             problem->key ? problem->key : "",
                             problem->message ? problem->message : "",
                             problem->is_warning);
      if (!g_hash_table_add (seen, key))
        continue;

      print_problem (ctl, source, problem);
    }

  return has_errors;
}

/* init -------------------------------------------------------------------- */

static gboolean
write_new_file (const char  *path,
                const char  *contents,
                gboolean     overwrite,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;

  if (overwrite)
    return g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, NULL, error);

  /* Create, never replace: no window between a test and the write. */
  stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;

  if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), contents, strlen (contents),
                                  NULL, NULL, error))
    return FALSE;

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

static int
cmd_init (Slipwayctl  *ctl,
          int          argc,
          char       **argv)
{
  const char *name = argv[0];
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "init", name, &exit_code))
    return exit_code;

  spec = slipway_spec_new_default (name);
  if (opt_password)
    {
      spec->password_hash = slipwayctl_read_password_hash (ctl, &error);
      if (spec->password_hash == NULL)
        {
          slipwayctl_printerr (ctl, "%s", error->message);
          return SLIPWAYCTL_EXIT_FAILED;
        }
    }
  if (opt_image != NULL)
    {
      /* The file may be used from another folder later. */
      g_free (spec->image);
      spec->image = g_canonicalize_filename (opt_image, NULL);
    }

  data = slipway_spec_to_data (spec, TRUE);

  if (g_strcmp0 (opt_output, "-") == 0)
    {
      fwrite (data, 1, strlen (data), stdout);
      fflush (stdout);
      return SLIPWAYCTL_EXIT_OK;
    }

  path = opt_output != NULL ? g_strdup (opt_output) : g_strconcat (name, ".conf", NULL);
  display = g_filename_display_name (path);

  if (!write_new_file (path, data, opt_force, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        /* Translators: %s is a file name */
        slipwayctl_printerr (ctl, _("%s exists already. Pass --force to overwrite it."), display);
      else
        slipwayctl_printerr (ctl, "%s", error->message);
      return SLIPWAYCTL_EXIT_FAILED;
    }

  if (!ctl->quiet)
    {
      /* Translators: both %s are the same file name */
      g_print (_("Wrote %s. Edit it, then run “slipwayctl create %s”."), display, display);
      g_print ("\n");
    }

  return SLIPWAYCTL_EXIT_OK;
}

/* create ------------------------------------------------------------------ */

static int
cmd_create (Slipwayctl  *ctl,
            int          argc,
            char       **argv)
{
  const char *path = argv[0];
  SlipwayProvisioner *provisioner;
  const SlipwaySpec *final;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(GPtrArray) host_problems = NULL;
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwaySpec) resolved = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nodes = NULL;
  guint n_nodes;

  /* Syntax, then values: both pure, so a bad file is reported as such
   * even when the hypervisor cannot be reached. */
  spec = slipway_spec_new_from_file (path, problems, &error);
  if (spec != NULL)
    slipway_spec_validate (spec, problems);

  if (print_problems (ctl, display, problems, seen) || spec == NULL)
    {
      if (error != NULL)
        slipwayctl_printerr (ctl, "%s", error->message);
      else
        /* Translators: %s is a file name */
        slipwayctl_printerr (ctl, _("%s has errors. Nothing was created."), display);
      return SLIPWAYCTL_EXIT_INVALID;
    }

  /* Against the host: free subnet, MAC prefixes, memory, the image. */
  provisioner = slipwayctl_get_provisioner (ctl);
  slipway_provisioner_check_async (provisioner, spec, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  host_problems = slipway_provisioner_check_finish (provisioner, result, &resolved, &error);
  g_clear_object (&result);

  if (host_problems == NULL && error != NULL)
    return slipwayctl_report_error (ctl, error);

  if (print_problems (ctl, display, host_problems, seen))
    {
      slipwayctl_printerr (ctl, _("%s has errors. Nothing was created."), display);
      return SLIPWAYCTL_EXIT_INVALID;
    }

  final = resolved != NULL ? resolved : spec;
  n_nodes = slipway_spec_get_n_nodes (final);
  nodes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node", "%u nodes", n_nodes), n_nodes);

  if (opt_check)
    {
      if (!ctl->quiet)
        {
          /* Translators: “lab.conf is fine: cluster “lab”, 7 nodes on 10.77.3.0/24.” */
          g_print (_("%s is fine: cluster “%s”, %s on %s."), display, final->name, nodes,
                   final->subnet != NULL ? final->subnet : _("a free subnet"));
          g_print ("\n");
        }
      return SLIPWAYCTL_EXIT_OK;
    }

  slipwayctl_progress_attach (ctl->progress, provisioner);
  slipway_provisioner_create_async (provisioner, final, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  slipwayctl_progress_detach (ctl->progress);

  if (!slipway_provisioner_create_finish (provisioner, result, &error))
    return slipwayctl_report_error (ctl, error);

  if (!ctl->quiet)
    {
      /* Translators: “Created cluster “lab”: 7 nodes on 10.77.3.0/24.” */
      g_print (_("Created cluster “%s”: %s on %s."), final->name, nodes,
               final->subnet != NULL ? final->subnet : "?");
      g_print ("\n");
      /* Translators: %s is a cluster name */
      g_print (_("Follow the nodes with “slipwayctl status %s”."), final->name);
      g_print ("\n");
    }

  return SLIPWAYCTL_EXIT_OK;
}

/* list, status ------------------------------------------------------------ */

static int
cmd_list (Slipwayctl  *ctl,
          int          argc,
          char       **argv)
{
  SlipwayProvisioner *provisioner = slipwayctl_get_provisioner (ctl);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GError) error = NULL;

  slipway_provisioner_list_async (provisioner, ctl->cancellable, slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  clusters = slipway_provisioner_list_finish (provisioner, result, &error);
  if (clusters == NULL)
    return slipwayctl_report_error (ctl, error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uri");
      json_builder_add_string_value (builder, ctl->uri);
      json_builder_set_member_name (builder, "clusters");
      json_builder_begin_array (builder);
      for (guint i = 0; i < clusters->len; i++)
        json_builder_add_value (builder, slipwayctl_status_to_json (g_ptr_array_index (clusters, i), NULL));
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      slipwayctl_print_json (root);
    }
  else if (clusters->len == 0)
    {
      /* Translators: %s is a libvirt URI */
      g_print (_("No clusters on %s."), ctl->uri);
      g_print ("\n");
    }
  else
    {
      slipwayctl_print_list (clusters);
    }

  return SLIPWAYCTL_EXIT_OK;
}

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

static int
cmd_status (Slipwayctl  *ctl,
            int          argc,
            char       **argv)
{
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "status", argv[0], &exit_code))
    return exit_code;

  status = fetch_status (ctl, argv[0], &error);
  if (status == NULL)
    return slipwayctl_report_error (ctl, error);

  if (opt_json)
    {
      g_autoptr(SlipwayMonitor) monitor = slipwayctl_probe_readiness (ctl, status);
      g_autoptr(JsonNode) root = slipwayctl_status_to_json (status, monitor);

      slipwayctl_print_json (root);
    }
  else
    {
      slipwayctl_print_status (status);
    }

  return SLIPWAYCTL_EXIT_OK;
}

/* start, stop, reset, force-off ------------------------------------------- */

static void
print_operation_done (SlipwayOperation  operation,
                      const char       *cluster,
                      const char       *targets)
{
  switch (operation)
    {
    case SLIPWAY_OPERATION_START:
      if (targets == NULL)
        /* Translators: %s is a cluster name */
        g_print (_("Started every node of “%s”."), cluster);
      else
        /* Translators: the 1st %s is a list of nodes or roles, the 2nd a cluster name */
        g_print (_("Started %s in “%s”."), targets, cluster);
      break;

    case SLIPWAY_OPERATION_STOP:
      if (targets == NULL)
        g_print (_("Stopped every node of “%s”."), cluster);
      else
        g_print (_("Stopped %s in “%s”."), targets, cluster);
      break;

    case SLIPWAY_OPERATION_FORCE_OFF:
      if (targets == NULL)
        g_print (_("Turned off every node of “%s”."), cluster);
      else
        g_print (_("Turned off %s in “%s”."), targets, cluster);
      break;

    case SLIPWAY_OPERATION_RESET:
      if (targets == NULL)
        g_print (_("Reset every node of “%s”."), cluster);
      else
        g_print (_("Reset %s in “%s”."), targets, cluster);
      break;

    case SLIPWAY_OPERATION_CREATE:
    case SLIPWAY_OPERATION_DESTROY:
    default:
      g_assert_not_reached ();
    }

  g_print ("\n");
}

static int
run_operation (Slipwayctl        *ctl,
               SlipwayOperation   operation,
               const char        *command,
               int                argc,
               char             **argv)
{
  SlipwayProvisioner *provisioner;
  const char * const *targets = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, command, argv[0], &exit_code))
    return exit_code;

  if (argc > 1)
    {
      targets = (const char * const *)(argv + 1);
      joined = g_strjoinv (", ", argv + 1);
    }

  provisioner = slipwayctl_get_provisioner (ctl);

  if (operation == SLIPWAY_OPERATION_STOP && opt_timeout >= 0)
    slipway_provisioner_set_stop_timeout (provisioner, (guint)opt_timeout);

  slipwayctl_progress_attach (ctl->progress, provisioner);
  slipway_provisioner_run_async (provisioner, operation, argv[0], targets, ctl->cancellable,
                                 slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  slipwayctl_progress_detach (ctl->progress);

  if (!slipway_provisioner_run_finish (provisioner, result, &error))
    return slipwayctl_report_error (ctl, error);

  if (!ctl->quiet)
    print_operation_done (operation, argv[0], joined);

  return SLIPWAYCTL_EXIT_OK;
}

static int
cmd_start (Slipwayctl  *ctl,
           int          argc,
           char       **argv)
{
  return run_operation (ctl, SLIPWAY_OPERATION_START, "start", argc, argv);
}

static int
cmd_stop (Slipwayctl  *ctl,
          int          argc,
          char       **argv)
{
  return run_operation (ctl, SLIPWAY_OPERATION_STOP, "stop", argc, argv);
}

static int
cmd_force_off (Slipwayctl  *ctl,
               int          argc,
               char       **argv)
{
  return run_operation (ctl, SLIPWAY_OPERATION_FORCE_OFF, "force-off", argc, argv);
}

static int
cmd_reset (Slipwayctl  *ctl,
           int          argc,
           char       **argv)
{
  return run_operation (ctl, SLIPWAY_OPERATION_RESET, "reset", argc, argv);
}

/* destroy ----------------------------------------------------------------- */

static void
describe_destruction (const SlipwayClusterStatus *status,
                      SlipwayDestroyFlags         flags,
                      const char                 *uri)
{
  const SlipwayTopology *topology = status->topology;
  g_autoptr(GPtrArray) domains = g_ptr_array_new ();
  g_autofree char *names = NULL;

  if (topology != NULL)
    {
      for (guint i = 0; i < topology->nodes->len; i++)
        {
          const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

          if (status->states == NULL || status->states[i] != SLIPWAY_NODE_STATE_MISSING)
            g_ptr_array_add (domains, node->domain_name);
        }
    }
  g_ptr_array_add (domains, NULL);
  names = g_strjoinv (", ", (char **)domains->pdata);

  /* Translators: the 1st %s is a cluster name, the 2nd a libvirt URI */
  g_printerr (_("This destroys the cluster “%s” on %s:"), status->name, uri);
  g_printerr ("\n");

  if (domains->len > 1)
    {
      guint n = domains->len - 1;

      g_printerr ("  • ");
      /* Translators: %u is a number of virtual machines, %s their names */
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%u virtual machine, turned off if running: %s",
                               "%u virtual machines, turned off if running: %s", n),
                  n, names);
      g_printerr ("\n  • ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "its disk and cloud-init seed",
                               "their disks and cloud-init seeds", n));
      g_printerr ("\n");
    }

  if (topology != NULL)
    {
      g_printerr ("  • ");
      /* Translators: the 1st %s is a libvirt network name, the 2nd its subnet */
      g_printerr (_("the network %s (%s)"), topology->network_name, topology->subnet);
      g_printerr ("\n");
    }

  if ((flags & SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE) != 0 && status->spec != NULL &&
      status->spec->image != NULL)
    {
      g_printerr ("  • ");
      /* Translators: %s is the path of a disk image */
      g_printerr (_("the base image %s, unless another cluster uses it"), status->spec->image);
      g_printerr ("\n");
    }

  if ((flags & SLIPWAY_DESTROY_FLAGS_DELETE_KEYS) != 0)
    {
      g_autofree char *dir = slipway_cluster_dir (status->name);

      g_printerr ("  • ");
      /* Translators: %s is a folder */
      g_printerr (_("the SSH keys and local files in %s"), dir);
      g_printerr ("\n");
    }
}

static int
confirm_destruction (Slipwayctl *ctl,
                     const char *cluster)
{
  g_autoptr(GInputStream) base = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GDataInputStream) input = g_data_input_stream_new (base);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* Translators: %s is a cluster name the user has to type */
  g_printerr (_("Type “%s” to destroy it, anything else to keep it: "), cluster);

  ctl->in_prompt = TRUE;
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, ctl->cancellable,
                                       slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  ctl->in_prompt = FALSE;
  line = g_data_input_stream_read_line_finish (input, result, NULL, &error);

  if (error != NULL)
    return slipwayctl_report_error (ctl, error);

  if (line == NULL || g_strcmp0 (g_strstrip (line), cluster) != 0)
    {
      if (line == NULL)
        g_printerr ("\n");
      /* Translators: %s is a cluster name */
      slipwayctl_printerr (ctl, _("Kept “%s”."), cluster);
      return SLIPWAYCTL_EXIT_CANCELLED;
    }

  return SLIPWAYCTL_EXIT_OK;
}

static int
cmd_destroy (Slipwayctl  *ctl,
             int          argc,
             char       **argv)
{
  const char *cluster = argv[0];
  SlipwayDestroyFlags flags = SLIPWAY_DESTROY_FLAGS_NONE;
  SlipwayProvisioner *provisioner;
  g_autoptr(SlipwayClusterStatus) status = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "destroy", cluster, &exit_code))
    return exit_code;

  if (opt_delete_image)
    flags |= SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE;
  if (opt_delete_keys)
    flags |= SLIPWAY_DESTROY_FLAGS_DELETE_KEYS;

  if (!opt_yes)
    {
      /* Missing clusters are reported as such, with or without a terminal. */
      status = fetch_status (ctl, cluster, &error);
      if (status == NULL)
        return slipwayctl_report_error (ctl, error);

      if (!isatty (STDIN_FILENO))
        return slipwayctl_usage_error (ctl, "destroy",
                                       /* Translators: %s is a cluster name */
                                       _("Not destroying “%s” without confirmation: "
                                         "pass --yes to destroy it from a script."),
                                       cluster);

      describe_destruction (status, flags, ctl->uri);

      exit_code = confirm_destruction (ctl, cluster);
      if (exit_code != SLIPWAYCTL_EXIT_OK)
        return exit_code;
    }

  provisioner = slipwayctl_get_provisioner (ctl);
  slipwayctl_progress_attach (ctl->progress, provisioner);
  slipway_provisioner_destroy_async (provisioner, cluster, flags, ctl->cancellable,
                                     slipwayctl_async_cb, ctl);
  result = slipwayctl_wait (ctl);
  slipwayctl_progress_detach (ctl->progress);

  if (!slipway_provisioner_destroy_finish (provisioner, result, &error))
    return slipwayctl_report_error (ctl, error);

  if (!ctl->quiet)
    {
      /* Translators: %s is a cluster name */
      g_print (_("Destroyed “%s”."), cluster);
      g_print ("\n");
    }

  return SLIPWAYCTL_EXIT_OK;
}

/* console ----------------------------------------------------------------- */

static int
cmd_console (Slipwayctl  *ctl,
             int          argc,
             char       **argv)
{
  int exit_code;

  if (!slipwayctl_check_cluster_name (ctl, "console", argv[0], &exit_code))
    return exit_code;

  return slipwayctl_run_console (ctl, argv[0], argv[1], opt_take_over);
}

/* The table --------------------------------------------------------------- */

static const SlipwayctlCommand commands[] = {
  { "init", N_("NAME"),
    N_("Write a commented cluster file to edit"),
    N_("Writes the default cluster (one gateway, three control-plane nodes and three\n"
       "workers) to NAME.conf, every setting explained in a comment. Edit it, then\n"
       "create the cluster with “slipwayctl create NAME.conf”. An existing file is\n"
       "never overwritten without --force."),
    init_entries, 1, 1, cmd_init },
  { "create", N_("FILE"),
    N_("Create the cluster a file describes, and start it"),
    N_("Reads the cluster file, reports every problem in it with its [group] and key,\n"
       "checks it against the host (free subnet, memory, the base image), then makes\n"
       "the network, the SSH keys, the disks, the cloud-init seeds and the virtual\n"
       "machines, and starts them.\n"
       "\n"
       "With --check, stops after the checks: exit status 0 when the cluster could be\n"
       "created, 3 when the file has errors."),
    create_entries, 1, 1, cmd_create },
  { "list", NULL,
    N_("List the clusters on the connection"),
    NULL,
    json_entries, 0, 0, cmd_list },
  { "status", N_("CLUSTER"),
    N_("Show a cluster’s network and nodes"),
    N_("Shows the network of the cluster and, for each node, its role, state,\n"
       "addresses and resources."),
    json_entries, 1, 1, cmd_status },
  { "start", N_("CLUSTER [NODE|ROLE…]"),
    N_("Start nodes"),
    N_("Starts the given nodes (“worker0”) and every node of the given roles\n"
       "(“gateway”, “control”, “worker”); all nodes when none is given."),
    NULL, 1, G_MAXUINT, cmd_start },
  { "stop", N_("CLUSTER [NODE|ROLE…]"),
    N_("Shut nodes down"),
    N_("Asks the given nodes, or all, to shut down and waits until they are off.\n"
       "Nodes still running after the timeout are turned off."),
    stop_entries, 1, G_MAXUINT, cmd_stop },
  { "reset", N_("CLUSTER [NODE|ROLE…]"),
    N_("Return nodes to their freshly created state"),
    N_("Turns the given nodes, or all, off, gives them fresh disks from the base\n"
       "image and starts them again. Names, addresses and SSH keys stay the same."),
    NULL, 1, G_MAXUINT, cmd_reset },
  { "force-off", N_("CLUSTER [NODE|ROLE…]"),
    N_("Turn nodes off at once, like pulling the plug"),
    NULL,
    NULL, 1, G_MAXUINT, cmd_force_off },
  { "destroy", N_("CLUSTER"),
    N_("Delete a cluster’s machines, disks and network"),
    N_("Lists what will be deleted and asks to type the cluster name. Without a\n"
       "terminal, nothing happens unless --yes is given."),
    destroy_entries, 1, 1, cmd_destroy },
  { "console", N_("CLUSTER NODE"),
    N_("Attach this terminal to a node’s serial console"),
    N_("Press Ctrl+] to leave. When the standard input is not a terminal, it is\n"
       "sent to the console as it is, and the command runs until the console closes\n"
       "or it is interrupted. A console that another program has (virsh console, a\n"
       "Slipway window) is left alone unless --force is given."),
    console_entries, 2, 2, cmd_console },
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
