/* slipwayctl.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "slipwayctl-private.h"

static const GOptionEntry main_entries[] = {
  { "connect", 'c', 0, G_OPTION_ARG_STRING, SLIPWAYCTL_OPTION (connect_before),
    N_("Use this libvirt connection (default: $LIBVIRT_DEFAULT_URI, else qemu:///system)"),
    N_("URI") },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (quiet),
    N_("Show no progress and no confirmations"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (version),
    N_("Show the version and exit"), NULL },
  { NULL }
};

static const GOptionEntry global_entries[] = {
  { "connect", 'c', 0, G_OPTION_ARG_STRING, SLIPWAYCTL_OPTION (connect_after),
    N_("Use this libvirt connection (default: $LIBVIRT_DEFAULT_URI, else qemu:///system)"),
    N_("URI") },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, SLIPWAYCTL_OPTION (quiet),
    N_("Show no progress and no confirmations"), NULL },
  { NULL }
};

static char *
main_description (void)
{
  const SlipwayctlCommand *commands;
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_commands;
  guint width = 0;

  commands = slipwayctl_get_commands (&n_commands);

  for (guint i = 0; i < n_commands; i++)
    {
      g_autofree char *usage = NULL;

      usage = g_strjoin (" ", commands[i].name,
                         commands[i].parameter_string ? _(commands[i].parameter_string) : NULL,
                         NULL);
      width = MAX (width, slipwayctl_text_width (usage));
    }

  g_string_append (text, _("Commands:"));
  g_string_append_c (text, '\n');

  for (guint i = 0; i < n_commands; i++)
    {
      g_autofree char *usage = NULL;
      guint pad;

      usage = g_strjoin (" ", commands[i].name,
                         commands[i].parameter_string ? _(commands[i].parameter_string) : NULL,
                         NULL);
      pad = width - slipwayctl_text_width (usage) + 2;
      g_string_append_printf (text, "  %s%*s%s\n", usage, (int)pad, "", _(commands[i].summary));
    }

  g_string_append_c (text, '\n');
  g_string_append (text, _("Run “slipwayctl COMMAND --help” or “slipwayctl help COMMAND” to see\n"
                           "what a command does and its options. --connect and --quiet may come\n"
                           "before or after the command."));
  g_string_append (text, "\n\n");
  g_string_append (text, _("Exit status:\n"
                           "  0    success\n"
                           "  1    the operation failed (libvirt or the hypervisor refused it)\n"
                           "  2    wrong arguments or options\n"
                           "  3    the cluster file is missing, unreadable or invalid\n"
                           "  4    no such cluster, node or role\n"
                           "  130  cancelled: Ctrl+C, or destroy not confirmed"));
  g_string_append (text, "\n\n");
  g_string_append (text, _("Environment:\n"
                           "  LIBVIRT_DEFAULT_URI  the libvirt connection to use without --connect\n"
                           "                       (default: qemu:///system)"));
  g_string_append_c (text, '\n');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Appends @entries, whose arg_data are SLIPWAYCTL_OPTION() offsets, to
 * @bound, each pointing into @ctl's options. */
static void
bind_entries (Slipwayctl         *ctl,
              const GOptionEntry *entries,
              GArray             *bound)
{
  for (const GOptionEntry *e = entries; e != NULL && e->long_name != NULL; e++)
    {
      GOptionEntry entry = *e;

      entry.arg_data = G_STRUCT_MEMBER_P (&ctl->options, GPOINTER_TO_SIZE (e->arg_data));
      g_array_append_val (bound, entry);
    }
}

