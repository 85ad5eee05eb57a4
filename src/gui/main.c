/* main.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>

#include "slipway-application.h"

/* How long worker threads may keep the process from exiting. */
#define EXIT_WAIT_SECONDS 10

int
main (int   argc,
      char *argv[])
{
  SlipwayApplication *app;
  int status;

  /* A libvirt daemon that dies makes our next write to its socket raise
   * SIGPIPE: that must be an error to report, not the end of the window. */
  signal (SIGPIPE, SIG_IGN);

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = slipway_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  slipway_application_drop_and_wait (app, EXIT_WAIT_SECONDS);

  return status;
}