static GOptionContext *
main_context_new (Slipwayctl *ctl)
{
  GOptionContext *context;
  g_autoptr(GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autofree char *description = main_description ();

  context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
  g_option_context_set_summary (context, _("Build, run and reset labs of virtual machines with libvirt."));
  g_option_context_set_description (context, description);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  bind_entries (ctl, main_entries, entries);
  /* GOption copies the entries. */
  g_option_context_add_main_entries (context, (const GOptionEntry *)(gpointer)entries->data,
                                     GETTEXT_PACKAGE);
  /* Stop at the command name: what follows belongs to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  return context;
}

static GOptionContext *
command_context_new (Slipwayctl              *ctl,
                     const SlipwayctlCommand *command)
{
  GOptionContext *context;
  g_autoptr(GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autofree char *prgname = g_strconcat ("slipwayctl ", command->name, NULL);

  /* Makes GOption print “Usage: slipwayctl create [OPTION…] FILE”. */
  g_set_prgname (prgname);

  context = g_option_context_new (command->parameter_string ? _(command->parameter_string) : NULL);
  g_option_context_set_summary (context, _(command->summary));
  if (command->description != NULL)
    g_option_context_set_description (context, _(command->description));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  bind_entries (ctl, command->entries, entries);
  bind_entries (ctl, global_entries, entries);

  /* GOption copies the entries. */
  g_option_context_add_main_entries (context, (const GOptionEntry *)(gpointer)entries->data,
                                     GETTEXT_PACKAGE);

  return context;
}

static void
slipwayctl_interrupt (Slipwayctl *ctl,
                      int         signum)
{
  /* The command is done and only the last workers are waited for: its
   * result stands. Leave now rather than die of the signal, skipping the
   * library teardown those workers could still be inside. */
  if (ctl->finished_exit >= 0)
    {
      fflush (stdout);
      fflush (stderr);
      _exit (ctl->finished_exit);
    }

  ctl->n_interrupts++;

  if (ctl->n_interrupts > 1)
    {
      slipwayctl_tty_restore ();
      if (ctl->progress != NULL)
        slipwayctl_progress_clear (ctl->progress);
      g_printerr ("slipwayctl: %s\n", _("Interrupted."));
      _exit (128 + signum);
    }

  ctl->interrupt_exit = 128 + signum;

  if (ctl->in_prompt)
    g_printerr ("\n");
  else if (signum == SIGINT && !ctl->in_console)
    slipwayctl_printerr (ctl, "%s", _("Cancelling… Press Ctrl+C again to quit at once."));

  g_cancellable_cancel (ctl->cancellable);
}

static gboolean
on_sigint_cb (gpointer user_data)
{
  slipwayctl_interrupt (user_data, SIGINT);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm_cb (gpointer user_data)
{
  slipwayctl_interrupt (user_data, SIGTERM);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sighup_cb (gpointer user_data)
{
  slipwayctl_interrupt (user_data, SIGHUP);
  return G_SOURCE_CONTINUE;
}

static int
print_command_help (Slipwayctl *ctl,
                    const char *name)
{
  const SlipwayctlCommand *command = slipwayctl_find_command (name);
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *help = NULL;

  if (command == NULL)
    /* Translators: %s is what the user typed as a command */
    return slipwayctl_usage_error (NULL, NULL, _("Unknown command “%s”."), name);

  if (command->run == NULL)
    {
      g_autoptr(GOptionContext) main_context = NULL;

      g_set_prgname ("slipwayctl");
      main_context = main_context_new (ctl);
      help = g_option_context_get_help (main_context, TRUE, NULL);
    }
  else
    {
      context = command_context_new (ctl, command);
      help = g_option_context_get_help (context, TRUE, NULL);
    }

  g_print ("%s", help);

  return SLIPWAYCTL_EXIT_OK;
}

static int
run_command (Slipwayctl              *ctl,
             const SlipwayctlCommand *command,
             int                      argc,
             char                   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  guint n_args;
  int ret;

  context = command_context_new (ctl, command);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return slipwayctl_usage_error (NULL, command->name, "%s", error->message);

  n_args = (guint)argc - 1;
  if (n_args < command->min_args)
    /* Translators: the 1st %s is a command, the 2nd its arguments, such as “CLUSTER NODE” */
    return slipwayctl_usage_error (NULL, command->name, _("%s: expected %s."),
                                   command->name, _(command->parameter_string));
  if (n_args > command->max_args)
    /* Translators: the 1st %s is a command, the 2nd what the user typed */
    return slipwayctl_usage_error (NULL, command->name, _("%s: unexpected argument “%s”."),
                                   command->name, argv[1 + command->max_args]);

  if (ctl->options.connect_after != NULL)
    ctl->uri = g_strdup (ctl->options.connect_after);
  else if (ctl->options.connect_before != NULL)
    ctl->uri = g_strdup (ctl->options.connect_before);
  else
    ctl->uri = slipway_default_uri ();
  /* Commands that only read the cluster's files (ssh) open no connection. */
  slipway_paths_set_connection (ctl->uri);

  ctl->quiet = ctl->options.quiet;
  ctl->loop = g_main_loop_new (NULL, FALSE);
  ctl->cancellable = g_cancellable_new ();
  ctl->progress = slipwayctl_progress_new (ctl->quiet);

  /* libvirt's event loop is installed by the core, before its first use. */
  {
    guint sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, ctl);
    guint sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm_cb, ctl);
    guint sighup_id = g_unix_signal_add (SIGHUP, on_sighup_cb, ctl);

    ctl->finished_exit = -1;
    ret = command->run (ctl, argc - 1, argv + 1);
    ctl->finished_exit = ret;

    slipwayctl_tty_restore ();
    g_clear_pointer (&ctl->progress, slipwayctl_progress_free);
    g_clear_object (&ctl->connection);
    g_clear_object (&ctl->result);

    /* exit() tears down libraries that a worker thread still in libvirt
     * (reading, or letting go of the connection) would use: wait for them.
     * A signal meanwhile ends the process with the command's status. */
    {
      g_autoptr(GAsyncResult) result = NULL;

      slipway_wait_idle_async (slipwayctl_async_cb, ctl);
      result = slipwayctl_wait (ctl);
      slipway_wait_idle_finish (result, NULL);
    }

    g_source_remove (sigint_id);
    g_source_remove (sigterm_id);
    g_source_remove (sighup_id);
  }

  g_clear_object (&ctl->cancellable);
  g_clear_pointer (&ctl->loop, g_main_loop_unref);
  g_clear_pointer (&ctl->uri, g_free);

  return ret;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const SlipwayctlCommand *command;
  Slipwayctl ctl = { 0 };
  int ret;

  /* The defaults of the options that have one. */
  ctl.options.stop_timeout = -1;
  ctl.options.wait_timeout = 900;

  /* A libvirt daemon that dies makes our next write to its socket raise
   * SIGPIPE: that must be an error to report, not the end of us. */
  signal (SIGPIPE, SIG_IGN);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("slipwayctl");

  context = main_context_new (&ctl);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      ret = slipwayctl_usage_error (NULL, NULL, "%s", error->message);
      goto out;
    }

  if (ctl.options.version)
    {
      g_print ("slipwayctl %s\n", PACKAGE_VERSION);
      ret = SLIPWAYCTL_EXIT_OK;
      goto out;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      ret = SLIPWAYCTL_EXIT_USAGE;
      goto out;
    }

  command = slipwayctl_find_command (argv[1]);
  if (command == NULL)
    {
      ret = slipwayctl_usage_error (NULL, NULL, _("Unknown command “%s”."), argv[1]);
      goto out;
    }

  if (command->run == NULL)
    {
      g_autoptr(GOptionContext) help_context = command_context_new (&ctl, command);
      char **help_argv = argv + 1;
      int help_argc = argc - 1;

      /* slipwayctl help [COMMAND]; GOption answers “help --help” itself. */
      if (!g_option_context_parse (help_context, &help_argc, &help_argv, &error))
        ret = slipwayctl_usage_error (NULL, "help", "%s", error->message);
      else if (help_argc == 1)
        ret = print_command_help (&ctl, "help");
      else if (help_argc == 2)
        ret = print_command_help (&ctl, help_argv[1]);
      else
        ret = slipwayctl_usage_error (NULL, "help", _("%s: unexpected argument “%s”."),
                                      "help", help_argv[2]);
      goto out;
    }

  ret = run_command (&ctl, command, argc - 1, argv + 1);

out:
  g_clear_pointer (&ctl.options.connect_before, g_free);
  g_clear_pointer (&ctl.options.connect_after, g_free);
  g_clear_pointer (&ctl.options.output, g_free);
  g_clear_pointer (&ctl.options.image, g_free);
  g_clear_pointer (&ctl.options.load_balancer, g_free);
  g_clear_pointer (&ctl.options.arch, g_free);
  g_clear_pointer (&ctl.options.until, g_free);
  g_clear_pointer (&ctl.options.format, g_free);
  g_clear_pointer (&ctl.options.description, g_free);
  g_clear_pointer (&ctl.options.sha256, g_free);
  g_clear_pointer (&ctl.options.checksums, g_free);

  return ret;
}
